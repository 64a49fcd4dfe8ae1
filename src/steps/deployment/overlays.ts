/**
 * From T2: the manifests in a kustomize base, one overlay per environment with its own values
 * (autoscaling bounds, the tracing environment attribute, the cloud's load balancer where the
 * Ingress names it). CI pins the image in the overlay.
 */
import type { EnvironmentPlan, Plan } from '../../plan/types.js';
import { cloudOf } from '../../platforms/registry.js';
import { toYaml } from '../../render/yaml.js';
import { configMapGenerator, type ConfigMapGenerator } from './config.js';
import { environmentHost } from '../../plan/hosts.js';

/** An overlay's kustomization: no namespace or labels of its own, the base sets both. */
export interface Overlay {
  apiVersion: 'kustomize.config.k8s.io/v1beta1';
  kind: 'Kustomization';
  resources: string[];
  configMapGenerator?: ConfigMapGenerator[];
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
 * The environment's settings merge into the base's ConfigMap.
 */
export function overlay(plan: Plan, env: EnvironmentPlan): Overlay {
  const patches: Overlay['patches'] = [
    {
      target: { kind: 'HorizontalPodAutoscaler', name: plan.name },
      patch: toYaml([
        { op: 'replace', path: '/spec/minReplicas', value: env.replicas.min },
        { op: 'replace', path: '/spec/maxReplicas', value: env.replicas.max },
      ]),
    },
    ...hostPatches(plan, env),
  ];
  // The environment's own load balancer, where the cloud's Ingress names one (Azure's gateway).
  const annotations = cloudOf(plan).kubernetes.ingress.annotations?.(plan, env);
  if (annotations) {
    patches.push({
      target: { kind: 'Ingress', name: plan.name },
      patch: toYaml(Object.entries(annotations).map(([key, value]) => ({ op: 'add', path: `/metadata/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, value }))),
    });
  }
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [relativeTo(env.kustomizeDir, baseDir(plan))],
    // The environment's own setting, merged into the base's ConfigMap.
    ...(plan.features.tracing && { configMapGenerator: [configMapGenerator(plan, { OTEL_RESOURCE_ATTRIBUTES: `deployment.environment=${env.name}` }, true)] }),
    patches,
  };
}

/** With a domain, an environment other than production serves its own host (plan/hosts.ts): the Ingress's, and its certificate's. */
function hostPatches(plan: Plan, env: EnvironmentPlan): Overlay['patches'] {
  if (!plan.answers.domain || env.isProduction) return [];
  const host = environmentHost(plan, env);
  const gce = cloudOf(plan).kubernetes.ingress.className === 'gce';
  return [
    {
      target: { kind: 'Ingress', name: plan.name },
      patch: toYaml([{ op: 'replace', path: '/spec/rules/0/host', value: host }, ...(gce ? [] : [{ op: 'replace', path: '/spec/tls/0/hosts/0', value: host }])]),
    },
    ...(gce ? [{ target: { kind: 'ManagedCertificate', name: plan.name }, patch: toYaml([{ op: 'replace', path: '/spec/domains/0', value: host }]) }] : []),
  ];
}
