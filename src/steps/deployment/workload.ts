/** The Deployment: restricted security context, distinct probes, no static replicas (the HPA owns them). */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IDeploymentStrategy } from 'kubernetes-models/apps/v1/DeploymentStrategy';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import type { Plan } from '../../plan/types.js';
import { containerEnv } from './config.js';

/** Seconds the pod keeps serving after it is removed from the endpoints, before SIGTERM. */
const DRAIN_SECONDS = 5;

/** The JVM needs more headroom than the other runtimes. */
export function resources(plan: Pick<Plan, 'stack'>): IResourceRequirements {
  const [request, limit] = plan.stack === 'java' ? (['512Mi', '1Gi'] as const) : (['128Mi', '256Mi'] as const);
  return { requests: { cpu: '100m', memory: request }, limits: { cpu: '1', memory: limit } };
}

function strategy(plan: Pick<Plan, 'strategy'>): IDeploymentStrategy {
  // maxUnavailable 0: a new pod must be ready before an old one goes (maxSurge keeps its default, 25%).
  return plan.strategy === 'recreate' ? { type: 'Recreate' } : { rollingUpdate: { maxUnavailable: 0 } };
}

/** Without timings: the defaults (every 10 s, 3 failures). */
function httpProbe(path: string, port: string, timing: Pick<IProbe, 'periodSeconds' | 'failureThreshold'> = {}): IProbe {
  return { httpGet: { path, port }, ...timing };
}

/**
 * Hostnames: hard, so replicas spread evenly over nodes and one node loss never takes them all;
 * nodeTaintsPolicy Honor keeps nodes the pod cannot run on from counting as empty domains.
 * Zones: soft, so a lost zone, or node groups in fewer zones, never leave pods Pending.
 */
function spread(selector: Record<string, string>): ITopologySpreadConstraint[] {
  const labelSelector = { matchLabels: selector };
  return [
    {
      maxSkew: 1,
      topologyKey: 'kubernetes.io/hostname',
      whenUnsatisfiable: 'DoNotSchedule',
      nodeTaintsPolicy: 'Honor',
      labelSelector,
    },
    { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector },
  ];
}

/** The restricted pod-level security context, shared by the app and the migration Job. */
export function podSecurityContext(plan: Pick<Plan, 'app'>): IPodSecurityContext {
  const { uid } = plan.app;
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: 'RuntimeDefault' } };
}

export const CONTAINER_SECURITY_CONTEXT: ISecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

export function selectorLabels(plan: Pick<Plan, 'name'>): Record<string, string> {
  return { 'app.kubernetes.io/name': plan.name };
}

export function deployment(plan: Plan): IDeployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: plan.name },
    spec: {
      // revisionHistoryLimit keeps its default, 10: the ReplicaSets `kubectl rollout undo` returns to.
      selector: { matchLabels: selectorLabels(plan) },
      strategy: strategy(plan),
      template: podTemplate(plan),
    },
  };
}

/** The pod template of the Deployment, or of the Rollout that replaces it. */
export function podTemplate(plan: Plan): IPodTemplateSpec {
  const { app } = plan;
  const selector = selectorLabels(plan);
  return {
    metadata: { labels: selector },
    spec: {
      serviceAccountName: plan.name,
      automountServiceAccountToken: false,
      securityContext: podSecurityContext(plan),
      topologySpreadConstraints: spread(selector),
      containers: [
        {
          name: app.containerName,
          image: plan.image.placeholder,
          ports: [{ name: app.portName, containerPort: app.port }],
          ...containerEnv(plan),
          // The JVM may take minutes to boot: a startup probe allows 150 s before liveness applies.
          // The other runtimes start in seconds, within liveness's 30 s (3 failures, 10 s apart).
          ...(plan.stack === 'java'
            ? { startupProbe: httpProbe(app.healthPath, app.portName, { periodSeconds: 5, failureThreshold: 30 }) }
            : {}),
          // Liveness restarts a hung process; readiness gates traffic.
          livenessProbe: httpProbe(app.healthPath, app.portName),
          readinessProbe: httpProbe(app.readinessPath, app.portName, { periodSeconds: 5, failureThreshold: 2 }),
          resources: resources(plan),
          // Native sleep (on by default since 1.30, GA in 1.34): the image needs no `sleep` binary.
          lifecycle: { preStop: { sleep: { seconds: DRAIN_SECONDS } } },
          securityContext: CONTAINER_SECURITY_CONTEXT,
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        },
      ],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
  };
}
