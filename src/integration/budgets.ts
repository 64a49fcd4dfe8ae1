import type { Tier } from '../config/answers.js';
import type { FileTree, Producer } from '../core/files.js';
import { countTokensOf } from './tokens.js';

export type BudgetedProducer = Exclude<Producer, 'answers'>;

/**
 * Token budgets per tier: what each step may write, and the whole stack. They keep the
 * generated setup small enough to read, review and hand to an assistant in one go.
 * Each is the largest output of that step over the validation matrix (every stack, option
 * and tier, with the default names and with the longest names allowed) plus ~10%; T1's
 * total is fixed (10,000, plus the 2,900 the least-privilege IAM policies of the CI roles take
 * since they were split and scoped per environment), and its steps share it: CI/CD gets the
 * room a stack below the repository root needs (its directory in the path filters,
 * working-directory and action inputs), the guides less. README "Token budgets" explains what
 * each tier spends them on.
 */
export const BUDGETS: Record<Tier, Record<BudgetedProducer | 'total', number>> = {
  T1: { cicd: 1900, iac: 5700, observability: 2300, deployment: 2000, integration: 1650, total: 12900 },
  T2: { cicd: 5500, iac: 7900, observability: 10000, deployment: 4800, integration: 3200, total: 30800 },
  T3: { cicd: 11700, iac: 12500, observability: 12300, deployment: 6000, integration: 4500, total: 45900 },
};

export interface TokenReport {
  tier: Tier;
  byFile: Record<string, number>;
  byStep: { step: BudgetedProducer | 'total'; tokens: number; budget: number; over: boolean }[];
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
