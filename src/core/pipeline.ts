/**
 * answers → plan → four pure steps → integration (facts, guides, rules, budgets)
 * → one in-memory file tree. Nothing here touches the disk.
 */
import { skippedSteps, type Answers } from '../config/answers.js';
import { serializeAnswers } from '../config/answers-file.js';
import { budgetFailures } from '../integration/budget-check.js';
import { fairCounting, tokenReport, withReference, type TokenReport } from '../integration/budgets.js';
import { renderGuides } from '../integration/guides.js';
import { extractFacts } from '../integration/facts.js';
import { RULES } from '../integration/rules/index.js';
import { keptAsWarnings, runRules, type Finding } from '../integration/rule.js';
import { expectValues, startTokenizer } from '../integration/tokens.js';
import { derivePlan } from '../plan/derive-plan.js';
import type { Plan } from '../plan/types.js';
import type { StackFacts } from '../steps/facts.js';
import { STEPS } from '../steps/index.js';
import type { Step, StepId } from '../steps/step.js';
import { StepFailure } from './errors.js';
import { buildTree, type FileTree, type VirtualFile } from './files.js';

export interface Generation {
  plan: Plan;
  tree: FileTree;
  facts: StackFacts;
  findings: Finding[];
  tokens: TokenReport;
  /** Steps left out (answers `skip`), in the order steps run. */
  skipped: StepId[];
}

/** Raised when a step or a rule fails: the run stops and writes nothing. */
export class GenerationFailed extends Error {
  constructor(
    readonly failures: StepFailure[],
    readonly findings: Finding[] = [],
  ) {
    super(failures.map((f) => f.message).join('\n'));
  }
}

/** `skipped`: the step is left out in the answers, so it does not run (not a failure). */
export type ProgressListener = (event: { step: StepId | 'integration'; index: number; total: number; title: string; skipped?: boolean }) => void;

export interface GenerateOptions {
  onProgress?: ProgressListener;
  /** The steps to run; tests replace one to see how a failure propagates. */
  steps?: readonly Step[];
  /**
   * Count tokens and enforce the budgets (default). `check` and `upgrade` compare files and
   * need neither, so they skip loading the tokenizer.
   */
  budgets?: boolean;
  /**
   * Files of the user's that stay in place of ours (a kept Dockerfile), by tree path, with their
   * content: the facts and rules read what will really be built, and their findings on such a
   * file are warnings (we never rewrite it), with what to change by hand.
   */
  kept?: ReadonlyMap<string, string>;
}

/**
 * Files of a left-out step that the others still use: without CI/CD the image is built by
 * hand (and by docker-compose) from the Dockerfile, so those two are kept.
 */
const KEPT_WHEN_SKIPPED: Partial<Record<StepId, (plan: Plan) => string[]>> = {
  cicd: (plan) => [plan.paths.dockerfile, plan.paths.dockerignore],
};

function runSteps(plan: Plan, steps: readonly Step[], skipped: readonly StepId[], onProgress?: ProgressListener): VirtualFile[] {
  const failed = new Set<StepId>();
  const failures: StepFailure[] = [];
  const files: VirtualFile[] = [];
  steps.forEach((step, index) => {
    const skip = skipped.includes(step.id);
    onProgress?.({ step: step.id, index: index + 1, total: steps.length, title: step.title, ...(skip ? { skipped: true } : {}) });
    if (skip && !KEPT_WHEN_SKIPPED[step.id]) return;
    const blockers = step.dependsOn.filter((id) => failed.has(id));
    if (blockers.length) {
      failed.add(step.id);
      return;
    }
    try {
      const kept = skip ? KEPT_WHEN_SKIPPED[step.id]!(plan) : undefined;
      files.push(...step.render(plan).filter((f) => !kept || kept.includes(f.path)));
    } catch (error) {
      failed.add(step.id);
      const skipped = steps.filter((s) => s.dependsOn.includes(step.id)).map((s) => s.id);
      failures.push(
        error instanceof StepFailure
          ? new StepFailure(step.id, error.reason, error.remedy, skipped)
          : new StepFailure(step.id, error instanceof Error ? error.message : String(error), 'This is a bug in create-devops-stack: please report it with your devops-stack.yaml.', skipped),
      );
    }
  });
  if (failures.length) throw new GenerationFailed(failures);
  return files;
}

/** The steps' files and the guides: the whole stack but for the answers file. */
function renderStack(plan: Plan, steps: readonly Step[], skipped: readonly StepId[], onProgress?: ProgressListener, kept?: ReadonlyMap<string, string>): { stepFiles: VirtualFile[]; facts: StackFacts; guides: VirtualFile[] } {
  const stepFiles = runSteps(plan, steps, skipped, onProgress);
  onProgress?.({ step: 'integration', index: steps.length, total: steps.length, title: 'integration' });
  const facts = extractFacts(buildTree(kept?.size ? stepFiles.map((f) => (kept.has(f.path) ? { ...f, content: kept.get(f.path)! } : f)) : stepFiles), plan);
  return { stepFiles, facts, guides: renderGuides(plan, facts) };
}

/**
 * The token report, judged fairly: a stack over a budget is counted again with the reference values
 * of the user's own words (src/integration/budgets.ts, fairCounting), which only bad-tokenizing
 * names need; every other stack is counted once.
 */
async function countTokens(tree: FileTree, answers: Answers, plan: Plan, steps: readonly Step[], skipped: readonly StepId[]): Promise<TokenReport> {
  const tokens = await tokenReport(tree, plan.tier);
  if (!budgetFailures(tokens).length) return tokens;
  const reference = fairCounting(answers);
  if (!reference) return tokens;
  const { stepFiles, guides } = renderStack(derivePlan(reference), steps, skipped);
  return withReference(tokens, await tokenReport(buildTree([...stepFiles, ...guides]), plan.tier));
}

export async function generate(answers: Answers, options: GenerateOptions = {}): Promise<Generation> {
  const { onProgress, steps = STEPS, budgets = true, kept } = options;
  const tokenizer = budgets ? startTokenizer() : undefined;
  // Names the table of pieces has never seen (the user's) get the rank table read while the steps render.
  if (budgets) expectValues(answers);
  const plan = derivePlan(answers);
  const skipped: StepId[] = skippedSteps(answers);
  const { stepFiles, facts, guides } = renderStack(plan, steps, skipped, onProgress, kept);
  const answersFile: VirtualFile = {
    path: plan.paths.answers,
    content: serializeAnswers(answers),
    producer: 'answers',
    summary: 'Your answers: change them and re-run to regenerate',
  };
  const tree = buildTree([...stepFiles, ...guides, answersFile]);
  const findings = keptAsWarnings(runRules(RULES, { plan, facts, tree }), kept);
  let tokens: TokenReport = { tier: plan.tier, byFile: {}, byStep: [] };
  try {
    if (budgets) {
      await tokenizer;
      tokens = await countTokens(tree, answers, plan, steps, skipped);
    }
  } catch (error) {
    // A token table unreadable (integration/tokens.ts: the piece table as the tokenizer loads, the
    // rank table when a piece needs it): reported like a failed step, nothing written.
    if (error instanceof StepFailure) throw new GenerationFailed([error]);
    throw error;
  }
  const failures = budgetFailures(tokens);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length || failures.length) throw new GenerationFailed(failures, errors);
  return { plan, tree, facts, findings, tokens, skipped };
}
