/**
 * Defaults for every answer not given. Most come straight from the schema; the
 * few that depend on other answers (repository, state bucket) are derived here.
 */
import { sha256 } from '../core/hash.js';
import type { Answers } from './answers.js';

export type PartialAnswers = Partial<Omit<Answers, 'app'>> & { app?: Partial<Answers['app']> };

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
} as const satisfies Omit<Answers, 'environments' | 'repository' | 'stateBucket'>;

export function defaultEnvironments(): string[] {
  return ['prod'];
}

/** Bucket names are global across AWS; a short hash of repository and region avoids most clashes. */
export function defaultStateBucket(name: string, repository: string, region: string): string {
  return `${name}-tfstate-${sha256(`${repository}|${region}`).slice(0, 8)}`;
}

/** Fills every missing answer. Input must already have passed schema validation. */
export function withDefaults(given: PartialAnswers): Answers {
  const name = given.name ?? STATIC_DEFAULTS.name;
  const region = given.region ?? STATIC_DEFAULTS.region;
  const repository = given.repository ?? `OWNER/${name}`;
  return {
    name,
    tier: given.tier ?? STATIC_DEFAULTS.tier,
    stack: given.stack ?? STATIC_DEFAULTS.stack,
    ci: given.ci ?? STATIC_DEFAULTS.ci,
    cloud: given.cloud ?? STATIC_DEFAULTS.cloud,
    iac: given.iac ?? STATIC_DEFAULTS.iac,
    target: given.target ?? STATIC_DEFAULTS.target,
    strategy: given.strategy ?? STATIC_DEFAULTS.strategy,
    environments: given.environments ?? defaultEnvironments(),
    region,
    repository,
    app: { ...STATIC_DEFAULTS.app, ...given.app },
    stateBucket: given.stateBucket ?? defaultStateBucket(name, repository, region),
  };
}
