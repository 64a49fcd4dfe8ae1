/**
 * What each step must deliver, per tier (switched on plan.features, like the steps).
 * Paths come from the plan's conventions; Kubernetes objects are found by kind under
 * a directory, since T2 moves them from deploy/k8s into base/ and overlays/.
 */
import type { Plan } from '../plan/types.js';
import { MONITORING_KINDS } from '../plan/conventions.js';
import { ciOf, cloudOf, iacOf, targetOf } from '../platforms/registry.js';
import { escapeRegex, hasKind, parsesAsJson, type DeliverableSource, type DeliverableSpec, type DeliverableStep } from './deliverable.js';

type Spec = DeliverableSpec;

const withStep =
  (step: DeliverableStep, specs: (plan: Plan) => Spec[]): DeliverableSource =>
  (plan) =>
    specs(plan).map((s) => ({ from: 'T1', applies: true, ...s, id: `${step}.${s.id}`, step }));

export const cicdDeliverables = withStep('cicd', (plan) => [
  ...ciOf(plan).deliverables(plan),
  { id: 'dockerfile', what: 'Dockerfile: multi-stage build, non-root user', path: plan.paths.dockerfile, checks: [/^FROM .+ AS \S+/m, new RegExp(`^USER ${plan.app.uid}`, 'm')] },
  { id: 'dockerignore', what: '.dockerignore keeps secrets and build output out of the image', path: plan.paths.dockerignore, checks: [/\S/] },
]);

export const iacDeliverables = withStep('iac', (plan) => [
  ...iacOf(plan).deliverables(plan),
  { id: 'policies', what: 'Rego policies for the Terraform plan', under: plan.paths.policyDir, checks: [/^package /m], from: 'T3', applies: plan.features.policyAsCode },
]);

export const observabilityDeliverables = withStep('observability', (plan) => {
  const own = targetOf(plan).deliverables;
  if (own) return own.observability(plan);
  const dir = plan.paths.observabilityDir;
  const f = plan.features;
  const kinds = MONITORING_KINDS[cloudOf(plan).kubernetes.monitoring];
  return [
    { id: 'service-monitor', what: `${kinds.monitor} scraping ${plan.app.metricsPath}`, under: dir, checks: [hasKind(kinds.monitor), new RegExp(`path: "?${escapeRegex(plan.app.metricsPath)}`)], applies: f.appMetrics },
    { id: 'alert-rules', what: 'alert rules with severity and runbook links', under: dir, checks: [hasKind(kinds.rules), /severity:/, /runbook_url:/] },
    f.appMetrics
      ? { id: 'dashboard', what: 'RED dashboard (rate, errors, duration)', under: `${dir}/dashboards`, checks: [parsesAsJson, /"uid"/, /histogram_quantile/] }
      : { id: 'dashboard', what: 'dashboard (restarts, saturation; the app serves no metrics)', under: `${dir}/dashboards`, checks: [parsesAsJson, /"uid"/, /kube_pod_container_status_restarts_total/] },
    { id: 'kustomization', what: 'kustomization applying the monitoring objects', path: `${dir}/kustomization.yaml`, checks: [/resources:/] },
    { id: 'docs', what: 'alert runbooks', path: `${plan.paths.docsDir}/observability.md`, checks: [/\S/] },
    { id: 'slo', what: 'SLO recording rules and multi-window burn-rate alerts', under: dir, checks: [hasKind(kinds.rules), /burn/i], from: 'T2', applies: f.slo },
    { id: 'tracing', what: 'OpenTelemetry Collector receiving OTLP', checks: [/otlp/, /4317/], under: '', from: 'T2', applies: f.tracing },
    { id: 'anomaly', what: 'anomaly-detection alerts', under: dir, checks: [/anomal/i], from: 'T3', applies: f.anomalyDetection },
  ];
});

/** Local development, on every target from T2. */
function localDevelopment(plan: Plan): Spec[] {
  const f = plan.features;
  return [
    { id: 'compose', what: 'docker-compose with a healthcheck per service', path: plan.paths.composeFile, checks: [/healthcheck:/, ...(plan.backingServices.length ? [/condition: service_healthy/] : [])], from: 'T2', applies: f.multiEnvironment },
    { id: 'makefile', what: 'make start, stop, restart, status', path: plan.paths.makefile, checks: [/^start:/m, /^stop:/m, /^restart:/m, /^status:/m], from: 'T2', applies: f.multiEnvironment },
    { id: 'local-scripts', what: 'scripts that start in order, wait for health and stop in reverse', path: `${plan.paths.localScriptsDir}/start.sh`, checks: [/^#!/], from: 'T2', applies: f.multiEnvironment },
    { id: 'env-example', what: '.env.example with placeholders only', path: plan.paths.envExample, checks: [/\S/], from: 'T2', applies: f.multiEnvironment },
  ];
}

export const deploymentDeliverables = withStep('deployment', (plan) => {
  const own = targetOf(plan).deliverables;
  if (own) return [...own.deployment(plan), ...localDevelopment(plan)];
  const k8s = plan.paths.k8sDir;
  const f = plan.features;
  return [
    { id: 'namespace', what: 'namespace enforcing the restricted Pod Security Standard', under: k8s, checks: [hasKind('Namespace'), /pod-security\.kubernetes\.io\/enforce: restricted/] },
    { id: 'workload', what: 'workload with probes, resources and a restricted security context', under: k8s, checks: [hasKind('Deployment', 'Rollout'), /readinessProbe/, /runAsNonRoot: true/] },
    { id: 'service', what: 'Service the monitor and the traffic select', under: k8s, checks: [hasKind('Service')] },
    { id: 'autoscaler', what: 'HorizontalPodAutoscaler', under: k8s, checks: [hasKind('HorizontalPodAutoscaler')] },
    { id: 'disruption-budget', what: 'PodDisruptionBudget', under: k8s, checks: [hasKind('PodDisruptionBudget')] },
    ...plan.environments.map((env) => ({ id: `kustomization.${env.name}`, what: `kustomization CI applies for ${env.name}`, path: `${env.kustomizeDir}/kustomization.yaml`, checks: [/resources:|components:/], ...(env.kustomizeDir === k8s ? {} : { from: 'T2' as const }) })),
    { id: 'rollback', what: 'rollback script', path: plan.paths.rollbackScript, checks: [/^#!/] },
    { id: 'strategy-docs', what: 'how releases and rollbacks work', path: `${plan.paths.docsDir}/deployment-strategy.md`, checks: [/\S/] },
    { id: 'network-policy', what: 'default-deny NetworkPolicy with explicit allows', under: k8s, checks: [hasKind('NetworkPolicy')], from: 'T2', applies: f.overlays },
    { id: 'rollout', what: `Argo Rollout (${f.progressiveDelivery}) with automated analysis`, under: k8s, checks: [hasKind('Rollout')], from: 'T2', applies: f.progressiveDelivery !== 'none' },
    { id: 'analysis', what: 'AnalysisTemplate querying the success ratio', under: k8s, checks: [hasKind('AnalysisTemplate', 'ClusterAnalysisTemplate')], from: 'T2', applies: f.progressiveDelivery !== 'none' },
    { id: 'migration-job', what: 'pre-deploy database migration Job', under: k8s, checks: [hasKind('Job')], from: 'T3', applies: f.database },
    // Local orchestration (REFERENCE §10): expected from T2; at T1 it is reported as skipped even when present.
    ...localDevelopment(plan),
  ];
});

export const integrationDeliverables = withStep('integration', (plan) => [
  { id: 'setup-guide', what: 'setup guide: one-time steps in order', path: `${plan.paths.docsDir}/setup-guide.md`, checks: [/\S/] },
  { id: 'integration-guide', what: 'how the four steps connect', path: `${plan.paths.docsDir}/integration-guide.md`, checks: [/\S/] },
  { id: 'checklist', what: 'validation checklist', path: `${plan.paths.docsDir}/validation-checklist.md`, checks: [/\S/] },
  { id: 'answers', what: 'your answers, to re-run and upgrade', path: plan.paths.answers, checks: [/^name: /m] },
]);

/** Keyed by step, in the order steps run. */
export const DELIVERABLES: Record<DeliverableStep, DeliverableSource> = {
  cicd: cicdDeliverables,
  iac: iacDeliverables,
  observability: observabilityDeliverables,
  deployment: deploymentDeliverables,
  integration: integrationDeliverables,
};
