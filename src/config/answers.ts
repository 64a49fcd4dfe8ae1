/**
 * The validated, fully defaulted answers: the only input of the generator.
 * Mirrors schemas/devops-stack.schema.json; test/schema.test.ts keeps the two in step.
 */
export type Tier = 'T1' | 'T2' | 'T3';
export type Stack = 'node' | 'python' | 'go' | 'java';
export type CiPlatform = 'github-actions';
export type Cloud = 'aws';
export type Iac = 'terraform';
export type Target = 'kubernetes';
export type Strategy = 'rolling' | 'recreate' | 'canary' | 'blue-green';
export type BackingService = 'postgres' | 'redis';

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
  app: AppAnswers;
  stateBucket: string;
  backingServices: BackingService[];
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
  'app',
  'stateBucket',
  'backingServices',
];
