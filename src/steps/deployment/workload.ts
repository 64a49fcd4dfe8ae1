/** The Deployment: restricted security context, distinct probes, no static replicas (the HPA owns them). */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IDeploymentStrategy } from 'kubernetes-models/apps/v1/DeploymentStrategy';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import type { Plan } from '../../plan/types.js';

/** Seconds the pod keeps serving after it is removed from the endpoints, before SIGTERM. */
const DRAIN_SECONDS = 5;

/** The JVM needs more headroom than the other runtimes. */
function resources(plan: Pick<Plan, 'stack'>): IResourceRequirements {
  const [request, limit] = plan.stack === 'java' ? (['512Mi', '1Gi'] as const) : (['128Mi', '256Mi'] as const);
  return { requests: { cpu: '100m', memory: request }, limits: { cpu: '1', memory: limit } };
}

function strategy(plan: Pick<Plan, 'strategy'>): IDeploymentStrategy {
  // maxUnavailable 0: a new pod must be ready before an old one goes.
  return plan.strategy === 'recreate'
    ? { type: 'Recreate' }
    : { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } };
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

export function deployment(plan: Plan): IDeployment {
  const { app } = plan;
  const selector = { 'app.kubernetes.io/name': plan.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: plan.name },
    spec: {
      // Kept ReplicaSets are what `kubectl rollout undo` returns to.
      revisionHistoryLimit: 10,
      selector: { matchLabels: selector },
      strategy: strategy(plan),
      template: {
        metadata: { labels: selector },
        spec: {
          serviceAccountName: plan.name,
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 30,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: app.uid,
            runAsGroup: app.uid,
            fsGroup: app.uid,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: spread(selector),
          containers: [
            {
              name: app.containerName,
              image: plan.image.placeholder,
              ports: [{ name: app.portName, containerPort: app.port }],
              env: [{ name: 'PORT', value: String(app.port) }],
              // Startup allows 150 s to boot; liveness then restarts a hung process; readiness gates traffic.
              startupProbe: httpProbe(app.healthPath, app.portName, { periodSeconds: 5, failureThreshold: 30 }),
              livenessProbe: httpProbe(app.healthPath, app.portName),
              readinessProbe: httpProbe(app.readinessPath, app.portName, { periodSeconds: 5, failureThreshold: 2 }),
              resources: resources(plan),
              // Native sleep (on by default since 1.30, GA in 1.34): the image needs no `sleep` binary.
              lifecycle: { preStop: { sleep: { seconds: DRAIN_SECONDS } } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}
