import type { Answers, BackingService, CiPlatform, Cloud, Iac, MetricsLibrary, PackageManager, Stack, Strategy, Target, Tier } from '../config/answers.js';

/**
 * Where a CI job runs: the platform's hosted runners, or a self-hosted runner (pool) by its label
 * (at T3, inside the VPC, because the cluster's API has no public endpoint).
 */
export type Runner = { kind: 'hosted' } | { kind: 'self-hosted'; label: string };

/**
 * One cluster that an environment deploys to. Every environment has one primary
 * target; at T3 production also has one in the second region, deployed after the
 * primary passes its gate. Each target has its own Terraform state and variables.
 */
export interface DeployTarget {
  /** The environment name for the primary target, `<env>-<region>` for the second region. */
  id: string;
  environment: string;
  region: string;
  primary: boolean;
  clusterName: string;
  /**
   * The image repository this target's deploys push to and its runtime pulls from: one per
   * environment (and region), so that an environment's identity can write only its own.
   */
  registryRepository: string;
  stateKey: string;
  /** Relative to the IaC directory: the target's variables (tfvars) and state backend settings. */
  varsPath: string;
  backendConfigPath: string;
  /**
   * Where the jobs that deploy this target run: hosted, or at T3 (private API endpoint) a
   * self-hosted runner inside the VPC, labelled after the stack and the target.
   */
  runner: Runner;
  /** Concurrency group of the jobs that deploy this target: one deploy at a time (per stack, in a monorepo). */
  concurrencyGroup: string;
}

export interface StackLocation {
  /** The stack's directory below the repository root; '' at the root. */
  directory: string;
  /** Prefix of the tree paths of repository-root files: '' at the root, '../../' for services/api. */
  toRoot: string;
}

/** What the tier and the answers switch on. Steps read these, never the tier itself. */
export interface Features {
  /** T2+: several environments with promotion, approvals on production. */
  multiEnvironment: boolean;
  /** T2+: dependency audit, CodeQL, image scan, secret scan, Dependabot. */
  securityGates: boolean;
  /** T2+: kustomize base and one overlay per environment; NetworkPolicy; topology spread. */
  overlays: boolean;
  /** T2+: private API endpoint, KMS, Pod Identity, flow logs, NAT per AZ in production. */
  hardenedInfrastructure: boolean;
  /**
   * T2+: CI runs Terraform (plan, apply) per environment with its own scoped identity and a
   * permissions boundary on every role it creates. At T1 an administrator applies it from the
   * setup guide, and CI holds only the deploy identity: no CI identity can change infrastructure.
   */
  infrastructureInCi: boolean;
  /** T3: the Kubernetes API has no public endpoint; deploy jobs run on runners inside the VPC. */
  privateApi: boolean;
  /**
   * The app serves Prometheus metrics (app.metricsPath is not none): a ServiceMonitor scrapes them,
   * and alerts, dashboards, SLOs and rollout analysis query them. Without, only platform series
   * (kube-state-metrics, cAdvisor) are queried.
   */
  appMetrics: boolean;
  /** T2+: OpenTelemetry Collector and the app's tracing settings. */
  tracing: boolean;
  /** T2+ with app metrics: SLO recording rules and multi-window multi-burn-rate alerts, Prometheus kept for the SLO period. */
  slo: boolean;
  /** T2+: Alertmanager routing by severity and promtool unit tests of every alert. */
  alertRouting: boolean;
  /** T2+ with strategy canary or blue-green: Argo Rollouts with analysis. */
  progressiveDelivery: 'none' | 'canary' | 'blue-green';
  /** T3: SBOM, keyless signing by digest, provenance attestation. */
  supplyChain: boolean;
  /** T3: conftest policies on the Terraform plan and the rendered manifests, compliance report. */
  policyAsCode: boolean;
  /** T3 with a second region. */
  multiRegion: boolean;
  /** T3 with postgres: RDS, and migrations run by a Job before the new version takes traffic. */
  database: boolean;
  /** T3: anomaly-detection alerts (with app metrics) and security monitoring (Kubernetes and cloud audit logs). */
  anomalyDetection: boolean;
  securityMonitoring: boolean;
}

/** One deployment environment and every name derived for it. */
export interface EnvironmentPlan {
  name: string;
  /** Last in promotion order. */
  isProduction: boolean;
  /** The environment deployed before this one (promotion order), if any. */
  previous?: string;
  /** Kustomize directory CI sets the image in and applies: deploy/k8s at T1, an overlay from T2. */
  kustomizeDir: string;
  /** Primary target first; the second region (T3 production) after it. */
  targets: DeployTarget[];
  // The primary target's values, which most steps need:
  clusterName: string;
  region: string;
  /** Key of this environment's state in the state store. */
  stateKey: string;
  varsPath: string;
  backendConfigPath: string;
  /**
   * The cloud identity this environment's deploy jobs take on by OIDC (an IAM role, a service
   * account, a managed identity: named by the cloud adapter), trusting only this environment's jobs.
   */
  deployIdentity: string;
  /**
   * The OIDC tokens of this environment's deploy jobs, which its deploy identity trusts and
   * nothing else: the CI platform's issuer, and every subject its tokens may carry.
   */
  trust: {
    issuer: string;
    subjects: string[];
    /** The claims a cloud that binds on claims reads (src/platforms/types.ts OidcIdentity). */
    claims?: { values: Record<string, string>; environment: string; subject?: string[]; list?: boolean };
    /** The audience the environment's tokens carry, where the CI platform fixes it (CircleCI: the organization id; Azure DevOps: api://AzureADTokenExchange) or tells environments apart by it (Jenkins). */
    audience?: string;
  };
  replicas: { min: number; max: number };
}

export interface MetricNames {
  /** Counter of HTTP requests, labelled with the status code. */
  requests: string;
  /** Histogram (or summary-like timer) of request durations in seconds: `<duration>_sum`, `_count`, and `_bucket` when `histogram`. */
  duration: string;
  /** Label on `requests` that holds the HTTP status code. */
  statusLabel: string;
  /** `<duration>_bucket` series exist, so quantiles and a latency SLO can be computed; else only the mean (`_sum / _count`). */
  histogram: boolean;
  /** The status label holds classes ("5xx") rather than codes: a 5xx matcher still works, a 401|403 one never matches. */
  statusClasses: boolean;
  /** Bucket bounds of the duration histogram, seconds (the latency SLO's threshold must be one). */
  buckets: readonly number[];
  /** Where the names come from: the library that serves them, or the contract the app must meet. */
  source: { library?: MetricsLibrary; contract: boolean };
}

/** A directory a package manager downloads into, and the variable that moves it (for platforms that cache only inside the workspace). */
export interface CacheDir {
  path: string;
  env?: string;
}

/**
 * The language toolchain every CI platform sets up, and the image builds with: one version and
 * one package manager for both. CI renderers read it from the `toolchain` step.
 */
export interface Toolchain {
  language: Stack;
  /** The runtime version (app.runtimeVersion): CI's setup and the Dockerfile's base image tag. */
  version: string;
  packageManager: PackageManager;
  /** Files, relative to the stack, whose content keys the dependency cache (those that exist; `**\/` globs match anywhere). */
  lockfiles: string[];
  /** Where the package manager keeps its downloads: what CI caches between runs. */
  cache: CacheDir[];
  /** Commands that put the package manager on the PATH once the runtime is there (pinned versions); [] when the runtime has it. */
  setup: string[];
}

/** The repository's own commands, as CI and the Dockerfile run them. */
export interface AppCommandsPlan {
  install: string;
  /** null when the repository has no tests (app.commands.test none): CI runs no test job. */
  test: string | null;
  build: string | null;
  /** The exec-form start command: the image's CMD (or ENTRYPOINT). */
  start: string[];
}

export interface Paths {
  /** The CI platform's pipeline files (tree paths); one file may hold both (GitLab, Jenkins). */
  ciWorkflow: string;
  deployWorkflow: string;
  /** Script CI runs to install pinned command-line tools (conftest, opa, the Rollouts plugin). */
  toolsScript: string;
  dockerfile: string;
  dockerignore: string;
  /** The IaC root the pipeline applies per deploy target (infra/terraform, infra/cloudformation). */
  iacDir: string;
  bootstrapDir: string;
  /** deploy/k8s: the workload at T1; its base/ and overlays/<env>/ from T2. */
  k8sDir: string;
  observabilityDir: string;
  docsDir: string;
  rollbackScript: string;
  answers: string;
  policyDir: string;
  composeFile: string;
  makefile: string;
  envExample: string;
  localScriptsDir: string;
}

export interface SloPlan {
  /** Share of requests that must succeed over the window (e.g. 0.999). */
  availability: number;
  /** Share of requests faster than latencySeconds (a bucket boundary of the duration histogram). */
  latencyObjective: number;
  latencySeconds: number;
  windowDays: number;
}

export interface RolloutPlan {
  analysisTemplate: string;
  stableService: string;
  canaryService: string;
  previewService: string;
  /** Minimum success ratio the analysis accepts. */
  successRatio: number;
  prometheusAddress: string;
}

export interface TracingPlan {
  collectorNamespace: string;
  collectorService: string;
  otlpGrpcPort: number;
  otlpHttpPort: number;
  /** What the app sets as OTEL_EXPORTER_OTLP_ENDPOINT: the collector's port for `protocol`. */
  endpoint: string;
  /** OTEL_EXPORTER_OTLP_PROTOCOL: the OTLP exporter spec's default, which every SDK implements. */
  protocol: 'http/protobuf';
}

export interface DatabasePlan {
  engine: 'postgres';
  /** Database name: RDS allows no '-', so shop-api becomes shop_api. */
  name: string;
  /** Kubernetes Secret (synced from AWS Secrets Manager by the setup guide) with DATABASE_URL. */
  secretName: string;
  migrationJob: string;
  migrateCommand: string[];
}

/** A command CI runs and the guides quote, with the directory it runs in. */
export interface Command {
  description: string;
  run: string;
  /**
   * How long the command may wait, in minutes, for a command that waits (rollouts, Jobs,
   * rollbacks): its own --timeout. A job that runs it must outlast it, and its failure handling
   * after it (src/plan/timeouts.ts).
   */
  timeoutMinutes?: number;
}

export interface EnvironmentCommands {
  /** Prepare the IaC tool for this target's state (terraform init). */
  infraInit: Command;
  /** Compute the change to the infrastructure, for review (terraform plan, a change set). */
  infraPlan: Command;
  /** Apply exactly the reviewed change. */
  infraApply: Command;
  /** Point the deploy tools at this target's runtime (kubeconfig for a cluster). */
  connect: Command;
  setImage: Command;
  /** Absent when observability is left out (answers `skip`): there is nothing of it to apply. */
  applyObservability?: Command;
  applyManifests: Command;
  /** Until the new version serves every request, healthy; with blue-green it includes `promote`. */
  waitForRollout: Command;
  /** Blue-green: switch traffic to the new version once its preview passed the pre-promotion analysis. */
  promote?: Command;
  rollback: Command;
  /** With a database: run the migration Job to completion before the new version takes traffic. */
  runMigrations?: Command;
}

/**
 * The facts every step shares, derived once from the answers by derivePlan().
 * Steps read only this; they never read the disk or each other's files.
 */
export interface Plan {
  answers: Answers;
  name: string;
  /** The adapters that render this stack (src/platforms/registry.ts). */
  platforms: { ci: CiPlatform; cloud: Cloud; iac: Iac; target: Target };
  /** Where the stack sits in its git repository (answers `directory`; see src/config/repository-root.ts). */
  location: StackLocation;
  tier: Tier;
  stack: Stack;
  cloud: Cloud;
  strategy: Strategy;
  region: string;
  repository: string;
  /** The branch that deploys: workflows run on pushes to it; runbook links point at it. */
  branch: string;
  /** Runtime version, package manager, lockfiles, cache and setup, for CI and the image alike. */
  toolchain: Toolchain;
  namespace: string;
  labels: Record<string, string>;
  app: {
    port: number;
    /** Name of the container port and the Service port; probes and ServiceMonitor refer to it. */
    portName: string;
    healthPath: string;
    readinessPath: string;
    metricsPath: string;
    commands: AppCommandsPlan;
    containerName: string;
    /** Non-root uid/gid the image and the pod run as. */
    uid: number;
  };
  image: {
    /** The image's name: what the registry repositories of every environment are named after. */
    repository: string;
    /** The name manifests use for the image; CI replaces it with registry/repository@digest. */
    placeholder: string;
  };
  metrics: MetricNames;
  features: Features;
  backingServices: BackingService[];
  /** Primary region first, then the second region at T3. */
  regions: string[];
  slo: SloPlan;
  rollout: RolloutPlan;
  tracing: TracingPlan;
  database: DatabasePlan | null;
  /** The remote state store that the bootstrap creates (an S3 bucket, a GCS bucket, a storage account). */
  stateStore: string;
  kubernetesVersion: string;
  environments: EnvironmentPlan[];
  paths: Paths;
  /**
   * CI variables that tell the deploy jobs which identity to take on, by the cloud's own key
   * (AWS: roleArn), per stack below a repository root (the stacks share its environments).
   * Not secrets: an identifier grants nothing by itself.
   */
  identityVariables: Record<string, string>;
  commands: {
    /** What a human runs once with admin credentials before CI can run (state store, OIDC trust, deploy identities). */
    bootstrap: Command[];
    /** The primary target's commands, by environment name. */
    perEnvironment: Record<string, EnvironmentCommands>;
    /** Every target's commands, by target id. */
    perTarget: Record<string, EnvironmentCommands>;
    /** Release gate, in the cluster kubectl points at: no critical alert of this app firing (absent when observability is left out). */
    verifyNoAlerts?: Command;
  };
}
