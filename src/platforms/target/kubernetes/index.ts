/**
 * Kubernetes: the workload as hardened manifests (src/steps/deployment) observed through the
 * Prometheus Operator (src/steps/observability). Every strategy has a native mechanism here:
 * Deployments roll or recreate; Argo Rollouts runs canary and blue-green with analysis.
 */
import { cloudOf } from '../../registry.js';
import type { TargetAdapter } from '../../types.js';

export const kubernetes: TargetAdapter = {
  id: 'kubernetes',
  title: 'Kubernetes',
  knownPaths: [
    'deploy/rollback.sh',
    'deploy/k8s/{configmap|deployment|hpa|ingress|kustomization|namespace|pdb|service|serviceaccount}.yaml',
    'deploy/k8s/base/{analysistemplate|configmap|deployment|hpa|ingress|kustomization|namespace|networkpolicy|pdb|rollout-services|rollout|service|serviceaccount}.yaml',
    'deploy/k8s/migration/{job|kustomization|networkpolicy|serviceaccount}.yaml',
    'deploy/k8s/overlays/{label}/kustomization.yaml',
    'deploy/observability/{alertmanagerconfig|kube-prometheus-stack.values|kustomization|prometheusrule|servicemonitor}.yaml',
    // Managed Service for Prometheus (GKE): steps/observability/gmp.
    'deploy/observability/{podmonitoring|rules}.yaml',
    'deploy/observability/gmp-frontend/{frontend|kustomization}.yaml',
    'deploy/observability/dashboards/{label}-red.json',
    'deploy/observability/otel-collector/{collector|kustomization}.yaml',
    'deploy/observability/tests/{alerts.test|alerts.rules}.yml',
  ],
  guide: {
    tools: (plan) => [
      'kubectl',
      'Helm 3',
      ...(plan.answers.skip.includes('cicd') ? ['Docker', 'kustomize'] : []),
      ...(plan.features.progressiveDelivery !== 'none' ? ['the `kubectl argo rollouts` plugin'] : []),
    ],
    prerequisites: () => [],
    configure: (plan) => [
      cloudOf(plan).kubernetes.monitoring === 'prometheus-operator'
        ? `Install kube-prometheus-stack and apply ${plan.paths.observabilityDir}`
        : `Apply ${plan.paths.observabilityDir} (the cluster's managed Prometheus collects it)`,
    ],
  },
  nouns: { runtime: 'cluster' },
  strategies: ['rolling', 'recreate', 'canary', 'blue-green'],
};
