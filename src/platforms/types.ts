/**
 * The seams of the generator: one interface per kind of platform (CI platform, cloud, IaC tool,
 * deployment target), each implemented by one folder under src/platforms/<kind>/<id>/, each
 * declaring what it cannot express as data (capabilities) that the rest of the code reads.
 * The steps build neutral models (the plan, the pipeline) and call these; the rules read the
 * neutral facts the adapters extract back from their own files, never a platform's format.
 */
import type { Answers, BackingService, CiFiles, CiPlatform, Cloud, Iac, Strategy, Target, Tier } from '../config/answers.js';
import type { DeliverableSpec } from '../completeness/deliverable.js';
import type { FileTree, VirtualFile } from '../core/files.js';
import type { Command, DeployTarget, EnvironmentCommands, EnvironmentPlan, Features, Plan, StackLocation } from '../plan/types.js';
import type { Problem } from '../core/errors.js';
import type { IdentityPurpose, Pipeline } from '../steps/cicd/model.js';
import type { CicdFacts, DeploymentFacts, IacFacts, ObservabilityFacts } from '../steps/facts.js';

/** A setting a human must make outside the files (a CI variable, an approval rule), and where. */
export interface SettingInfo {
  description: string;
  /** How to obtain the value: a command, or a console page. */
  source: string;
}

/** What a CI platform can and cannot express in its own files; the rest is handled where `handledBy` says. */
export interface CiCapabilities {
  /** Where required approvals before production are configured. */
  approvals: { inFile: boolean; handledBy: string };
  /** One deploy at a time per environment, in the file. */
  serialDeploys: boolean;
  /** The platform issues OIDC tokens a cloud can trust (no long-lived keys). */
  oidc: boolean;
  /**
   * Whether the token subject a cloud trusts names the environment (one identity per environment,
   * enforced by the cloud); else where environments are kept apart instead.
   */
  environmentInSubject: { inToken: boolean; handledBy: string };
  /** A code-scanning view that takes SARIF (else reports are kept as artifacts). */
  codeScanning: boolean;
  /**
   * Sigstore's public Fulcio accepts its OIDC tokens: images are signed keylessly. Else they are
   * signed with a key in the cloud's key service (ShellLogin.signingKey), which the bootstrap creates.
   */
  keylessSigning: boolean;
  /** The clouds its jobs can log in to, where not every cloud (a combination check refuses the others). */
  clouds?: readonly Cloud[];
}

/** The OIDC tokens a platform issues to a deploy job of one environment. */
export interface OidcIdentity {
  /** Issuer URL without the scheme, as IAM names its OIDC provider (token.actions.githubusercontent.com). */
  issuer: string;
  /**
   * Every `sub` a deploy job of this environment may present (old and new subject formats), as
   * patterns where `*` stands for a part not known offline (a numeric id not given in the answers).
   */
  subjects: string[];
  /**
   * The audience the platform's tokens carry when it fixes one per trust (CircleCI's default
   * token: the organization id), or, where its subject cannot name the environment (Jenkins: every
   * stage's token names the job), the environment's own audience that tells environments apart;
   * the cloud then expects it instead of its own. Absent: the cloud's own (ShellLogin.audience),
   * which the platform requests its token for.
   * Azure DevOps: always api://AzureADTokenExchange, which it cannot change.
   */
  audience?: string;
  /**
   * For clouds that bind on claims rather than on `sub` (a GCP attribute condition): the claims a
   * deploy job's token of this environment carries, with their values (the repository's numeric
   * ids where the answers give them: ids survive a rename and are never reused), and which of
   * them holds the environment's name. Absent where the platform's tokens have no such claims.
   * `subject`: claims of bounded length, in every deploy token, whose values joined name the
   * workload (Google maps at most 127 bytes to google.subject; `sub` can be longer).
   */
  claims?: {
    values: Record<string, string>;
    environment: string;
    subject?: string[];
    /** The environment claim is a list (CircleCI's context ids): the job's first element names it. */
    list?: boolean;
  };
}

/**
 * How the cluster collects the app's metrics and evaluates its rules: Prometheus Operator objects
 * (kube-prometheus-stack), or Google Cloud Managed Service for Prometheus (PodMonitoring, Rules).
 */
export type MonitoringStack = 'prometheus-operator' | 'managed-prometheus-gmp';

/**
 * What an adapter adds to the guides: short data here; longer sections as templates found by
 * convention at templates/<kind>/<id>/<section>.md.hbs (src/integration/guides.ts lists them).
 */
export interface GuideData {
  /** Command-line tools a person needs for this platform, for the prerequisites. */
  tools(plan: Plan): string[];
  /** CI platforms: how to run a good deploy again (the deployment strategy's rollback section). */
  rerunDeploy?(plan: Plan): string;
  /** Other prerequisite lines (an account, a repository, an admin identity). */
  prerequisites(plan: Plan): string[];
}

/** The names of a CI platform's jobs the integration guide points at (`<env>` for the environment). */
export interface CiJobNames {
  /** The job that applies the infrastructure of an environment. */
  infrastructure: string;
  /** The job that deploys the app to an environment. */
  deploy: string;
}

/** What the summary's "Next steps" says for a platform; each absent when there is nothing to say. */
export interface NextSteps {
  /** Before anything else: answers still at a placeholder this platform needs (the repository, an admin). */
  fixAnswers?(plan: Plan): string[];
  /** Once the infrastructure exists: what to configure on the platform (CI environments, variables). */
  configure?(plan: Plan): string[];
}

export interface CiPlatformAdapter {
  id: CiPlatform;
  title: string;
  /** Every path it can write, as patterns (see src/lock/known-paths.ts): a lock naming another path never deletes it. */
  knownPaths: readonly string[];
  capabilities: CiCapabilities;
  guide: GuideData &
    NextSteps & {
      jobs?(plan: Plan): CiJobNames;
      /** What production waits for, in the integration guide's words (default: "its reviewers"). */
      approval?(plan: Plan): string;
      /** Where an environment's settings are set, for the guide's table (default: "environment `ENV`"). */
      settingsIn?(plan: Plan, environment: string): string;
    };
  /** A stack below the repository root: the shared files it must add entries to (integration guide). */
  repositoryFiles?(plan: Plan): { dependabot: string; labels: string[] } | undefined;
  /** Files its steps write into the workspace (a cloud login's credentials): kept out of images built there. */
  buildContextExcludes?(plan: Plan): string[];
  /** The command that verifies a deployed image's provenance, where the platform attests it. */
  verifyAttestation?(plan: Plan): string;
  /** Values its guide sections read (templates/ci/<id>/), as `ci`. */
  guideContext?(plan: Plan): object;
  /**
   * Tree paths of the pipeline files and the tools script, for a stack at `location` named `name`.
   * `files` 'distinct' (answers ciFiles): names that cannot collide with the repository's own
   * pipeline files at the platform's usual names, which are then never replaced.
   */
  paths(name: string, location: StackLocation, files?: CiFiles): { ciWorkflow: string; deployWorkflow: string; toolsScript: string };
  /** Who the cloud must trust for a deploy job of `environment` (the repository as the answers give it). */
  oidc(answers: Pick<Answers, 'name' | 'repository' | 'repositoryIds' | 'ciServer' | 'ciJob' | 'ciProject' | 'ciIdentity' | 'directory' | 'branch'>, environment: string): OidcIdentity;
  render(pipeline: Pipeline, plan: Plan): VirtualFile[];
  /** Its files' facts; the policies and the image are read by the CI/CD step, the same for every platform. */
  extract(tree: FileTree, plan: Plan): Omit<CicdFacts, 'policies' | 'image'>;
  /** What its files must show, for the completeness report. */
  deliverables(plan: Plan): DeliverableSpec[];
}

/**
 * Cloud login in plain shell, for CI platforms without the cloud's own login action (all but
 * GitHub Actions): the CI platform puts an OIDC token it issued for `audience` into a file, these
 * lines make the cloud's CLI (and docker/skopeo) act as the environment's deploy identity.
 */
export interface ShellLogin {
  /** The audience the cloud expects in the token; the CI platform requests its token for it. */
  audience(plan: Plan): string;
  /**
   * Lines that take on `env`'s deploy identity in `region`, reading the token from `tokenFile` (a
   * shell word). The identity's id comes from the CI variables `plan.identityVariables` name.
   * `purpose`: clouds that give Terraform an identity of its own (GCP) take it on for 'infrastructure'.
   */
  login(plan: Plan, env: EnvironmentPlan, region: string, tokenFile: string, purpose?: IdentityPurpose): string[];
  /**
   * Lines that log in to the registry (after login) by writing its credentials to the docker
   * config file (~/.docker/config.json, which crane, cosign and skopeo read), without a docker
   * CLI; REGISTRY holds its host after.
   */
  registryLogin(plan: Plan, region: string): string[];
  /** A container image with this cloud's CLI (and bash), pinned, for platforms that run jobs in images. */
  cliImage: string;
  /**
   * A cosign key reference in this cloud's key service (awskms://…), for CI platforms whose OIDC
   * tokens Sigstore's public Fulcio does not accept (a self-hosted server's issuer): the image is
   * signed with a key that never leaves the key service, used by the deploy identity. The key
   * lives in the primary region (the bootstrap creates it there).
   */
  signingKey?(plan: Plan): string;
  /** The shell prefix that points a cosign command at the signing key's region. */
  signingEnv?(plan: Plan): string;
  /** The commands that image provides besides a shell and coreutils (what the commands-available rule reads). */
  cliTools?: string[];
  /** How that image installs a distribution package (as its default user, root), for the tools script's extractors. */
  cliInstall?: string;
}

export interface CloudAdapter {
  id: Cloud;
  title: string;
  /** Every path it can write, as patterns (see src/lock/known-paths.ts): a lock naming another path never deletes it. */
  knownPaths: readonly string[];
  shell: ShellLogin;
  guide: GuideData & NextSteps & {
    /** How to prove a target's runtime is up, a sentence part: "`command` prints `ACTIVE`". */
    check(target: DeployTarget): string;
    /** Commands that install what this cloud's clusters need beside the app (a load balancer controller). */
    clusterAddons?(plan: Plan): string[];
    /** Where the app's stdout logs go (a sentence, and the service's name), and the commands that read them. */
    logs(plan: Plan): { text: string; sink: string; commands: string[] };
    /** Where the T3 audit-log alerts live and whom they notify, for the observability guide. */
    securityAlerts(plan: Plan): string;
  };
  /** The words the guides use for this cloud's parts. */
  nouns: { identity: string; registry: string; state: string };
  /** The cloud's region names: their shape, the default, and the T3 second region paired with a primary one. */
  regions: { pattern: RegExp; example: string; default: string; pair(region: string): string };
  /** The shape of a `clusterAdmins` entry on this cloud (an IAM ARN, an IAM member). */
  admins: { pattern: RegExp; example: string };
  /** What the cloud's managed Kubernetes gives pods, as data the manifests and the observability step read. */
  kubernetes: {
    monitoring: MonitoringStack;
    /** Where pods get cloud credentials (a node-local agent or metadata server): egress the NetworkPolicy allows. */
    credentialEndpoints: { cidr: string; port: number }[];
    /** Address ranges of what the app reaches privately: the managed database and cache, pods in the VPC. */
    privateCidrs: string[];
    /**
     * The way in from the internet: the Ingress class the cluster's load balancer controller serves
     * (AWS Load Balancer Controller `alb`, GKE Ingress `gce`, Application Gateway for Containers
     * `azure-alb-external`; steps/deployment/ingress.ts renders
     * it), and the addresses its load balancer reaches the pods' IPs from, which the NetworkPolicy admits.
     */
    ingress: {
      className: 'alb' | 'gce' | 'azure-alb-external';
      sources: string[];
      /** Annotations the Ingress carries per environment (the load balancer of that environment's target). */
      annotations?(plan: Plan, environment: EnvironmentPlan): Record<string, string>;
    };
  };
  /** Values this cloud's guide sections read (templates/cloud/<id>/). */
  guideContext?(plan: Plan): object;
  /**
   * Backing services (besides the T3 database) this cloud provisions for the plan, each with the
   * Kubernetes Secret its guide section fills with the keys the app reads (Memorystore on GCP).
   */
  managedSecrets?(plan: Plan): Partial<Record<BackingService, string>>;
  /**
   * Name of an environment's cluster (or runtime); `secondRegion` for an environment's second
   * region, whose names must not collide with the first's where the cloud's names are global.
   */
  clusterName(app: string, environment: string, secondRegion?: string): string;
  /** Name of an environment's image repository in the registry (in every region it deploys to). */
  registryRepository(app: string, environment: string): string;
  /** Name of the identity an environment's deploy jobs take on. */
  deployIdentity(app: string, environment: string): string;
  /** The CI variables that select the deploy identity, by this cloud's key (per stack below a repository root). */
  identityVariables(app: string, directory: string): Record<string, string>;
  /** The command that points kubectl (or the runtime's CLI) at a target (the plan: its project, its hardening). */
  connect(target: DeployTarget, plan: Plan): Command;
  /** Reads back a connect command line: the cluster and region it targets. */
  parseConnect(line: string): { cluster: string; region: string } | undefined;
  /** What a human runs once before CI can run. */
  bootstrap(plan: Plan): Command[];
  /** The environment variable the deploy jobs hold the registry repository name in. */
  registryEnv: string;
  /** What each CI variable that selects the deploy identity is, and where its value comes from (by environment). */
  settings(plan: Plan): Record<string, (environment: string) => SettingInfo>;
}

export interface IacAdapter {
  id: Iac;
  title: string;
  /** Every path it can write, as patterns (see src/lock/known-paths.ts): a lock naming another path never deletes it. */
  knownPaths: readonly string[];
  guide: GuideData;
  /** What the validation checklist asks before the first apply. */
  checklist(plan: Plan): string[];
  clouds: readonly Cloud[];
  /** The tiers it generates, where not every one (a combination check refuses the others). */
  tiers?: readonly Tier[];
  /** The targets it writes, where not every one (CloudFormation: Kubernetes so far); a combination check refuses the rest. */
  targets?: readonly Target[];
  /** Where its bootstrap (the CI identities a human creates once) lives, where not infra/bootstrap. */
  bootstrapDir?: string;
  /** Whether CI's infrastructure job needs the tool set up by a step of its own (Terraform); else the cloud's CLI runs it. */
  ciSetup?: boolean;
  /** The directory CI applies per deploy target. */
  dir: string;
  /** A target's variables and state-backend files, relative to `dir`. */
  targetFiles(cloud: Cloud, targetId: string): { varsPath: string; backendConfigPath: string };
  commands(plan: Plan, env: EnvironmentPlan, target: DeployTarget): Pick<EnvironmentCommands, 'infraInit' | 'infraPlan' | 'infraApply'>;
  render(plan: Plan): VirtualFile[];
  extract(tree: FileTree, plan: Plan): IacFacts;
  /** What its files must show, for the completeness report. */
  deliverables(plan: Plan): DeliverableSpec[];
}

export interface TargetAdapter {
  /**
   * What the observability and deployment steps must deliver on this target, for the completeness
   * report, where they are not Kubernetes objects (a target without a cluster); absent: the
   * Kubernetes deliverables.
   */
  deliverables?: { observability(plan: Plan): DeliverableSpec[]; deployment(plan: Plan): DeliverableSpec[] };
  id: Target;
  title: string;
  /** Every path it can write, as patterns (see src/lock/known-paths.ts): a lock naming another path never deletes it. */
  knownPaths: readonly string[];
  guide: GuideData & NextSteps;
  nouns: { runtime: string };
  /** How to prove a target's runtime is up, a sentence part (instead of the cloud's cluster check). */
  check?(target: DeployTarget, plan: Plan): string;
  /** Values the guides read as `runtime` (its health check, alarms), where not a cluster's. */
  guideContext?(plan: Plan): object;
  /** The deployment strategies this target has a native mechanism for. */
  strategies: readonly Strategy[];
  /*
   * A target other than a cluster renders its own workload and runtime-dependent observability,
   * and has its own deploy commands; absent members mean the Kubernetes ones (steps/deployment,
   * steps/observability, plan/derive-plan.ts). The rules read the neutral facts either way.
   */
  /** Answers this target cannot take yet (a cloud, a tier, a strategy), each with the reason and the alternatives. */
  problems?(answers: Answers): Problem[];
  /** The features it has no objects for, turned off (Argo Rollouts, kustomize overlays, a collector in a cluster). */
  features?(features: Features, answers: Answers): Features;
  /** The deploy commands of one target: point at the runtime, pin the image, roll out, wait, roll back. */
  commands?(plan: Plan, env: EnvironmentPlan, target: DeployTarget): Pick<EnvironmentCommands, 'connect' | 'setImage' | 'applyManifests' | 'waitForRollout' | 'rollback'>;
  /** The workload's files (instead of Kubernetes manifests); the deployment step adds its documents and local files. */
  workload?(plan: Plan): VirtualFile[];
  extractDeployment?(tree: FileTree, plan: Plan): DeploymentFacts;
  /** The observability files that depend on the runtime (instead of Prometheus objects). */
  observability?(plan: Plan): VirtualFile[];
  extractObservability?(tree: FileTree, plan: Plan): ObservabilityFacts;
}
