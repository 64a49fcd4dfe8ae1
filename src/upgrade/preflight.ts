/**
 * Every check upgrade makes before it writes anything, all reported at once:
 * answers file and lock present, no downgrade, answers valid, git tree clean.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Answers } from '../config/answers.js';
import { parseAnswersFile, readAnswersText } from '../config/answers-file.js';
import { resolveAnswers } from '../config/load.js';
import { InputError, type Problem } from '../core/errors.js';
import { LOCK_PATH, newerLockProblem, readLock, type Lock } from '../lock/lock.js';
import { isGitWorkTree, uncommittedChanges } from './git.js';
import { RUN_LOCK } from '../write/run-lock.js';

export class PreflightFailed extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
  }
}

export { compareVersions } from '../lock/lock.js';

export interface PreflightInput {
  dir: string;
  config?: string;
  version: string;
  /** Skip the clean-tree check (--allow-dirty, or --dry-run, which writes nothing). */
  allowDirty: boolean;
  /** The command name, for messages ("upgrade", "check"). */
  command: string;
}

export interface Loaded {
  answers: Answers;
  lock: Lock;
}

function loadAnswers(path: string, problems: Problem[]): Answers | undefined {
  if (!existsSync(path)) {
    problems.push({ where: path, message: 'does not exist', remedy: 'Run create-devops-stack in this directory first: it writes devops-stack.yaml and the lock.' });
    return undefined;
  }
  try {
    return resolveAnswers(parseAnswersFile(readAnswersText(path), path));
  } catch (error) {
    if (error instanceof InputError) problems.push(...error.problems);
    else throw error;
    return undefined;
  }
}

export function preflight(input: PreflightInput): Loaded {
  const problems: Problem[] = [];
  const answers = loadAnswers(input.config ? resolve(input.config) : join(input.dir, 'devops-stack.yaml'), problems);
  let lock: Lock | undefined;
  try {
    lock = readLock(input.dir);
    if (!lock) problems.push({ where: LOCK_PATH, message: 'does not exist, so there is no record of what was generated', remedy: 'Run create-devops-stack once with your devops-stack.yaml (add --force to replace files edited by hand): it writes the lock.' });
  } catch (error) {
    if (error instanceof InputError) problems.push(...error.problems);
    else throw error;
  }
  const newer = lock && newerLockProblem(lock, input.version, input.command);
  if (newer) problems.push(newer);
  if (!input.allowDirty) {
    if (!isGitWorkTree(input.dir)) {
      problems.push({ where: input.dir, message: 'is not in a git work tree: there would be no way to review or undo the upgrade', remedy: 'Run git init and commit first, or pass --allow-dirty to upgrade anyway.' });
    } else {
      // The stack's files outside its directory (workflows at the repository root) must be committed too.
      // This run's own lock file is not a change of the user's.
      const dirty = uncommittedChanges(input.dir, Object.keys(lock?.files ?? {}).filter((p) => p.startsWith('../'))).filter((line) => !line.endsWith(RUN_LOCK));
      if (dirty.length) {
        const shown = dirty.slice(0, 5).map((l) => l.slice(3)).join(', ') + (dirty.length > 5 ? `, and ${dirty.length - 5} more` : '');
        problems.push({ where: input.dir, message: `has uncommitted changes (${shown})`, remedy: 'Commit or stash them and retry, so the upgrade is one reviewable diff; or pass --allow-dirty.' });
      }
    }
  }
  if (problems.length || !answers || !lock) throw new PreflightFailed(problems);
  return { answers, lock };
}
