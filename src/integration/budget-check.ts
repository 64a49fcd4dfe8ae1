import { StepFailure } from '../core/errors.js';
import type { TokenReport } from './budgets.js';

const LOWER_TIER: Record<string, string | undefined> = { T3: 'T2', T2: 'T1', T1: undefined };

/** A step over its token budget fails the run, naming the step and the way out. */
export function budgetFailures(report: TokenReport): StepFailure[] {
  const lower = LOWER_TIER[report.tier];
  return report.byStep
    .filter((s) => s.over)
    .map(
      (s) =>
        new StepFailure(
          s.step === 'total' ? 'integration' : s.step,
          `${s.step === 'total' ? 'the whole stack' : `step ${s.step}`} wrote ${s.tokens} tokens${s.reference !== undefined ? ` (${s.reference} counting your names as the reference names)` : ''}, over the ${report.tier} budget of ${s.budget}`,
          lower
            ? `Generate with --tier ${lower}, which writes less, or leave options out of devops-stack.yaml.`
            : `${report.tier} is the smallest tier: shorten name or repository in devops-stack.yaml (each appears in many files); if they are short already, this is a bug in create-devops-stack, please report it.`,
        ),
    );
}
