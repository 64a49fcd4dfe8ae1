import type { Plan } from '../../plan/types.js';
import { DASHBOARD_LABEL } from './names.js';

/** The kustomize fields we write; apiVersion and kind default to kustomize.config.k8s.io/v1beta1 Kustomization. */
export interface Kustomization {
  namespace?: string;
  resources: string[];
  configMapGenerator?: { name: string; namespace?: string; files: string[]; options: { labels: Record<string, string> } }[];
  generatorOptions?: { disableNameSuffixHash: boolean };
}

/**
 * The dashboard ships as a ConfigMap the stack's Grafana sidecar loads (it watches
 * every namespace by default). A fixed name, so re-applying replaces it in place.
 * With the collector (`subdirs`), whose objects live in their own namespace, the
 * kustomization sets no namespace: every object names its own.
 */
export function kustomization(
  plan: Pick<Plan, 'name' | 'namespace'>,
  resources: string[],
  dashboardFile: string,
  subdirs: string[] = [],
): Kustomization {
  const namespaced = subdirs.length === 0;
  return {
    ...(namespaced && { namespace: plan.namespace }),
    resources: [...resources, ...subdirs],
    configMapGenerator: [
      {
        name: `${plan.name}-dashboard`,
        ...(!namespaced && { namespace: plan.namespace }),
        files: [dashboardFile],
        options: { labels: { [DASHBOARD_LABEL]: '1' } },
      },
    ],
    generatorOptions: { disableNameSuffixHash: true },
  };
}
