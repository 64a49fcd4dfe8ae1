/**
 * What each step provides to the others, as typed facts. Facts are read back from
 * the files a step wrote (each step's extract()), so the consistency rules check
 * the files themselves; `check` runs the same extractors on the files on disk.
 * Every fact names the file it was read from, so a finding can point at it.
 */
import type { Cloud } from '../config/answers.js';

export interface Located<T> {
  value: T;
  file: string;
}

/** A secret or a variable that a generated file needs someone to set. */
export interface SettingNeed {
  kind: 'secret' | 'variable';
  name: string;
  /** Where it is set: a GitHub environment, or the repository. */
  scope: { type: 'environment'; environment: string } | { type: 'repository' };
  description: string;
  /** How to obtain the value (a command, or a console page). */
  source: string;
  file: string;
}

export interface CiDeployFact {
  environment: string;
  file: string;
  /** '' when the deploy jobs log in to no cloud we know. */
  cloud: Cloud | '';
  region: string;
  clusterName: string;
  registryRepository: string;
  /** The image name in the manifests that CI replaces with the pushed image. */
  imagePlaceholder: string;
  kustomizeDir: string;
  /** Paths CI applies with kubectl (kustomize directories). */
  applies: string[];
  iacDir: string;
  /** -backend-config and -var-file CI passes for this environment. */
  backendConfig: string;
  varFile: string;
  /** The deploy target (environment, or `<env>-<region>` for a second region). */
  targetId: string;
  /** Every `run:` line of the deploy job, in order (used to check what runs before traffic moves). */
  commands: string[];
  /**
   * The target's jobs (terraform, deploy, gate): each one's timeout-minutes, its commands, and the
   * commands of its failure handling (steps that run on failure), which must fit in it too.
   */
  jobs: { id: string; timeoutMinutes: number; commands: string[]; onFailure: string[] }[];
}

/** One CI job as every platform's files let us read it back: where it runs and what it runs. */
export interface CiJobFact {
  id: string;
  file: string;
  /** Hosted by the platform, or a self-hosted runner (pool) by its label. */
  runner: { kind: 'hosted' | 'self-hosted'; label?: string };
  /** Commands the runner (or the job's container image) provides, as the platform documents it. */
  available: string[];
  /** Commands the job's own steps install before use (a setup action, the tools script). */
  installs: string[];
  /** Every shell line the job runs, in order. */
  commands: string[];
  /** Language runtimes its setup steps install, with the version asked for (absent where a platform cannot tell). */
  runtimes?: { language: string; version: string }[];
}

export interface CicdFacts {
  workflows: string[];
  /** Environments the deploy workflow deploys, in the order its jobs run (promotion order). */
  environmentOrder: string[];
  deploys: CiDeployFact[];
  /** Every job of the pipeline files, deploy or not. */
  jobs: CiJobFact[];
  needs: SettingNeed[];
  /**
   * Environments whose deploys wait for a required approval, each with the file that declares it:
   * the platform's own files where it can (an approval check in Terraform, a manual gate job),
   * else the setup guide that has a person configure it (GitHub's environment protection rules).
   */
  approvals: { environment: string; file: string }[];
  /** The Rego files of the policy directory, which OPA and conftest compile together. */
  policies: { file: string; content: string }[];
  /** What the Dockerfile's final stage puts in the image (null without a Dockerfile). */
  image: {
    file: string;
    baseImage: string;
    workdir: string;
    /** Absolute paths the stage creates as files, and as directories (contents unknown). */
    files: string[];
    dirs: string[];
    /** The base image of every stage, in order (the build stages' too). */
    fromImages: string[];
    /** The final stage's PATH: its `ENV PATH=…` entries, else the usual Debian default. */
    path: string[];
    entrypoint: string[];
    cmd: string[];
    /** The final stage's USER (absent: root), and its EXPOSEd TCP ports. */
    user?: string;
    expose?: number[];
  } | null;
}

/** One deploy target's tfvars file (an environment's primary region, or production's second region). */
export interface IacEnvironmentFact {
  environment: string;
  /** The tfvars file name: the environment, or `<env>-<region>` (matches CiDeployFact.targetId). */
  targetId: string;
  file: string;
  region: string;
  clusterName: string;
  registryRepository: string;
  /** Whether this target creates a database of its own (a second region may only keep backups). */
  database: boolean;
}

export interface IacFacts {
  /** '' when the stack configures no provider of a cloud we know (e.g. providers.tf deleted). */
  cloud: Located<Cloud | ''>;
  environments: IacEnvironmentFact[];
  /** Backend config and var files that exist, relative to the Terraform directory. */
  backendConfigs: string[];
  varFiles: string[];
  iacDir: string;
  outputs: string[];
  /** OIDC subjects the deploy roles trust, by environment. */
  oidcSubjects: Located<string>[];
  /**
   * Where the cloud binds on claims instead (GCP): the claim sets it admits, each admitting a token
   * that carries every claim of the set with that value (the repository's, and one environment).
   */
  oidcClaims: Located<Record<string, string>>[];
  /** Per target, where its load balancer reaches the pods from (an internet-facing ALB: the public subnets), as IaC creates them. */
  loadBalancerSources?: { targetId: string; file: string; cidrs: string[] }[];
  /** Names the stack creates where the cloud wants them unique, read back from each target's values. */
  uniqueNames: UniqueName[];
  /** The CI identities of each environment and what their policies allow, read back from the bootstrap. */
  identities: IdentityFact[];
  /**
   * Per environment, the CI tokens its deploy identity admits, read back from the cloud's trust:
   * claim sets (`sub`, `aud`, or the CI platform's own claims; `*` in a value a pattern), each
   * admitting a token that carries every claim of it. Absent where the cloud's trust is not read.
   */
  environmentTrust?: EnvironmentTrustFact[];
  /** What each environment owns, read back from its targets' values (and its identities themselves). */
  environmentResources: EnvironmentResources[];
}

export interface EnvironmentTrustFact {
  environment: string;
  file: string;
  admits: Record<string, string>[];
}

/** One statement of an identity's permissions, as its cloud's conventions read it. */
export interface PermissionStatement {
  effect: 'allow' | 'deny';
  /** `service:Action` patterns (`*`, `?` as wildcards); every action but `exceptActions` when those are given. */
  actions: string[];
  exceptActions?: string[];
  /** Resource patterns (`*`, `?` as wildcards). */
  resources: string[];
  /** The environments a tag condition confines it to (the resource's, or the new resource's, environment tag); null when none does. */
  environments: string[] | null;
  /** It only reads descriptions of resources: no change, and no data (objects, secrets, logs). */
  readOnly: boolean;
  /** It changes a setting of the whole account (one per account and region), not a resource of any environment. */
  accountSetting: boolean;
  /** The policy document it was read from, when not the identity's own file. */
  file?: string;
}

/**
 * A cloud identity CI takes on for an environment (Terraform's, the deploy's), or the ceiling
 * of what the identities Terraform creates may do (boundary).
 */
export interface IdentityFact {
  environment: string;
  purpose: 'infrastructure' | 'deploy' | 'boundary';
  name: string;
  /** Patterns of the identity itself and of its policies: they belong to its environment, like what it manages. */
  resources: string[];
  file: string;
  statements: PermissionStatement[];
}

/** What an environment owns: resources named after its targets, and the kinds of resources owned by an environment tag. */
export interface EnvironmentResources {
  environment: string;
  /** Resource patterns derived from its targets' names (clusters, registries, state, its identities). */
  named: string[];
  /** Resource patterns of the kinds whose owner is their environment tag, not their name (ids the cloud assigns). */
  tagged: string[];
  file: string;
}

/**
 * A name the cloud requires unique within a scope: the account (or project, subscription), the
 * account's region, or the whole cloud. Two deploy targets creating one such name fail on apply.
 */
export interface UniqueName {
  name: string;
  /** What it names, for the message: "IAM role", "ECR repository". */
  kind: string;
  scope: 'account' | 'region' | 'global';
  region: string;
  targetId: string;
  file: string;
}

export interface ObservabilityFacts {
  /** Selector labels of the ServiceMonitor: the Service must carry them. */
  serviceMonitor: {
    file: string;
    namespace: string;
    selector: Record<string, string>;
    portName: string;
    path: string;
    /** True when an endpoint has no `keep` rule on __name__: it stores every metric the app exposes, which metricsCollected cannot list. */
    keepsAllMetrics?: boolean;
  } | null;
  /** Metric names the alert rules and dashboards query. */
  metricsUsed: Located<string>[];
  /** Metric names the service is expected to expose and Prometheus scrapes, and the outputs of recording rules. */
  metricsCollected: Located<string>[];
  alerts: Located<string>[];
  /** Alarms a deployment watches and rolls back on (a target with native alarm rollback, ECS); absent where none. */
  rollbackAlarms?: Located<string>[];
  /** Every alerting and recording rule of the PrometheusRules, with the namespace its object lives in. */
  rules: { file: string; namespace: string; alert?: string; record?: string; expr: string; labels: Record<string, string> }[];
  /**
   * promtool rule unit-test files and the rule files they load: `groups` is the canonical JSON of a
   * plain rule file's groups, null when the file is missing or is not one (a PrometheusRule object).
   */
  ruleTests: { file: string; ruleFiles: { file: string; groups: string | null }[] }[];
  /** The canonical JSON of each PrometheusRule's spec.groups: what Prometheus evaluates. */
  deployedRuleGroups: Located<string>[];
  /** The OpenTelemetry Collector: where it listens, what each pipeline exports to, what Prometheus scrapes of it. */
  collector: {
    file: string;
    /** `<service>.<namespace>.svc`: what an OTLP endpoint in the cluster names. */
    host: string;
    /** Service port → the protocol of the OTLP receiver behind it (grpc, http), or '' for another port. */
    ports: Record<number, 'grpc' | 'http' | ''>;
    /** Signal (traces, metrics, logs) → its exporters, for pipelines that receive OTLP. */
    pipelines: Record<string, string[]>;
    /** Exporter name → its endpoint (`host:port`, or a listen address for `prometheus`). */
    exporters: Record<string, string>;
    /** Ports (numbers) of the collector Service that a ServiceMonitor scrapes. */
    scraped: number[];
  } | null;
  /** How long the installed Prometheus keeps data (kube-prometheus-stack values); null when the stack sets none. */
  retention: Located<string> | null;
  /** AlertmanagerConfig routes: each applies only to alerts whose namespace label is its namespace, and that carry its matchers. */
  routes: { file: string; namespace: string; matchers: Record<string, string> }[];
  kustomizeDir: string;
}

export interface ProbeFact {
  kind: 'liveness' | 'readiness' | 'startup';
  /** How the kubelet checks: an HTTP GET of `path`, a TCP connection to the port, gRPC or a command. */
  handler: 'http' | 'tcp' | 'grpc' | 'exec';
  /** The HTTP path ('' for the other handlers). */
  path: string;
  port: string | number;
}

export interface DeploymentFacts {
  workload: {
    file: string;
    kind: string;
    name: string;
    namespace: string;
    image: string;
    containerPortName: string;
    containerPort: number;
    probes: ProbeFact[];
    /** The app container's environment variables with a literal value. */
    env: Record<string, string>;
    /** The pod template's labels, which NetworkPolicies select. */
    podLabels: Record<string, string>;
  } | null;
  /** The Ingress: the load balancer class and annotations that say where its traffic comes from. */
  ingress: { file: string; className: string; annotations: Record<string, string>; service: string } | null;
  /** NetworkPolicies with their pod selector and the peers and ports each ingress rule admits. */
  networkPolicies: {
    file: string;
    name: string;
    podSelector: Record<string, string>;
    policyTypes: string[];
    ingress: { peers: { cidr?: string; namespace?: string }[]; ports: (number | string)[] }[];
  }[];
  service: {
    file: string;
    name: string;
    namespace: string;
    labels: Record<string, string>;
    portName: string;
  } | null;
  kustomizeDir: string;
  /** Kustomize directory per environment: deploy/k8s at T1, deploy/k8s/overlays/<env> from T2. */
  environments: { environment: string; kustomizeDir: string; file: string }[];
  /** Metric names progressive-delivery analysis queries (empty without analysis). */
  metricsQueried: Located<string>[];
  /** The pre-deploy database migration Job, when the stack has one. */
  migrationJob: { file: string; name: string } | null;
  /** Containers that run the app's image (the workload's, the migration Job's) and the command each overrides (empty: the image's). */
  imageCommands: { file: string; kind: string; name: string; command: string[] }[];
  /** The rollback script CI runs on failure, and the longest --timeout it waits with. */
  rollback: { file: string; timeoutMinutes: number } | null;
}

export interface StackFacts {
  cicd: CicdFacts;
  iac: IacFacts;
  observability: ObservabilityFacts;
  deployment: DeploymentFacts;
}
