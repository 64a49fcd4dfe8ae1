import { resolve } from 'node:path';
import { generate } from '../core/pipeline.js';
import { VERSION } from '../version.js';
import { diffAgainstDisk, writeTree } from '../write/writer.js';
import type { CliOptions } from './args.js';
import type { CliIo } from './io.js';
import { buildReport, formatSummary } from './report.js';
import { resolveInput } from './resolve-input.js';

/** Generates the stack into options.dir. Errors propagate to main(), which maps them to exit codes. */
export async function generateCommand(options: CliOptions, io: CliIo): Promise<number> {
  const { answers } = resolveInput(options, io.cwd);
  const dir = resolve(io.cwd, options.dir);
  const progress = !options.json && io.isTTY;
  const generation = await generate(answers, progress ? { onProgress: (e) => io.stderr(`  step ${e.index} of ${e.total}: ${e.title}\n`) } : {});
  const changes = diffAgainstDisk(generation.tree, dir);
  const writes = changes.some((c) => c.status !== 'unchanged');
  if (!options.dryRun && writes) writeTree(changes, dir, { force: options.force });
  const report = buildReport({ version: VERSION, dir: options.dir, dryRun: options.dryRun }, generation, changes, !options.dryRun && writes);
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatSummary(report, generation));
  return 0;
}
