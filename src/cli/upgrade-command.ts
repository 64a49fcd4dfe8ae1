/**
 * `create-devops-stack upgrade [dir]`: preflight (nothing written if any check fails),
 * re-render, decide per file, write atomically, report. Exit 1 when the upgrade leaves the
 * stack short of the new version (conflicts written, files it could not merge, markers left
 * from before) or the files disagree afterwards (a consistency rule fails), so that a script or
 * bot cannot mistake it for success.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { rulesOnDisk } from '../check/run.js';
import { githubReach } from '../config/repository-root.js';
import { InputError } from '../core/errors.js';
import { generate } from '../core/pipeline.js';
import { isKnownPath } from '../lock/known-paths.js';
import { applyUpgrade } from '../upgrade/apply.js';
import { writes } from '../upgrade/plan.js';
import { preflight } from '../upgrade/preflight.js';
import { buildUpgradeReport, formatDiffs, formatUpgrade } from '../upgrade/report.js';
import { planUpgrade } from '../upgrade/run.js';
import { VERSION } from '../version.js';
import { journalPending, recoverInterrupted } from '../write/journal.js';
import { acquireRunLock, releaseRunLock, type RunLock } from '../write/run-lock.js';
import { realDirectory } from '../write/stack-paths.js';
import type { CliOptions } from './args.js';
import { interruptedRunPending } from './generate-command.js';
import type { CliIo } from './io.js';

/** The root's workflows a lock names, readable even when the answers no longer name the directory (apply refuses to remove them then). */
function readingReach(dir: string, answersDirectory: string, lockDirectory: string | undefined): string | undefined {
  if (answersDirectory) return githubReach(dir, answersDirectory);
  if (!lockDirectory) return undefined;
  try {
    return githubReach(dir, lockDirectory);
  } catch {
    return undefined;
  }
}

async function upgrade(options: CliOptions, io: CliIo, dir: string, lock: RunLock | undefined): Promise<number> {
  const { answers, lock: previous } = preflight({
    dir,
    ...(options.config ? { config: resolve(io.cwd, options.config) } : {}),
    version: VERSION,
    allowDirty: options.allowDirty || options.dryRun,
    command: 'upgrade',
  });
  const reach = githubReach(dir, answers.directory);
  const generation = await generate(answers, { budgets: false });
  const plan = planUpgrade(dir, generation.tree, answers, previous, VERSION, readingReach(dir, answers.directory, previous.directory));
  const written = !options.dryRun && (plan.decisions.some(writes) || previous.version !== VERSION || plan.answersChanged);
  if (written) applyUpgrade(plan, generation.tree, dir, reach, lock!);
  // The rules on the files as the upgrade leaves them: a merge can keep a value the new render changed elsewhere.
  const after = new Map(plan.decisions.map((d) => [d.path, d.action === 'removed' ? undefined : writes(d) ? d.after : d.before]));
  const findings = rulesOnDisk(generation.plan, generation.tree, after).filter((f) => f.level === 'error');
  const report = buildUpgradeReport(plan, options.dir, options.dryRun, written, findings);
  if (options.json) io.stdout(`${JSON.stringify(options.dryRun ? { ...report, diff: formatDiffs(plan.decisions) } : report, null, 2)}\n`);
  else io.stdout((options.dryRun ? formatDiffs(plan.decisions) : '') + formatUpgrade(report));
  return report.ok ? 0 : 1;
}

export async function upgradeCommand(options: CliOptions, io: CliIo): Promise<number> {
  if (Object.keys(options.answers).length) {
    throw new InputError([{ where: 'command line', message: `upgrade takes its answers from devops-stack.yaml, not flags (got ${Object.keys(options.answers).join(', ')})`, remedy: 'Edit devops-stack.yaml, then run create-devops-stack upgrade.' }], 'usage');
  }
  const dir = resolve(io.cwd, options.dir);
  if (options.dryRun || !existsSync(dir)) {
    if (journalPending(realDirectory(dir))) throw interruptedRunPending(dir);
    return upgrade(options, io, dir, undefined);
  }
  // One writing run per stack at a time; a run killed earlier is finished or undone first.
  const lock = acquireRunLock(dir, 'create-devops-stack upgrade', false);
  try {
    const recovered = recoverInterrupted(lock.dir, isKnownPath);
    if (recovered) io.stderr(`${recovered.outcome === 'finished' ? 'Finished' : 'Undid'} an interrupted run of process ${recovered.pid} (${recovered.files} file operations) before this one.\n`);
    return await upgrade(options, io, dir, lock);
  } finally {
    releaseRunLock(lock);
  }
}
