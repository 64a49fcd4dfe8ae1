/** The objects around the Deployment, and the kustomization that applies them all. */
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { EnvironmentPlan, Plan } from '../../plan/types.js';
import type { ConfigMapGenerator } from './config.js';

/** Production sizes the autoscaler: the manifests are shared by every environment. */
export function productionEnvironment(plan: Pick<Plan, 'environments'>): EnvironmentPlan | undefined {
  return plan.environments.find((e) => e.isProduction) ?? plan.environments.at(-1);
}

/** The fields of kustomize.config.k8s.io/v1beta1 Kustomization we write (kubernetes-models has no type for it). */
export interface Kustomization {
  apiVersion: 'kustomize.config.k8s.io/v1beta1';
  kind: 'Kustomization';
  namespace: string;
  resources: string[];
  configMapGenerator?: ConfigMapGenerator[];
  labels: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
}

export function kustomization(plan: Plan, resources: string[], labels: Record<string, string> = plan.labels, generators: ConfigMapGenerator[] = []): Kustomization {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: plan.namespace,
    resources,
    ...(generators.length ? { configMapGenerator: generators } : {}),
    // On every object's metadata only (includeSelectors defaults to false): selectors are immutable,
    // so a label added later would break `kubectl apply`. The manifests select on the name label alone.
    labels: [{ pairs: labels }],
  };
}

export function namespace(plan: Plan): INamespace {
  // enforce alone: its version defaults to latest, and warn/audit at the same level would add nothing.
  const labels = { 'pod-security.kubernetes.io/enforce': 'restricted' };
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: plan.namespace, labels } };
}

export function serviceAccount(plan: Plan): IServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: plan.name }, automountServiceAccountToken: false };
}

export function service(plan: Plan): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    // plan.labels (which the ServiceMonitor selects on) come from the kustomization.
    metadata: { name: plan.name },
    // ClusterIP (the default type): reached through the ingress, never a NodePort.
    spec: {
      selector: { 'app.kubernetes.io/name': plan.name },
      ports: [{ name: plan.app.portName, port: 80, targetPort: plan.app.portName }],
    },
  };
}

export function hpa(plan: Plan): IHorizontalPodAutoscaler {
  const { min, max } = productionEnvironment(plan)?.replicas ?? { min: 2, max: 6 };
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: plan.name },
    spec: {
      // With progressive delivery the Rollout owns the pods: the HPA scales it, Argo splits the replicas.
      scaleTargetRef:
        plan.features.progressiveDelivery === 'none'
          ? { apiVersion: 'apps/v1', kind: 'Deployment', name: plan.name }
          : { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: plan.name },
      minReplicas: min,
      maxReplicas: max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  };
}

export function pdb(plan: Plan): IPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: plan.name },
    spec: {
      minAvailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': plan.name } },
      // Pods that are not ready protect nothing: let a drain evict them.
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
