/**
 * Answers for a run: guided on a terminal (no --yes, no --json), straight from the
 * answers file, goal and flags otherwise. Without a TTY nothing ever waits for input.
 */
import { resolveAnswers } from '../config/load.js';
import { collectInput, resolveInput, type ResolvedInput } from '../cli/resolve-input.js';
import type { CliOptions } from '../cli/args.js';
import type { CliIo } from '../cli/io.js';
import { applyStackAnswers } from '../detect/index.js';
import type { PromptAdapter } from './adapter.js';
import { guidedRun } from './flow.js';
import { warningsFor } from './warnings.js';

export function isInteractive(options: CliOptions, io: Pick<CliIo, 'isTTY'>): boolean {
  return io.isTTY && !options.yes && !options.json;
}

/** undefined: the user quit the guided run; nothing is to be written. */
export async function resolveGuidedInput(options: CliOptions, io: CliIo): Promise<ResolvedInput | undefined> {
  if (!isInteractive(options, io)) return resolveInput(options, io.cwd);
  const { base, flags, sources, detection } = collectInput(options, io.cwd);
  const ui: PromptAdapter = io.prompts ? await io.prompts() : await (await import('./clack-adapter.js')).clackAdapter();
  const outcome = await guidedRun({ base, flags, goal: options.goal, detection }, ui);
  if ('cancelled' in outcome) return undefined;
  const answers = resolveAnswers(applyStackAnswers(outcome.raw, detection));
  return { answers, sources: [...sources, 'guided run'], detection, ...(outcome.goal ? { goal: outcome.goal } : {}), warnings: warningsFor(answers, { goal: outcome.goal, detection }) };
}
