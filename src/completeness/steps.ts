/**
 * What each step must deliver, per tier (switched on plan.features, like the steps).
 * Paths come from the plan's conventions; Kubernetes objects are found by kind under
 * a directory, since T2 moves them from deploy/k8s into base/ and overlays/.
 */
import type { Plan } from '../plan/types.js';
import { actionsPinned, escapeRegex, hasKind, parsesAsJson, type Deliverable, type DeliverableSource, type DeliverableStep } from './deliverable.js';

type Spec = Omit<Deliverable, 'step' | 'applies' | 'from'> & { from?: Deliverable['from']; applies?: boolean };

const withStep =
  (step: DeliverableStep, specs: (plan: Plan) => Spec[]): DeliverableSource =>
  (plan) =>
    specs(plan).map((s) => ({ from: 'T1', applies: true, ...s, id: `${step}.${s.id}`, step }));

export const cicdDeliverables = withStep('cicd', (plan) => {
  const f = plan.features;
  // Below the repository root the workflows are the root's (plan.location).
  const workflows = `${plan.location.toRoot}.github/workflows`;
  return [
    { id: 'ci-workflow', what: 'CI workflow: tests and image build, read-only token, cancelled when superseded', path: plan.paths.ciWorkflow, checks: [/^permissions:\s*\n\s+contents: read/m, /cancel-in-progress: true/, actionsPinned] },
    { id: 'deploy-workflow', what: 'deploy workflow: OIDC role per environment, actions pinned by SHA', path: plan.paths.deployWorkflow, checks: [/id-token: write/, /role-to-assume:/, actionsPinned] },
    ...plan.environments.map((env) => ({ id: `deploy-job.${env.name}`, what: `a deploy job bound to the ${env.name} environment`, path: plan.paths.deployWorkflow, checks: [new RegExp(`environment: ${escapeRegex(env.name)}\\s*$`, 'm')] })),
    { id: 'dockerfile', what: 'Dockerfile: multi-stage build, non-root user', path: plan.paths.dockerfile, checks: [/^FROM .+ AS \S+/m, new RegExp(`^USER ${plan.app.uid}`, 'm')] },
    { id: 'dockerignore', what: '.dockerignore keeps secrets and build output out of the image', path: plan.paths.dockerignore, checks: [/\S/] },
    { id: 'dependabot', what: 'Dependabot keeps action pins and dependencies fresh', path: '.github/dependabot.yml', checks: [/package-ecosystem: "?github-actions/], from: 'T2', applies: f.securityGates && !plan.location.directory },
    { id: 'code-scanning', what: 'code scanning (CodeQL) in CI', under: workflows, checks: [/codeql-action/], from: 'T2', applies: f.securityGates },
    { id: 'image-scan', what: 'container image scan before deploy', under: workflows, checks: [/trivy|grype|scan/i], from: 'T2', applies: f.securityGates },
    { id: 'sbom', what: 'SBOM for every pushed image', under: workflows, checks: [/sbom/i], from: 'T3', applies: f.supplyChain },
    { id: 'signing', what: 'keyless signing of the image by digest', under: workflows, checks: [/cosign/], from: 'T3', applies: f.supplyChain },
    { id: 'provenance', what: 'build provenance attestation', under: workflows, checks: [/attest/], from: 'T3', applies: f.supplyChain },
    { id: 'policy-check', what: 'policy checks (conftest) on the Terraform plan and manifests', under: workflows, checks: [/conftest/], from: 'T3', applies: f.policyAsCode },
  ];
});

export const iacDeliverables = withStep('iac', (plan) => {
  const tf = plan.paths.terraformDir;
  const targets = plan.environments.flatMap((e) => e.targets);
  return [
    { id: 'versions', what: 'Terraform and provider versions, S3 backend', path: `${tf}/versions.tf`, checks: [/required_version/, /backend "s3"/] },
    { id: 'network', what: 'VPC with public and private subnets', under: tf, checks: [/module "vpc"/] },
    { id: 'cluster', what: 'EKS cluster and node group', under: tf, checks: [/module "eks"/] },
    { id: 'registry', what: 'ECR repository for the image', under: tf, checks: [/resource "aws_ecr_repository"/] },
    { id: 'outputs', what: 'outputs the pipeline and guides read', under: tf, checks: [/output "cluster_name"/] },
    { id: 'bootstrap', what: 'bootstrap: state bucket, GitHub OIDC provider, deploy roles', path: `${plan.paths.bootstrapDir}/main.tf`, checks: [/resource "aws_s3_bucket"/, /aws_iam_openid_connect_provider/] },
    ...targets.flatMap((t) => [
      { id: `tfvars.${t.id}`, what: `variables of ${t.id} (${t.region})`, path: `${tf}/${t.tfvarsPath}`, checks: [new RegExp(`cluster_name\\s*=\\s*"${escapeRegex(t.clusterName)}"`)], ...(t.primary ? {} : { from: 'T3' as const }) },
      { id: `backend.${t.id}`, what: `state backend of ${t.id}, with S3-native locking`, path: `${tf}/${t.backendConfigPath}`, checks: [/use_lockfile\s*=\s*true/], ...(t.primary ? {} : { from: 'T3' as const }) },
    ]),
    { id: 'policies', what: 'Rego policies for the Terraform plan', under: plan.paths.policyDir, checks: [/^package /m], from: 'T3', applies: plan.features.policyAsCode },
    { id: 'database', what: 'managed PostgreSQL (RDS)', under: tf, checks: [/resource "aws_db_instance"|module "rds"|module "db"/], from: 'T3', applies: plan.features.database },
  ];
});

export const observabilityDeliverables = withStep('observability', (plan) => {
  const dir = plan.paths.observabilityDir;
  const f = plan.features;
  return [
    { id: 'service-monitor', what: `ServiceMonitor scraping ${plan.app.metricsPath}`, under: dir, checks: [hasKind('ServiceMonitor'), new RegExp(`path: "?${escapeRegex(plan.app.metricsPath)}`)] },
    { id: 'alert-rules', what: 'alert rules with severity and runbook links', under: dir, checks: [hasKind('PrometheusRule'), /severity:/, /runbook_url:/] },
    { id: 'dashboard', what: 'RED dashboard (rate, errors, duration)', under: `${dir}/dashboards`, checks: [parsesAsJson, /"uid"/, /histogram_quantile/] },
    { id: 'kustomization', what: 'kustomization applying the monitoring objects', path: `${dir}/kustomization.yaml`, checks: [/resources:/] },
    { id: 'docs', what: 'alert runbooks', path: `${plan.paths.docsDir}/observability.md`, checks: [/\S/] },
    { id: 'slo', what: 'SLO recording rules and multi-window burn-rate alerts', under: dir, checks: [hasKind('PrometheusRule'), /burn/i], from: 'T2', applies: f.slo },
    { id: 'tracing', what: 'OpenTelemetry Collector receiving OTLP', checks: [/otlp/, /4317/], under: '', from: 'T2', applies: f.tracing },
    { id: 'anomaly', what: 'anomaly-detection alerts', under: dir, checks: [/anomal/i], from: 'T3', applies: f.anomalyDetection },
  ];
});

export const deploymentDeliverables = withStep('deployment', (plan) => {
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
    { id: 'compose', what: 'docker-compose with a healthcheck per service', path: plan.paths.composeFile, checks: [/healthcheck:/, ...(plan.backingServices.length ? [/condition: service_healthy/] : [])], from: 'T2', applies: f.multiEnvironment },
    { id: 'makefile', what: 'make start, stop, restart, status', path: plan.paths.makefile, checks: [/^start:/m, /^stop:/m, /^restart:/m, /^status:/m], from: 'T2', applies: f.multiEnvironment },
    { id: 'local-scripts', what: 'scripts that start in order, wait for health and stop in reverse', path: `${plan.paths.localScriptsDir}/start.sh`, checks: [/^#!/], from: 'T2', applies: f.multiEnvironment },
    { id: 'env-example', what: '.env.example with placeholders only', path: plan.paths.envExample, checks: [/\S/], from: 'T2', applies: f.multiEnvironment },
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
