import { resolve } from 'node:path';
import { githubReach } from '../config/repository-root.js';
import { generate } from '../core/pipeline.js';
import { startTokenizer } from '../integration/tokens.js';
import { planGenerateWrites } from '../lock/generate-plan.js';
import { formatExistingRepo, withExistingRepo } from '../lock/generate-report.js';
import { readLock } from '../lock/lock.js';
import { VERSION } from '../version.js';
import { diffAgainstDisk, OverwriteRefused, writeTree } from '../write/writer.js';
import type { CliOptions } from './args.js';
import type { CliIo } from './io.js';
import { buildReport, formatSummary } from './report.js';
import { checkCompleteness } from '../completeness/check.js';
import { resolveGuidedInput, isInteractive } from '../prompt/guided-input.js';
import { progressLine, style } from '../prompt/style.js';
import { formatWarnings } from '../prompt/warnings.js';

/** Generates the stack into options.dir. Errors propagate to main(), which maps them to exit codes. */
export async function generateCommand(options: CliOptions, io: CliIo): Promise<number> {
  // The token budgets need the tokenizer: its table decompresses in the thread pool while the answers are read.
  startTokenizer();
  const input = await resolveGuidedInput(options, io);
  if (!input) return 0; // quit from the guided run: nothing written, nothing to report
  const { answers, detection, goal, warnings = [] } = input;
  const dir = resolve(io.cwd, options.dir);
  const progress = !options.json && io.isTTY;
  // The guided run resolved its warnings with the user; otherwise they are shown before anything is written.
  if (!options.json && warnings.length && !isInteractive(options, io)) io.stderr(`${formatWarnings(warnings).join('\n')}\n`);
  // A stack below the repository root writes its workflows to the root's .github/ (answers `directory`), and nowhere else outside dir.
  const reach = githubReach(dir, answers.directory);
  const s = style(io.isTTY, io.env);
  const generation = await generate(answers, progress ? { onProgress: (e) => io.stderr(progressLine(s, e)) } : {});
  // The lock decides what may be replaced (see src/lock/generate-plan.ts) and is written with the files.
  const planned = planGenerateWrites(diffAgainstDisk(generation.tree, dir, reach), dir, answers, readLock(dir), VERSION, reach);
  const writes = planned.writes.length > 0 || planned.removed.length > 0;
  if (!options.dryRun && writes) {
    if (planned.refused.length && !options.force) throw new OverwriteRefused(planned.refused);
    writeTree(planned.writes, dir, { force: true, remove: planned.removed, ...(reach ? { reach } : {}) });
  }
  const base = buildReport({ version: VERSION, dir: options.dir, dryRun: options.dryRun }, generation, planned.changes, !options.dryRun && writes);
  const report = { ...withExistingRepo(base, planned, detection), completeness: checkCompleteness(generation.plan, generation.tree), warnings, ...(goal ? { goal } : {}) };
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatSummary(report, generation, s) + formatExistingRepo(report));
  return 0;
}
