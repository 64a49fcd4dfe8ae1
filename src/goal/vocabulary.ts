/**
 * The words a goal is read with. Each term lists its synonyms (a space in a synonym
 * matches spaces, hyphens or nothing: "blue green" finds "blue-green" and "bluegreen")
 * and what it sets. Terms for things we do not generate yet name the supported
 * alternatives, so a goal that asks for them is answered, not silently ignored.
 */
import type { BackingService, CiPlatform, Cloud, SkippableStep, Stack, Strategy, Tier } from '../config/answers.js';

export type ObservabilityNeed = 'slo' | 'tracing' | 'alerts' | 'dashboards' | 'metrics';
export type GoalStep = 'cicd' | 'iac' | 'observability' | 'deployment';

/** What one matched term sets; every field is optional. */
export interface TermEffect {
  stack?: Stack;
  cloud?: Cloud;
  target?: 'kubernetes' | 'containers';
  ci?: CiPlatform;
  iac?: 'terraform' | 'cloudformation';
  strategy?: Strategy;
  /** The tier this term needs at least (T1 = asks for the simple tier). */
  tier?: Tier;
  observability?: ObservabilityNeed;
  service?: BackingService;
  /** A value we do not support: the field it would set, and what to use instead. */
  unsupported?: { field: string; value: string; alternatives: string[] };
  /** The step this term names as a whole: "no monitoring" leaves it out (skip). */
  wholeStep?: SkippableStep;
  /** Why the term implies what it implies, shown beside the match. */
  why?: string;
}

export interface Term extends TermEffect {
  id: string;
  step: GoalStep;
  synonyms: string[];
}

const T2 = 'T2';
const T3 = 'T3';

export const TERMS: readonly Term[] = [
  // CI/CD: the stack and the CI platform
  { id: 'python', step: 'cicd', synonyms: ['python', 'django', 'flask', 'fastapi', 'py'], stack: 'python' },
  { id: 'node', step: 'cicd', synonyms: ['node', 'nodejs', 'node.js', 'typescript', 'ts', 'javascript', 'js', 'express', 'expressjs', 'nestjs', 'nest', 'fastify'], stack: 'node' },
  // "go" alone is an English verb: the pattern in match.ts refuses "go live", "ready to go", "let's go".
  { id: 'go', step: 'cicd', synonyms: ['golang', 'go', 'gin'], stack: 'go' },
  { id: 'java', step: 'cicd', synonyms: ['java', 'spring', 'spring boot', 'springboot', 'quarkus', 'micronaut', 'jvm', 'kotlin'], stack: 'java', why: 'JVM languages build with the Java toolchain' },
  ...unsupported('cicd', 'stack', ['node', 'python', 'go', 'java'], ['ruby', 'rails', 'php', 'laravel', 'rust', 'dotnet', '.net', 'c#', 'csharp', 'elixir', 'scala']),
  // Positive, it sets nothing (every stack has CI/CD); negated ("no CI"), it leaves the step out.
  { id: 'cicd', step: 'cicd', synonyms: ['ci/cd', 'cicd', 'ci', 'pipeline', 'pipelines', 'continuous integration', 'continuous delivery', 'continuous deployment'], wholeStep: 'cicd' },
  { id: 'github-actions', step: 'cicd', synonyms: ['github actions', 'github', 'gha'], ci: 'github-actions' },
  { id: 'gitlab-ci', step: 'cicd', synonyms: ['gitlab ci', 'gitlab'], ci: 'gitlab-ci' },
  { id: 'jenkins', step: 'cicd', synonyms: ['jenkins', 'jenkinsfile'], ci: 'jenkins' },
  { id: 'circleci', step: 'cicd', synonyms: ['circleci', 'circle ci'], ci: 'circleci' },
  { id: 'azure-devops', step: 'cicd', synonyms: ['azure devops', 'azure pipelines', 'azdo', 'ado pipelines'], ci: 'azure-devops' },
  ...unsupported('cicd', 'ci', ['github-actions', 'gitlab-ci', 'jenkins', 'circleci', 'azure-devops'], ['bitbucket', 'travis', 'buildkite']),
  { id: 'security-gates', step: 'cicd', synonyms: ['security scanning', 'security gates', 'image scanning', 'codeql', 'dependabot', 'vulnerability scanning'], tier: T2, why: 'security gates start at T2' },
  { id: 'approvals', step: 'cicd', synonyms: ['approvals', 'approval', 'manual approval', 'required reviewers', 'gated deploys'], tier: T2, why: 'approvals on production start at T2' },
  { id: 'supply-chain', step: 'cicd', synonyms: ['sbom', 'supply chain', 'signing', 'signed images', 'cosign', 'provenance', 'slsa'], tier: T3, why: 'SBOM, signing and provenance are T3' },
  // IaC: cloud, tool, regions, compliance
  { id: 'aws', step: 'iac', synonyms: ['aws', 'amazon', 'amazon web services'], cloud: 'aws' },
  { id: 'eks', step: 'iac', synonyms: ['eks'], cloud: 'aws', target: 'kubernetes', why: 'EKS is Kubernetes on AWS' },
  { id: 'ecs', step: 'deployment', synonyms: ['ecs', 'fargate', 'ecs fargate', 'amazon ecs', 'containers without kubernetes', 'no cluster'], cloud: 'aws', target: 'containers', why: 'ECS on Fargate: containers without a cluster to run' },
  ...['lambda', 'app runner', 'serverless', 'ec2', 'elastic beanstalk'].map(
    (s): Term => ({ id: s, step: 'deployment', synonyms: [s], cloud: 'aws', unsupported: { field: 'target', value: s, alternatives: ['containers (ECS on Fargate)', 'kubernetes (EKS)'] } }),
  ),
  { id: 'gcp', step: 'iac', synonyms: ['gcp', 'google cloud', 'google cloud platform'], cloud: 'gcp' },
  { id: 'gke', step: 'iac', synonyms: ['gke', 'gke autopilot', 'google kubernetes engine'], cloud: 'gcp', target: 'kubernetes', why: 'GKE is Kubernetes on Google Cloud' },
  ...['cloud run', 'cloud functions', 'app engine'].map(
    (s): Term => ({ id: s, step: 'deployment', synonyms: [s], cloud: 'gcp', unsupported: { field: 'target', value: s, alternatives: ['kubernetes (GKE)'] } }),
  ),
  { id: 'azure', step: 'iac', synonyms: ['azure', 'microsoft azure'], cloud: 'azure' },
  { id: 'aks', step: 'iac', synonyms: ['aks', 'azure kubernetes service'], cloud: 'azure', target: 'kubernetes', why: 'AKS is Kubernetes on Azure' },
  ...['container apps', 'azure functions', 'app service'].map(
    (s): Term => ({ id: s, step: 'deployment', synonyms: [s], cloud: 'azure', unsupported: { field: 'target', value: s, alternatives: ['kubernetes (AKS)'] } }),
  ),
  ...unsupported('iac', 'cloud', ['aws', 'gcp', 'azure'], ['digitalocean', 'hetzner', 'openshift', 'on-prem', 'on premise']),
  { id: 'terraform', step: 'iac', synonyms: ['terraform', 'tf', 'hcl'], iac: 'terraform' },
  { id: 'cloudformation', step: 'iac', synonyms: ['cloudformation', 'cloud formation', 'cfn'], iac: 'cloudformation', cloud: 'aws', why: 'CloudFormation is AWS only' },
  ...unsupported('iac', 'iac', ['terraform', 'cloudformation'], ['pulumi', 'cdk', 'opentofu', 'crossplane', 'ansible']),
  { id: 'multi-region', step: 'iac', synonyms: ['multi region', 'multiregion', 'two regions', 'second region', 'disaster recovery'], tier: T3, why: 'a second production region is T3' },
  { id: 'compliance', step: 'iac', synonyms: ['compliance', 'compliant', 'soc2', 'soc 2', 'hipaa', 'pci', 'pci dss', 'iso 27001', 'audit', 'audited'], tier: T3, why: 'compliance reports and policy as code are T3' },
  { id: 'policy', step: 'iac', synonyms: ['policy as code', 'policies', 'policy', 'opa', 'conftest', 'rego'], tier: T3, why: 'policy as code is T3' },
  { id: 'multi-environment', step: 'iac', synonyms: ['staging', 'multi env', 'multi environment', 'multiple environments', 'several environments', 'dev and prod', 'promotion'], tier: T2, why: 'several environments start at T2' },
  { id: 'simple', step: 'iac', synonyms: ['simple', 'basic', 'minimal', 'single environment', 'one environment', 'prototype', 'mvp', 'starter'], tier: 'T1', why: 'one environment, the basic pipeline and monitoring' },
  // Observability
  { id: 'slo', step: 'observability', synonyms: ['slo', 'slos', 'sli', 'error budget', 'error budgets', 'burn rate', 'service level objectives'], observability: 'slo', tier: T2, why: 'SLO burn-rate alerts start at T2' },
  { id: 'tracing', step: 'observability', synonyms: ['tracing', 'traces', 'distributed tracing', 'opentelemetry', 'otel', 'open telemetry'], observability: 'tracing', tier: T2, why: 'the OpenTelemetry Collector starts at T2' },
  { id: 'alerts', step: 'observability', synonyms: ['alerts', 'alerting', 'alert', 'paging', 'on call', 'oncall'], observability: 'alerts' },
  { id: 'dashboards', step: 'observability', synonyms: ['dashboards', 'dashboard', 'grafana'], observability: 'dashboards' },
  { id: 'metrics', step: 'observability', synonyms: ['metrics', 'prometheus', 'monitoring', 'observability'], observability: 'metrics', wholeStep: 'observability' },
  { id: 'anomaly', step: 'observability', synonyms: ['anomaly detection', 'security monitoring', 'audit logs'], tier: T3, why: 'anomaly detection and security monitoring are T3' },
  // Deployment: target, strategy, backing services
  { id: 'kubernetes', step: 'deployment', synonyms: ['kubernetes', 'k8s', 'kube', 'cluster'], target: 'kubernetes' },
  { id: 'canary', step: 'deployment', synonyms: ['canary', 'canaries', 'progressive delivery', 'argo rollouts'], strategy: 'canary', tier: T2, why: 'canary analysis needs the SLO metrics that start at T2' },
  { id: 'blue-green', step: 'deployment', synonyms: ['blue green', 'blue/green', 'b/g'], strategy: 'blue-green', tier: T2, why: 'blue-green analysis needs the metrics that start at T2' },
  { id: 'rolling', step: 'deployment', synonyms: ['rolling', 'rolling update', 'rolling updates', 'zero downtime'], strategy: 'rolling' },
  { id: 'recreate', step: 'deployment', synonyms: ['recreate'], strategy: 'recreate' },
  { id: 'postgres', step: 'deployment', synonyms: ['postgres', 'postgresql', 'rds', 'aurora', 'pg', 'psql'], service: 'postgres' },
  { id: 'redis', step: 'deployment', synonyms: ['redis', 'elasticache', 'valkey'], service: 'redis' },
  { id: 'migrations', step: 'deployment', synonyms: ['migrations', 'migration', 'schema migrations', 'database migrations'], tier: T3, why: 'a pre-deploy migration Job is T3' },
  // Generated as local services with their settings; nothing here provisions them in the cloud (the setup guide says so).
  { id: 'mysql', step: 'deployment', synonyms: ['mysql'], service: 'mysql' },
  { id: 'mongodb', step: 'deployment', synonyms: ['mongodb', 'mongo'], service: 'mongodb' },
  { id: 'elasticsearch', step: 'deployment', synonyms: ['elasticsearch'], service: 'elasticsearch' },
  { id: 'opensearch', step: 'deployment', synonyms: ['opensearch'], service: 'opensearch' },
  { id: 'rabbitmq', step: 'deployment', synonyms: ['rabbitmq', 'amqp'], service: 'rabbitmq' },
  { id: 'kafka', step: 'deployment', synonyms: ['kafka'], service: 'kafka', tier: T2, why: "Kafka's broker does not fit T1 with another service" },
  ...unsupported('deployment', 'backingServices', ['postgres', 'redis', 'mysql', 'mongodb', 'elasticsearch', 'opensearch', 'rabbitmq', 'kafka'], ['mariadb', 'dynamodb']),
  ...(['T1', 'T2', 'T3'] as const).map((tier): Term => ({ id: `tier-${tier}`, step: 'iac', synonyms: [tier.toLowerCase(), `tier ${tier[1]}`], tier })),
];

function unsupported(step: GoalStep, field: string, alternatives: string[], values: string[]): Term[] {
  return values.map((value) => ({ id: `unsupported-${value}`, step, synonyms: [value], unsupported: { field, value, alternatives } }));
}
