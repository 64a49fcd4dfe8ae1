/**
 * From T2: the manifests in a kustomize base, one overlay per environment with its own values
 * (autoscaling bounds, the tracing environment attribute). CI pins the image in the overlay.
 */
import type { EnvironmentPlan, Plan } from '../../plan/types.js';
import { toYaml } from '../../render/yaml.js';

/** An overlay's kustomization: no namespace or labels of its own, the base sets both. */
export interface Overlay {
  apiVersion: 'kustomize.config.k8s.io/v1beta1';
  kind: 'Kustomization';
  resources: string[];
  patches: { target: { kind: string; name: string }; patch: string }[];
}

export const baseDir = (plan: Pick<Plan, 'paths'>): string => `${plan.paths.k8sDir}/base`;

/** The path from an overlay back to the base, whatever the depth of either. */
export function relativeTo(from: string, to: string): string {
  const a = from.split('/');
  const b = to.split('/');
  let common = 0;
  while (common < a.length && a[common] === b[common]) common++;
  return [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
}

/**
 * JSON 6902 patches: they work the same on a Deployment and on a Rollout (a strategic merge
 * patch would replace the Rollout's container list, which kustomize knows no merge keys for).
 */
export function overlay(plan: Plan, env: EnvironmentPlan): Overlay {
  const workloadKind = plan.features.progressiveDelivery === 'none' ? 'Deployment' : 'Rollout';
  const patches: Overlay['patches'] = [
    {
      target: { kind: 'HorizontalPodAutoscaler', name: plan.name },
      patch: toYaml([
        { op: 'replace', path: '/spec/minReplicas', value: env.replicas.min },
        { op: 'replace', path: '/spec/maxReplicas', value: env.replicas.max },
      ]),
    },
  ];
  if (plan.features.tracing) {
    const attribute = { name: 'OTEL_RESOURCE_ATTRIBUTES', value: `deployment.environment=${env.name}` };
    patches.push({
      target: { kind: workloadKind, name: plan.name },
      patch: toYaml([{ op: 'add', path: '/spec/template/spec/containers/0/env/-', value: attribute }]),
    });
  }
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [relativeTo(env.kustomizeDir, baseDir(plan))],
    patches,
  };
}
