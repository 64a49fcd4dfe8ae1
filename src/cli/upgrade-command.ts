/**
 * `create-devops-stack upgrade [dir]`: preflight (nothing written if any check fails),
 * re-render, decide per file, write atomically, report. Exit 1 when conflicts were
 * written, so a script or bot cannot mistake a conflicted upgrade for success.
 */
import { resolve } from 'node:path';
import { githubReach } from '../config/repository-root.js';
import { InputError } from '../core/errors.js';
import { generate } from '../core/pipeline.js';
import { applyUpgrade } from '../upgrade/apply.js';
import { writes } from '../upgrade/plan.js';
import { preflight } from '../upgrade/preflight.js';
import { buildUpgradeReport, formatDiffs, formatUpgrade } from '../upgrade/report.js';
import { planUpgrade } from '../upgrade/run.js';
import { VERSION } from '../version.js';
import type { CliOptions } from './args.js';
import type { CliIo } from './io.js';

export async function upgradeCommand(options: CliOptions, io: CliIo): Promise<number> {
  if (Object.keys(options.answers).length) {
    throw new InputError([{ where: 'command line', message: `upgrade takes its answers from devops-stack.yaml, not flags (got ${Object.keys(options.answers).join(', ')})`, remedy: 'Edit devops-stack.yaml, then run create-devops-stack upgrade.' }]);
  }
  const dir = resolve(io.cwd, options.dir);
  const { answers, lock } = preflight({
    dir,
    ...(options.config ? { config: resolve(io.cwd, options.config) } : {}),
    version: VERSION,
    allowDirty: options.allowDirty || options.dryRun,
    command: 'upgrade',
  });
  const reach = githubReach(dir, answers.directory);
  const generation = await generate(answers, { budgets: false });
  const plan = planUpgrade(dir, generation.tree, answers, lock, VERSION);
  const written = !options.dryRun && (plan.decisions.some(writes) || lock.version !== VERSION || plan.answersChanged);
  if (written) applyUpgrade(plan, generation.tree, dir, reach);
  const report = buildUpgradeReport(plan, options.dir, options.dryRun, written);
  if (options.json) io.stdout(`${JSON.stringify(options.dryRun ? { ...report, diff: formatDiffs(plan.decisions) } : report, null, 2)}\n`);
  else io.stdout((options.dryRun ? formatDiffs(plan.decisions) : '') + formatUpgrade(report));
  return report.ok ? 0 : 1;
}
