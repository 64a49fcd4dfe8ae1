/**
 * Token budgets per tier: what each step may write, and the whole stack. They keep
 * generated files small enough to read, review and hand to an assistant in one go.
 * Each budget holds the T1 reference stacks with room for a 32-character name (the longest
 * allowed, which adds ~6 tokens at each of the ~95 places the name appears); T1's total is 10,000.
 */
import type { Tier } from '../config/answers.js';
import type { FileTree, Producer } from '../core/files.js';
import { countTokensOf } from './tokens.js';

export type BudgetedProducer = Exclude<Producer, 'answers'>;

export const BUDGETS: Record<Tier, Record<BudgetedProducer | 'total', number>> = {
  T1: { cicd: 1900, iac: 3400, observability: 2300, deployment: 1700, integration: 1700, total: 10000 },
  // Provisional until the T2/T3 reference stacks settle; see README "Token budgets".
  T2: { cicd: 6000, iac: 7000, observability: 7000, deployment: 6000, integration: 3500, total: 28000 },
  T3: { cicd: 9000, iac: 10000, observability: 9000, deployment: 9000, integration: 4500, total: 40000 },
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
