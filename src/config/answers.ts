/**
 * The validated, fully defaulted answers: the only input of the generator.
 * Mirrors schemas/devops-stack.schema.json; test/schema.test.ts keeps the two in step.
 */
export type Tier = 'T1' | 'T2' | 'T3';
export type Stack = 'node' | 'python' | 'go' | 'java';
export type CiPlatform = 'github-actions' | 'gitlab-ci';
export type Cloud = 'aws';
export type Iac = 'terraform';
export type Target = 'kubernetes';
export type Strategy = 'rolling' | 'recreate' | 'canary' | 'blue-green';
export type BackingService = 'postgres' | 'redis';
/** Who owns a generated file: managed (kept up to date), seeded (written once, then yours), user (never touched). */
export type OwnerMode = 'managed' | 'seeded' | 'user';
/** Steps that can be left out: nothing else reads their files (see src/prompt/leave-out.ts). */
export type SkippableStep = 'cicd' | 'observability';
export const SKIPPABLE_STEPS: readonly SkippableStep[] = ['cicd', 'observability'];

export interface AppAnswers {
  port: number;
  healthPath: string;
  readinessPath: string;
  metricsPath: string;
  migrateCommand: string[];
}

export interface Answers {
  name: string;
  tier: Tier;
  stack: Stack;
  ci: CiPlatform;
  cloud: Cloud;
  iac: Iac;
  target: Target;
  strategy: Strategy;
  environments: string[];
  region: string;
  /** 'none', or the second production region (T3). */
  secondaryRegion: string;
  repository: string;
  /**
   * Numeric ids of the repository and its owner, where the CI platform puts them in its OIDC
   * subjects (GitHub's immutable subjects). Absent when not given: written only when set.
   */
  repositoryIds?: { owner: number; repository: number };
  /**
   * A self-managed CI server's URL (https://gitlab.example.com): its tokens' issuer. Absent means
   * the platform's SaaS; written only when set.
   */
  ciServer?: string;
  /**
   * The stack's directory relative to its git repository root ('' at the root). Below the root,
   * the workflows are written to the root's .github/workflows/ (the only place GitHub reads them).
   * Written to devops-stack.yaml only when not empty, so files at the root read as before.
   */
  directory: string;
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
  'iac',
  'target',
  'strategy',
  'environments',
  'region',
  'secondaryRegion',
  'repository',
  'repositoryIds',
  'ciServer',
  'directory',
  'clusterAdmins',
  'domain',
  'app',
  'stateBucket',
  'backingServices',
  'ownership',
  'skip',
];
