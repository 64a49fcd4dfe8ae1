/**
 * check's answer for the common case in CI, without rendering: nothing changed since the last
 * generation. A render is a pure function of the generator build and the answers, and every
 * file it wrote passed the consistency rules then (a generation that fails writes nothing). So
 * when this build wrote the lock, devops-stack.yaml is byte for byte the answers it recorded,
 * and the files it lists hold exactly that render (one digest over build, answers and every
 * file: src/lock/render-digest.ts), re-rendering and re-running the rules can only find every
 * file clean. Anything else (an edit, a missing or extra file, another build or version, a
 * lock from before the digest, a stack moved from the directory its answers name) returns
 * undefined, and the caller takes the full path.
 */
import { join } from 'node:path';
import { isGitRoot, rootAbove } from '../config/root-above.js';
import { sha256 } from '../core/hash.js';
import { readStackFiles } from '../write/read-stack.js';
import { journalPending } from '../write/journal-pending.js';
import { stackPaths } from '../write/stack-paths.js';
import { LOCK_PATH, parseLock, type Lock } from '../lock/lock.js';
import { renderDigest } from '../lock/render-digest.js';
import { BUILD, VERSION } from '../version.js';
import type { FileStatus } from './classify.js';
import { stackReport, type StackReport } from './report.js';

const ANSWERS = 'devops-stack.yaml';

function parse(text: string): Lock | undefined {
  try {
    return parseLock(text);
  } catch {
    return undefined; // the full path reports what is wrong with it
  }
}

/** The report of a stack found unchanged since generation; `shownAs` is its directory as reported. */
export function unchangedReport(dir: string, shownAs: string): StackReport | undefined {
  try {
    return fromLock(dir, shownAs);
  } catch {
    return undefined; // a link, a file where a directory goes, …: the full check reports it
  }
}

function fromLock(dir: string, shownAs: string): StackReport | undefined {
  // An interrupted run is the full check's to report.
  if (journalPending(dir)) return undefined;
  const own = readStackFiles(dir, undefined, [ANSWERS, LOCK_PATH]);
  const answers = own.get(ANSWERS)?.text;
  const lockText = own.get(LOCK_PATH)?.text;
  const lock = lockText === undefined ? undefined : parse(lockText);
  if (answers === undefined || !lock?.render || lock.version !== VERSION || sha256(answers) !== lock.answers) return undefined;
  // A stack below its repository root must still be where its answers say, in a git repository:
  // its workflows at the root filter on that path. Otherwise the full check reports it (config/repository-root.ts).
  const root = rootAbove(dir, lock.directory ?? '');
  if (root === undefined || (lock.directory && !isGitRoot(root))) return undefined;
  const paths = Object.keys(lock.files).sort();
  const stack = stackPaths(dir, lock.directory ? join(root, '.github', 'workflows') : undefined);
  const read = readStackFiles(dir, undefined, paths, () => false, stack);
  const files: [string, string][] = [];
  for (const path of paths) {
    const content = read.get(path)?.text;
    if (content === undefined) return undefined;
    files.push([path, content]);
  }
  if (renderDigest(BUILD, lock.answers, lock.directory ?? '', files) !== lock.render) return undefined;
  const statuses: FileStatus[] = paths.map((path) => ({ path, mode: lock.files[path]!.mode, status: 'clean', finding: false }));
  return stackReport(shownAs, lock.version, statuses, [], true);
}
