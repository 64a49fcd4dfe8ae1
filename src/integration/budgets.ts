import type { Answers, Cloud, Tier } from '../config/answers.js';
import { defaultStateBucket, MIGRATE_COMMANDS, STATIC_DEFAULTS } from '../config/defaults.js';
import type { FileTree, Producer } from '../core/files.js';
import { countTokensOf } from './tokens.js';

export type BudgetedProducer = Exclude<Producer, 'answers'>;

/**
 * Token budgets per tier: what each step may write, and the whole stack. They keep the
 * generated setup small enough to read, review and hand to an assistant in one go.
 * Each is the largest output of that step over the validation matrix (every stack, option
 * and tier, with the default names and with the longest names allowed, in the longest
 * directory, with as many environments and cluster admins as the schema allows) plus 5–10%;
 * T1's total is fixed at 10,000, and its steps share it: CI/CD gets the room a stack below the
 * repository root needs (its directory in the path filters, working-directory and action
 * inputs) on the largest CI platform (GitLab CI, whose jobs install their tools by a script
 * with a pinned checksum per tool), the guides less. A stack's own names are counted fairly
 * (fairCounting below), so the budgets hold for every value the schema accepts. README "Token
 * budgets" explains what each tier spends them on.
 */
export const BUDGETS: Record<Tier, Record<BudgetedProducer | 'total', number>> = {
  T1: { cicd: 2450, iac: 5700, observability: 2300, deployment: 2000, integration: 1600, total: 10000 },
  T2: { cicd: 7450, iac: 10000, observability: 16000, deployment: 5350, integration: 3650, total: 40000 },
  T3: { cicd: 17500, iac: 14500, observability: 19600, deployment: 6900, integration: 4850, total: 61500 },
};

export interface TokenReport {
  tier: Tier;
  byFile: Record<string, number>;
  /**
   * `tokens` counts what was written. `reference`, present only when some step's count was over its
   * budget: the count of the same stack with the reference values of fairCounting(); `over` then
   * judges that count (see below).
   */
  byStep: { step: BudgetedProducer | 'total'; tokens: number; budget: number; over: boolean; reference?: number }[];
}

/**
 * The values the budgets are judged with when a stack's own are over: names of an ordinary
 * length, in ordinary words (a service's name as teams write it, a group-and-service repository,
 * a service below a services/ directory). The budgets measure what the generator writes; how long
 * a team's names are is theirs. test/budgets.test.ts generates every stack of the matrix with the
 * longest and the worst-tokenizing names the schema accepts, and holds each to these.
 */
export const REFERENCE_VALUES = {
  name: 'orders-service',
  repository: 'acme-shop/orders-service',
  directory: 'services/orders-service',
  clusterAdmin: (i: number): string => `arn:aws:iam::123456789012:role/platform-admin-${i + 1}`,
  region: 'eu-central-1',
  secondaryRegion: 'eu-west-1',
  ciProject: { organization: 'acme-shop', project: 'orders', organizationId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' },
  domain: 'orders.acme-shop.com',
} as const;

/**
 * Each cloud's own reference values (its region names, principals, Google Cloud's project): a
 * stack is counted again in its own cloud's ordinary words, never in another cloud's.
 */
export const REFERENCE_BY_CLOUD: Record<Cloud, { region: string; secondaryRegion: string; clusterAdmin(i: number): string; extra: Partial<Answers> }> = {
  aws: { region: REFERENCE_VALUES.region, secondaryRegion: REFERENCE_VALUES.secondaryRegion, clusterAdmin: REFERENCE_VALUES.clusterAdmin, extra: {} },
  gcp: {
    region: 'europe-west4',
    secondaryRegion: 'europe-west1',
    clusterAdmin: (i) => `group:platform-admins-${i + 1}@acme-shop.com`,
    extra: { gcp: { project: 'acme-shop-prod' } },
  },
  azure: {
    region: 'westeurope',
    secondaryRegion: 'northeurope',
    clusterAdmin: (i) => `5f0c2a7e-1b3d-4c8e-9a6f-0d2b4e6f8a${String(10 + i).padStart(2, '0')}`,
    extra: { azure: { subscription: '3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' } },
  },
};

/** Reference environment names for n environments, production last (ordinary, short words as users give them). */
function referenceEnvironments(n: number): string[] {
  if (n === 1) return ['prod'];
  const before = ['dev', 'test', 'qa', 'uat', 'staging'];
  return [...(n === 2 ? ['staging'] : n === 3 ? ['dev', 'staging'] : before.slice(0, n - 1)), 'prod'];
}

/**
 * Fair counting. A budget limits what the generator writes, not how the user's own words tokenize:
 * a random-looking 32-character name costs about 20 tokens where a readable one costs 5, and it is
 * written about 90 times in a T1 stack. So a stack whose exact count is over a budget is counted
 * again with each value of the user's own (names, repository, directory, environment names, regions,
 * bucket, cluster admins, CI organization and project, domain, probe paths, migration command; the app's own settings, listed once each in
 * the environment and the guides, dropped) replaced by its reference: the longest
 * names allowed, in ordinary words, and the defaults. Everything else (tier, language, strategy,
 * services, how many environments and admins) stays as given. undefined when nothing would change.
 */
export function fairCounting(answers: Answers): Answers | undefined {
  const name = REFERENCE_VALUES.name;
  const repository = REFERENCE_VALUES.repository;
  const cloud = REFERENCE_BY_CLOUD[answers.cloud];
  const region = cloud.region;
  const reference: Answers = {
    ...answers,
    ...cloud.extra,
    name,
    repository,
    region,
    secondaryRegion: answers.secondaryRegion === 'none' ? 'none' : cloud.secondaryRegion,
    directory: answers.directory ? REFERENCE_VALUES.directory : '',
    environments: referenceEnvironments(answers.environments.length),
    stateBucket: defaultStateBucket(name, repository, region),
    clusterAdmins: answers.clusterAdmins.map((_, i) => cloud.clusterAdmin(i)),
    domain: answers.domain ? REFERENCE_VALUES.domain : '',
    ...(answers.ciProject ? { ciProject: { ...REFERENCE_VALUES.ciProject } } : {}),
    app: { ...answers.app, healthPath: STATIC_DEFAULTS.app.healthPath, readinessPath: STATIC_DEFAULTS.app.readinessPath, metricsPath: STATIC_DEFAULTS.app.metricsPath, migrateCommand: MIGRATE_COMMANDS[answers.stack], settings: [] },
  };
  return JSON.stringify(reference) === JSON.stringify(answers) ? undefined : reference;
}

/** The report with the reference count of each step, judging the budgets by it. */
export function withReference(report: TokenReport, reference: TokenReport): TokenReport {
  return {
    ...report,
    byStep: report.byStep.map((s) => {
      const counted = reference.byStep.find((r) => r.step === s.step)?.tokens ?? s.tokens;
      return { ...s, reference: counted, over: counted > s.budget };
    }),
  };
}

const ORDER: BudgetedProducer[] = ['cicd', 'iac', 'observability', 'deployment', 'integration'];

export async function tokenReport(tree: FileTree, tier: Tier): Promise<TokenReport> {
  const files = [...tree.values()].filter((f) => f.producer !== 'answers');
  const counts = await countTokensOf(files.map((f) => f.content));
  const byFile: Record<string, number> = {};
  const perStep = new Map<BudgetedProducer, number>(ORDER.map((s) => [s, 0]));
  files.forEach((file, i) => {
    const tokens = counts[i] ?? 0;
    byFile[file.path] = tokens;
    const step = file.producer as BudgetedProducer;
    perStep.set(step, (perStep.get(step) ?? 0) + tokens);
  });
  const budgets = BUDGETS[tier];
  const byStep: TokenReport['byStep'] = ORDER.map((step) => {
    const tokens = perStep.get(step) ?? 0;
    return { step, tokens, budget: budgets[step], over: tokens > budgets[step] };
  });
  const total = byStep.reduce((sum, s) => sum + s.tokens, 0);
  byStep.push({ step: 'total', tokens: total, budget: budgets.total, over: total > budgets.total });
  return { tier, byFile, byStep };
}
