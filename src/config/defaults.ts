/**
 * Defaults for every answer not given. Most come straight from the schema; the
 * few that depend on other answers (environments and second region by tier,
 * repository, state bucket, migration command by stack) are derived here.
 */
import { sha256 } from '../core/hash.js';
import { AZURE_SUBSCRIPTION_PLACEHOLDER } from '../platforms/cloud/azure/subscription.js';
import { GCP_PROJECT_PLACEHOLDER } from '../platforms/cloud/gcp/project.js';
import { registry } from '../platforms/registry.js';
import { skippedSteps, type AppCommands, type Answers, type Cloud, type PackageManager, type Stack, type Tier } from './answers.js';
import { defaultCommands } from './default-commands.js';

export { defaultCommands } from './default-commands.js';

export type PartialAnswers = Partial<Omit<Answers, 'app'>> & { app?: Partial<Omit<Answers['app'], 'commands'>> & { commands?: Partial<AppCommands> } };

export const STATIC_DEFAULTS = {
  name: 'app',
  tier: 'T1',
  stack: 'node',
  ci: 'github-actions',
  cloud: 'aws',
  iac: 'terraform',
  target: 'kubernetes',
  strategy: 'rolling',
  region: 'us-east-1',
  app: { port: 8080, healthPath: '/healthz', readinessPath: '/readyz', metricsPath: '/metrics' },
} as const satisfies Omit<Answers, 'environments' | 'repository' | 'repositoryIds' | 'ciIdentity' | 'branch' | 'ciServer' | 'ciJob' | 'ciProject' | 'directory' | 'ciFiles' | 'clusterAdmins' | 'domain' | 'stateBucket' | 'secondaryRegion' | 'backingServices' | 'app' | 'skip'> & {
  app: Pick<Answers['app'], 'port' | 'healthPath' | 'readinessPath' | 'metricsPath'>;
};

export function defaultEnvironments(tier: Tier): string[] {
  return tier === 'T1' ? ['prod'] : ['dev', 'staging', 'prod'];
}

/** A T3 stack's second region: the primary region's pair in the same cloud. */
export function defaultSecondaryRegion(tier: Tier, region: string, cloud: Cloud = 'aws'): string {
  // Azure: one region per environment so far (combinations.ts says why).
  return tier === 'T3' && cloud !== 'azure' ? registry().cloud[cloud].regions.pair(region) : 'none';
}

export const MIGRATE_COMMANDS: Record<Stack, string[]> = {
  node: ['npm', 'run', 'migrate'],
  python: ['python', '-m', 'migrate'],
  // The one binary the Dockerfile builds (the file /app), with a subcommand, as for Java's jar.
  go: ['/app', 'migrate'],
  java: ['java', '-jar', '/app/app.jar', 'migrate'],
};

/** Without a lockfile or build file to say otherwise, each stack's usual tool. */
export const DEFAULT_PACKAGE_MANAGER: Record<Stack, PackageManager> = { node: 'npm', python: 'pip', go: 'go', java: 'maven' };

/** The versions of the images generated today (node:22, python:3.13, golang:1.25, temurin 21). */
export const DEFAULT_RUNTIME_VERSION: Record<Stack, string> = { node: '22', python: '3.13', go: '1.25', java: '21' };

/** The branch that deploys when the repository does not say (no .git, or no branch yet). */
export const DEFAULT_BRANCH = 'main';

/** Bucket names are global across AWS; a short hash of repository and region avoids most clashes. */
export function defaultStateBucket(name: string, repository: string, region: string): string {
  return `${name}-tfstate-${sha256(`${repository}|${region}`).slice(0, 8)}`;
}

/** The app's answers: given values, else what the stack and its package manager imply. */
function appWithDefaults(stack: Stack, given: PartialAnswers['app'] = {}): Answers['app'] {
  const { commands, metricsLibrary, ...rest } = given;
  const packageManager = given.packageManager ?? DEFAULT_PACKAGE_MANAGER[stack];
  return {
    ...STATIC_DEFAULTS.app,
    migrateCommand: MIGRATE_COMMANDS[stack],
    runtimeVersion: DEFAULT_RUNTIME_VERSION[stack],
    settings: [],
    native: [],
    ...rest,
    packageManager,
    commands: { ...defaultCommands(stack, packageManager), ...commands },
    ...(metricsLibrary ? { metricsLibrary } : {}),
  };
}

/** Fills every missing answer. Input must already have passed schema validation. */
export function withDefaults(given: PartialAnswers): Answers {
  const name = given.name ?? STATIC_DEFAULTS.name;
  const tier = given.tier ?? STATIC_DEFAULTS.tier;
  const stack = given.stack ?? STATIC_DEFAULTS.stack;
  const cloud = given.cloud ?? STATIC_DEFAULTS.cloud;
  // Each cloud names its regions its own way: the default is the cloud's.
  const region = given.region ?? registry().cloud[cloud].regions.default;
  const repository = given.repository ?? `OWNER/${name}`;
  return {
    name,
    tier,
    stack,
    ci: given.ci ?? STATIC_DEFAULTS.ci,
    cloud,
    ...(cloud === 'gcp' || given.gcp ? { gcp: { project: GCP_PROJECT_PLACEHOLDER, ...given.gcp } } : {}),
    ...(cloud === 'azure' || given.azure ? { azure: { subscription: AZURE_SUBSCRIPTION_PLACEHOLDER, tenant: AZURE_SUBSCRIPTION_PLACEHOLDER, ...given.azure } } : {}),
    iac: given.iac ?? STATIC_DEFAULTS.iac,
    target: given.target ?? STATIC_DEFAULTS.target,
    strategy: given.strategy ?? STATIC_DEFAULTS.strategy,
    environments: given.environments ?? defaultEnvironments(tier),
    region,
    secondaryRegion: given.secondaryRegion ?? defaultSecondaryRegion(tier, region, cloud),
    repository,
    ...(given.repositoryIds ? { repositoryIds: given.repositoryIds } : {}),
    ...(given.ciIdentity ? { ciIdentity: given.ciIdentity } : {}),
    branch: given.branch ?? DEFAULT_BRANCH,
    ...(given.ciServer ? { ciServer: given.ciServer } : {}),
    ...(given.ciJob ? { ciJob: given.ciJob } : {}),
    ...(given.ciProject ? { ciProject: given.ciProject } : {}),
    directory: given.directory ?? '',
    ciFiles: given.ciFiles ?? 'default',
    clusterAdmins: given.clusterAdmins ?? [],
    domain: given.domain ?? '',
    app: appWithDefaults(stack, given.app),
    stateBucket: given.stateBucket ?? defaultStateBucket(name, repository, region),
    backingServices: given.backingServices ?? [],
    // An empty map is the default: omitted, so the answers file does not gain an empty key.
    ...(given.ownership && Object.keys(given.ownership).length ? { ownership: given.ownership } : {}),
    // In the order steps run, so the same choice always writes the same file.
    skip: skippedSteps(given),
  };
}
