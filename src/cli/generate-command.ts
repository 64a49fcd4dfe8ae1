import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { githubReach } from '../config/repository-root.js';
import { InputError } from '../core/errors.js';
import { generate } from '../core/pipeline.js';
import { startTokenizer } from '../integration/tokens.js';
import { answersHash, planGenerateWrites, type GenerateWrites } from '../lock/generate-plan.js';
import { formatExistingRepo, withExistingRepo } from '../lock/generate-report.js';
import { isKnownPath } from '../lock/known-paths.js';
import { LOCK_PATH, newerLockProblem, readLock, type Lock } from '../lock/lock.js';
import type { Answers } from '../config/answers.js';
import type { Detection } from '../detect/index.js';
import { readStackFiles } from '../write/read-stack.js';
import { VERSION } from '../version.js';
import { journalPending, recoverInterrupted } from '../write/journal.js';
import { acquireRunLock, releaseRunLock } from '../write/run-lock.js';
import { filesProblem, realDirectory } from '../write/stack-paths.js';
import { diffAgainstDisk, OverwriteRefused, writeTree } from '../write/writer.js';
import type { CliOptions } from './args.js';
import type { CliIo } from './io.js';
import { buildReport, formatSummary } from './report.js';
import { checkCompleteness } from '../completeness/check.js';
import { resolveGuidedInput, isInteractive } from '../prompt/guided-input.js';
import { progressLine, style } from '../prompt/style.js';
import { formatWarnings } from '../prompt/warnings.js';

const ANSWERS = 'devops-stack.yaml';

/**
 * What the lock on disk forbids before anything is planned: a newer version's lock (this one would
 * undo its changes), and a stack whose devops-stack.yaml is gone while its lock records other
 * answers (regenerating from defaults would silently turn it into another stack).
 */
function lockProblems(lock: Lock | undefined, dir: string, options: CliOptions, answers: Answers): void {
  if (!lock) return;
  const newer = newerLockProblem(lock, VERSION, '');
  if (newer) throw new InputError([newer], 'lock');
  if (options.config === undefined && !existsSync(join(dir, ANSWERS)) && lock.answers !== answersHash(answers)) {
    throw new InputError([
      {
        where: ANSWERS,
        message: `is missing, but ${LOCK_PATH} records a stack generated from other answers (by create-devops-stack ${lock.version}); generating now would replace it with a stack of ${options.yes ? 'defaults' : 'these answers'}`,
        remedy: `Restore it (git checkout -- ${ANSWERS}) and run again, or pass --config FILE; to start a new stack here on purpose, delete ${LOCK_PATH} first.`,
      },
    ]);
  }
}

/** Links where the stack's files go are never written through, --force or not. */
function refuseLinks(planned: GenerateWrites): void {
  if (!planned.links.length) return;
  throw filesProblem(
    planned.links.map((path) => ({
      where: path,
      message: 'is a symbolic link: create-devops-stack never writes through or replaces a link',
      remedy: `Replace the link with a regular file, or set ownership "${path}": user in ${ANSWERS} to leave it alone.`,
    })),
  );
}

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
  // A stack below the repository root writes its workflows to the root's .github/workflows/ (answers `directory`), and nowhere else outside dir.
  const reach = githubReach(dir, answers.directory);
  const s = style(io.isTTY, io.env);
  const kept = keptDockerfile(dir, reach, detection);
  const generation = await generate(answers, { ...(progress ? { onProgress: (e) => io.stderr(progressLine(s, e)) } : {}), ...(kept ? { kept } : {}) });
  const plan = (): GenerateWrites => {
    const lock = readLock(dir);
    lockProblems(lock, dir, options, answers);
    return planGenerateWrites(diffAgainstDisk(generation.tree, dir, reach), dir, answers, lock, VERSION, reach);
  };
  let planned: GenerateWrites;
  let written = false;
  if (options.dryRun) {
    if (journalPending(realDirectory(dir))) throw interruptedRunPending(dir);
    planned = plan();
  } else {
    // One writing run per stack at a time; a run killed earlier is finished or undone first.
    const lock = acquireRunLock(dir, 'create-devops-stack generate', true);
    try {
      const recovered = recoverInterrupted(lock.dir, isKnownPath);
      if (recovered) io.stderr(`${recovered.outcome === 'finished' ? 'Finished' : 'Undid'} an interrupted run of process ${recovered.pid} (${recovered.files} file operations) before this one.\n`);
      planned = plan();
      refuseLinks(planned);
      if (planned.writes.length > 0 || planned.removed.length > 0) {
        if (planned.refused.length && !options.force) throw new OverwriteRefused(planned.refused);
        writeTree(planned.writes, dir, { force: true, remove: planned.removed, lock, removable: isKnownPath, ...(reach ? { reach } : {}) });
        written = true;
      }
    } finally {
      releaseRunLock(lock);
    }
  }
  const base = buildReport({ version: VERSION, dir: options.dir, dryRun: options.dryRun }, generation, planned.changes, written);
  const report = { ...withExistingRepo(base, planned, detection, answers.app), completeness: checkCompleteness(generation.plan, generation.tree), warnings, ...(goal ? { goal } : {}) };
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatSummary(report, generation, s) + formatExistingRepo(report));
  return 0;
}

export function interruptedRunPending(dir: string): InputError {
  return filesProblem([
    {
      where: dir,
      message: 'a run was interrupted here (its journal, .devops-stack.run.journal, is still there), so the files are half way between two versions',
      remedy: 'Run create-devops-stack (or upgrade) without --dry-run: it finishes or undoes the interrupted run first.',
    },
  ]);
}

/**
 * The repository's own Dockerfile, which stays in place of ours (adopted, owner user): the image
 * facts and rules read it, since it is what CI builds. Unreadable (a link, not UTF-8): not judged.
 */
function keptDockerfile(dir: string, reach: string | undefined, detection: Detection | undefined): Map<string, string> | undefined {
  const found = detection?.detected.find((d) => d.field === 'dockerfile' && !d.ignored);
  if (!found) return undefined;
  try {
    const text = readStackFiles(dir, reach, [found.file], () => true).get(found.file)?.text;
    return text === undefined ? undefined : new Map([[found.file, text]]);
  } catch {
    return undefined;
  }
}
