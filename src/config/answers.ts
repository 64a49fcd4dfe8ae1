/**
 * The validated, fully defaulted answers: the only input of the generator.
 * Mirrors schemas/devops-stack.schema.json; test/schema.test.ts keeps the two in step.
 */
export type Tier = 'T1' | 'T2' | 'T3';
export type Stack = 'node' | 'python' | 'go' | 'java';
export type CiPlatform = 'github-actions' | 'gitlab-ci' | 'jenkins' | 'circleci' | 'azure-devops';
export type Cloud = 'aws' | 'gcp' | 'azure';
export type Iac = 'terraform' | 'cloudformation';
export type Target = 'kubernetes' | 'containers';
export type Strategy = 'rolling' | 'recreate' | 'canary' | 'blue-green';
/**
 * Services the app talks to. The schema accepts every one detection can find; generation
 * may support fewer (see generation-support.ts), and refuses the others with the reason.
 */
export type BackingService = 'postgres' | 'redis' | 'mysql' | 'mongodb' | 'elasticsearch' | 'opensearch' | 'rabbitmq' | 'kafka';
export const BACKING_SERVICES: readonly BackingService[] = ['postgres', 'redis', 'mysql', 'mongodb', 'elasticsearch', 'opensearch', 'rabbitmq', 'kafka'];
/** How dependencies are installed and the project is built, per stack (see PACKAGE_MANAGERS). */
export type PackageManager = 'npm' | 'yarn' | 'pnpm' | 'bun' | 'pip' | 'poetry' | 'uv' | 'pdm' | 'pipenv' | 'go' | 'maven' | 'gradle';
export const PACKAGE_MANAGERS: Record<Stack, readonly PackageManager[]> = {
  node: ['npm', 'yarn', 'pnpm', 'bun'],
  python: ['pip', 'poetry', 'uv', 'pdm', 'pipenv'],
  go: ['go'],
  java: ['maven', 'gradle'],
};
/**
 * What the image needs beyond the language runtime. cgo: Go built with CGO_ENABLED=1 and a
 * runtime image with a C library; node-gyp: native addons compiled at install (python3, make,
 * g++ in the build stage); sqlite, libpq, image: the C libraries of SQLite, PostgreSQL's client
 * and image processing (libvips, cairo, …) at build and run time.
 */
export type NativeNeed = 'cgo' | 'node-gyp' | 'sqlite' | 'libpq' | 'image';
/** The library that serves the app's Prometheus metrics: it decides which series exist. */
export type MetricsLibrary =
  | 'prom-client'
  | 'express-prom-bundle'
  | 'prometheus-client'
  | 'prometheus-fastapi-instrumentator'
  | 'django-prometheus'
  | 'prometheus-flask-exporter'
  | 'starlette-exporter'
  | 'promhttp'
  | 'micrometer';

/** The repository's own commands, run from the stack's directory. */
export interface AppCommands {
  /** Installs dependencies from the lockfile (CI, and the image's build stage). */
  install: string;
  /** Runs the repository's tests in CI; "none" when it has none. */
  test: string;
  /** Builds what start runs (compiled output, a jar, a binary); absent when nothing is built. */
  build?: string;
  /** Starts the service in the image: exec form (the Dockerfile's CMD), from the app's directory. */
  start: string[];
}

/** A setting the app reads from its environment. */
export interface AppSetting {
  name: string;
  /** Looks secret (a password, key, token or credentials URL): given by reference, never written. */
  secret: boolean;
  description?: string;
  /** A non-secret setting's value (a secret never has one here: it comes from a Secret by reference). */
  value?: string;
  /**
   * The local address it defaults to (REDIS_HOST=localhost in .env.example or the code): in the
   * cluster it becomes the backing service it points at, or an address the team sets per environment.
   */
  local?: string;
}
/** Who owns a generated file: managed (kept up to date), seeded (written once, then yours), user (never touched). */
export type OwnerMode = 'managed' | 'seeded' | 'user';
/** Steps that can be left out: nothing else reads their files (see src/prompt/leave-out.ts). */
export type SkippableStep = 'cicd' | 'observability';
export const SKIPPABLE_STEPS: readonly SkippableStep[] = ['cicd', 'observability'];

/**
 * How the pipeline files are named: the CI platform's usual names, or names that cannot collide
 * with the repository's own pipeline files (the CI adapter's `paths()` decides them).
 */
export type CiFiles = 'default' | 'distinct';

/** A path the app serves, or "none" when it serves no such endpoint. */
export const NO_ENDPOINT = 'none';

export interface AppAnswers {
  port: number;
  healthPath: string;
  readinessPath: string;
  metricsPath: string;
  migrateCommand: string[];
  packageManager: PackageManager;
  /** The language runtime's version, for CI and the image alike: "22", "3.12", "1.22.3", "21". */
  runtimeVersion: string;
  commands: AppCommands;
  /** Settings the app reads ([] when none are known). */
  settings: AppSetting[];
  native: NativeNeed[];
  /** Absent when unknown (then the metrics contract of metricsPath is assumed). */
  metricsLibrary?: MetricsLibrary;
}

/** What only Google Cloud needs: the project every resource lives in. */
export interface GcpAnswers {
  project: string;
}

/** What only Azure needs: the subscription every resource lives in, and its Entra ID tenant. */
export interface AzureAnswers {
  subscription: string;
  tenant: string;
}

export interface Answers {
  name: string;
  tier: Tier;
  stack: Stack;
  ci: CiPlatform;
  cloud: Cloud;
  /** Present exactly when cloud is gcp (defaulted to a placeholder the next steps ask to replace). */
  gcp?: GcpAnswers;
  /** Present exactly when cloud is azure (defaulted to a placeholder the next steps ask to replace). */
  azure?: AzureAnswers;
  iac: Iac;
  target: Target;
  strategy: Strategy;
  environments: string[];
  region: string;
  /** 'none', or the second production region (T3). */
  secondaryRegion: string;
  repository: string;
  /** The branch that deploys: workflows trigger on it, runbook links point at it. */
  branch: string;
  /**
   * Numeric ids of the repository and its owner, where the CI platform puts them in its OIDC
   * subjects (GitHub's immutable subjects). Absent when not given: written only when set.
   */
  repositoryIds?: { owner: number; repository: number };
  /**
   * The URL of a CI server the user runs (Jenkins, self-managed GitLab such as https://gitlab.example.com):
   * its tokens' issuer. Absent: the platform's SaaS (gitlab.com), or a placeholder the summary asks to
   * replace (Jenkins); written only when set.
   */
  ciServer?: string;
  /**
   * The pipeline's path on the CI server where the repository does not name it (Jenkins: the
   * multibranch job's full name, FOLDER/JOB). Absent: derived from the repository; written only when set.
   */
  ciJob?: string;
  /**
   * The CI platform's own ids of the organization and project the pipelines run in, where its
   * OIDC tokens carry them (CircleCI: the issuer names the organization, the subject both).
   * Absent when not given: written only when set.
   */
  ciIdentity?: { organization: string; project: string; contexts?: Record<string, string> };
  /**
   * Where the pipelines live on a CI platform that groups them by organization and project
   * (Azure DevOps), and the organization's id where its OIDC tokens name it (their issuer).
   * One general shape for such platforms; absent when not given, written only when set.
   */
  ciProject?: { organization: string; project: string; organizationId?: string };
  /**
   * The stack's directory relative to its git repository root ('' at the root). Below the root,
   * the workflows are written to the root's .github/workflows/ (the only place GitHub reads them).
   * Written to devops-stack.yaml only when not empty, so files at the root read as before.
   */
  directory: string;
  /** How the pipeline files are named; written to devops-stack.yaml only when not default. */
  ciFiles: CiFiles;
  /** IAM principals with cluster-admin access besides the deploy roles (people using kubectl). */
  clusterAdmins: string[];
  /** The service's public hostname ('' for none): the Ingress serves HTTPS for it. Written only when set. */
  domain: string;
  app: AppAnswers;
  stateBucket: string;
  backingServices: BackingService[];
  /**
   * Owner mode by path (or directory, with a trailing '/'), overriding the defaults in
   * src/lock/ownership.ts. Absent means {}: left out so that devops-stack.yaml stays
   * as short as before for everyone who never sets it.
   */
  ownership?: Record<string, OwnerMode>;
  /**
   * Steps left out: not rendered, their facts empty, the rules that read them not run.
   * Written to devops-stack.yaml only when not empty, as ownership, so the file does not change for everyone else.
   */
  skip: SkippableStep[];
}

/** The steps left out, in the order steps run ([] when none). */
export function skippedSteps(answers: Partial<Pick<Answers, 'skip'>>): SkippableStep[] {
  return SKIPPABLE_STEPS.filter((step) => answers.skip?.includes(step));
}

/** The order in which answers are written back to devops-stack.yaml. */
export const ANSWER_KEYS: readonly (keyof Answers)[] = [
  'name',
  'tier',
  'stack',
  'ci',
  'cloud',
  'gcp',
  'azure',
  'iac',
  'target',
  'strategy',
  'environments',
  'region',
  'secondaryRegion',
  'repository',
  'repositoryIds',
  'ciServer',
  'ciJob',
  'ciIdentity',
  'branch',
  'ciProject',
  'directory',
  'ciFiles',
  'clusterAdmins',
  'domain',
  'app',
  'stateBucket',
  'backingServices',
  'ownership',
  'skip',
];
