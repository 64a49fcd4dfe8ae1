/**
 * Kubernetes: the workload as hardened manifests (src/steps/deployment) observed through the
 * Prometheus Operator (src/steps/observability). Every strategy has a native mechanism here:
 * Deployments roll or recreate; Argo Rollouts runs canary and blue-green with analysis.
 */
import type { TargetAdapter } from '../../types.js';

export const kubernetes: TargetAdapter = {
  id: 'kubernetes',
  title: 'Kubernetes',
  guide: {
    tools: (plan) => [
      'kubectl',
      'Helm 3',
      ...(plan.answers.skip.includes('cicd') ? ['Docker', 'kustomize'] : []),
      ...(plan.features.progressiveDelivery !== 'none' ? ['the `kubectl argo rollouts` plugin'] : []),
    ],
    prerequisites: () => [],
    configure: (plan) => [`Install kube-prometheus-stack and apply ${plan.paths.observabilityDir}`],
  },
  nouns: { runtime: 'cluster' },
  strategies: ['rolling', 'recreate', 'canary', 'blue-green'],
};
