/**
 * `create-devops-stack check [dir...]`: the CI gate. Regenerates in memory and compares
 * (src/check/), in one process, reading files only. Several stacks (a monorepo's services)
 * are checked in the same process. Exit 0 clean, 1 findings, and 2 (from main) when it
 * could not run: no answers or lock, invalid answers.
 */
import { join, relative, resolve } from 'node:path';
import { formatCheck, stackReport, type StackReport } from '../check/report.js';
import { runCheck } from '../check/run.js';
import { githubReach } from '../config/repository-root.js';
import { writeReport } from './write-report.js';
import { toSarif } from '../check/sarif.js';
import { unchangedReport } from '../check/unchanged.js';
import { generate } from '../core/pipeline.js';
import { preflight } from '../upgrade/preflight.js';
import { VERSION } from '../version.js';
import type { CliOptions } from './args.js';
import type { CliIo } from './io.js';
import { stackDirectories } from './stack-dirs.js';

/** A stack re-rendered in memory and compared, file by file, with the rules re-run on the disk. */
export async function checkStackFully(dir: string, shownAs: string, options: CliOptions, io: CliIo): Promise<StackReport> {
  // allowDirty: check never looks at git (no child process); it compares files only.
  const config = options.config && options.dirs.length <= 1 ? { config: resolve(io.cwd, options.config) } : {};
  const { answers, lock } = preflight({ dir, ...config, version: VERSION, allowDirty: true, command: 'check' });
  // The answers' directory must be where the stack is, in a git repository: its workflows are read from that root's .github/workflows/.
  const reach = githubReach(dir, answers.directory);
  const generation = await generate(answers, { budgets: false });
  const result = runCheck(dir, generation.plan, generation.tree, answers, lock, reach);
  return { ...stackReport(shownAs, lock.version, result.files, result.findings, result.ok), directory: answers.directory };
}

async function checkStack(dir: string, options: CliOptions, io: CliIo): Promise<StackReport> {
  const shownAs = relative(io.cwd, dir) || '.';
  // With another answers file (--config), the lock's record of the answers does not apply.
  return (options.config || options.full ? undefined : unchangedReport(dir, shownAs)) ?? (await checkStackFully(dir, shownAs, options, io));
}

export async function checkCommand(options: CliOptions, io: CliIo): Promise<number> {
  const reports: StackReport[] = [];
  for (const dir of stackDirectories(io.cwd, options.dirs)) reports.push(await checkStack(dir, options, io));
  const ok = reports.every((r) => r.ok);
  if (options.sarif) {
    // One SARIF log for all stacks: each finding located from the repository root when the answers know it
    // (a monorepo stack checked in its own directory), else from where check runs (the checkout root in CI).
    const located = reports.flatMap((r) => r.findings.map((f) => ({ ...f, files: f.files.map((p) => join(r.directory || r.dir, p).split('\\').join('/')) })));
    writeReport(resolve(io.cwd, options.sarif), options.sarif, '--sarif', `${JSON.stringify(toSarif(located, VERSION, (p) => p), null, 2)}\n`);
  }
  io.stdout(formatCheck(reports, { json: options.json, dir: options.dir }, VERSION));
  return ok ? 0 : 1;
}
