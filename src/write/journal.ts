/**
 * The journal of a writing run, `.devops-stack.run.journal` beside the run lock: what the run is
 * about to do, recorded before it does it, so that a run killed at any point is finished or undone
 * by the next one (run under the same lock, see writer.ts).
 *
 *   staging   every directory to create, every file to write (as a temporary sibling) and every
 *             previous file (hard-linked aside as a backup) is listed; they are being created.
 *             Interrupted: undone (nothing of the target files was touched yet).
 *   applying  all staged; temporaries are being renamed over their targets and removals made.
 *             Interrupted: finished (the temporaries are complete, so the rest can be renamed).
 *   undoing   a rename or removal failed in a live run: the backups are being put back.
 *             Interrupted: undone.
 *
 * The journal itself is replaced atomically (written beside, then renamed), so it is never half
 * written. Backups are hard links: putting one back restores the file's bytes and its mode.
 * Recovery trusts the journal no further than a lock: it touches only paths the writer may
 * (stack-paths.ts), only temporaries and backups named as this writer names them, removes a
 * file only when its backup is the same file, and deletes a file the run created only when it
 * still holds what the run wrote and `removable` (paths this generator produces) allows it.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { filesProblem, located, readRegularFile, stackPaths, type Located, type StackPaths } from './stack-paths.js';

import { JOURNAL } from './journal-pending.js';

export { JOURNAL, journalPending } from './journal-pending.js';

export interface JournalOp {
  path: string;
  kind: 'write' | 'remove';
  /** write: the staged content, a sibling of the target (basename). */
  temp?: string;
  /** The previous file, set aside as a sibling (basename), when there was one. */
  backup?: string;
  /** The backup is a copy, not a hard link (a file system without links). */
  copied?: boolean;
  /** write: sha256 of the new content. */
  sha256?: string;
}

export interface Journal {
  format: 1;
  pid: number;
  state: 'staging' | 'applying' | 'undoing';
  /** The repository root's workflows, for a stack below the root (stack-paths.ts). */
  reach?: { prefix: string; root: string };
  /** Directories the run creates, absolute, outermost first. */
  dirs: string[];
  ops: JournalOp[];
}

export const tempName = (path: string, pid: number): string => `.${basename(path)}.cds-${pid}.tmp`;
export const backupName = (path: string, pid: number): string => `.${basename(path)}.cds-${pid}.bak`;

export function sha256Of(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Replaces the journal in dir atomically. */
export function writeJournal(dir: string, journal: Journal): void {
  const next = join(dir, `${JOURNAL}.next`);
  if (existsSync(next)) unlinkSync(next);
  writeFileSync(next, `${JSON.stringify(journal)}\n`, { flag: 'wx', mode: 0o644 });
  renameSync(next, join(dir, JOURNAL));
}

export function clearJournal(dir: string): void {
  for (const name of [JOURNAL, `${JOURNAL}.next`]) {
    try {
      unlinkSync(join(dir, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function damaged(dir: string, why: string): Error {
  return filesProblem([
    {
      where: join(dir, JOURNAL),
      message: `the journal of an interrupted run is damaged (${why}), so it cannot be finished or undone safely`,
      remedy: `Restore the stack's files from git (git status shows what the interrupted run changed), then delete ${JOURNAL} and its .cds-*.tmp/.bak files.`,
    },
  ]);
}

function readJournal(dir: string): Journal | undefined {
  const path = join(dir, JOURNAL);
  if (!existsSync(path)) return undefined;
  let data: Partial<Journal>;
  try {
    data = JSON.parse(readRegularFile(path, JOURNAL, 16 * 1024 * 1024).toString('utf8')) as Partial<Journal>;
  } catch {
    throw damaged(dir, 'not valid JSON');
  }
  const states = ['staging', 'applying', 'undoing'];
  if (data.format !== 1 || typeof data.pid !== 'number' || !states.includes(data.state ?? '') || !Array.isArray(data.ops) || !Array.isArray(data.dirs)) throw damaged(dir, 'not a journal this version wrote');
  return data as Journal;
}

interface Target {
  op: JournalOp;
  where: Located;
  temp?: string;
  backup?: string;
}

function targets(paths: StackPaths, journal: Journal): Target[] {
  return journal.ops.map((op) => {
    const where = located(paths, op.path);
    const sibling = (name: string | undefined, expected: string): string | undefined => {
      if (name === undefined) return undefined;
      if (name !== expected) throw damaged(paths.real, `unexpected file name ${name}`);
      return join(dirname(where.full), name);
    };
    return { op, where, temp: sibling(op.temp, tempName(op.path, journal.pid)), backup: sibling(op.backup, backupName(op.path, journal.pid)) };
  });
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** The backup still is the target (not yet removed or replaced). */
function sameFile(target: string, backup: string, copied: boolean | undefined): boolean {
  if (!isFile(target) || !isFile(backup)) return false;
  if (!copied) return lstatSync(target).ino === lstatSync(backup).ino && lstatSync(target).dev === lstatSync(backup).dev;
  return readRegularFile(target, target).equals(readRegularFile(backup, backup));
}

/** Renames what is left over the targets and makes the remaining removals; then drops the backups. */
export function rollForward(paths: StackPaths, journal: Journal): void {
  const all = targets(paths, journal);
  for (const { op, where, temp, backup } of all) {
    if (op.kind === 'write' && temp && isFile(temp)) renameSync(temp, where.full);
    if (op.kind === 'remove' && backup && sameFile(where.full, backup, op.copied)) unlinkSync(where.full);
  }
  for (const { backup } of all) if (backup && isFile(backup)) unlinkSync(backup);
}

/** Puts every backup back, deletes what the run created, its temporaries and its new directories. */
export function rollBack(paths: StackPaths, journal: Journal, removable: (path: string) => boolean): void {
  for (const { op, where, temp, backup } of targets(paths, journal).reverse()) {
    if (backup && isFile(backup)) {
      if (sameFile(where.full, backup, op.copied)) unlinkSync(backup);
      else renameSync(backup, where.full);
    } else if (op.kind === 'write' && !op.backup && op.sha256 && isFile(where.full) && removable(op.path)) {
      if (sha256Of(readRegularFile(where.full, op.path)) === op.sha256) unlinkSync(where.full);
    }
    if (temp && isFile(temp)) unlinkSync(temp);
  }
  for (const dir of [...journal.dirs].reverse()) {
    const inside = dir.startsWith(`${paths.real}/`) || (paths.reach && (dir === join(paths.reach.root, '.github') || dir === join(paths.reach.root, '.github', 'workflows')));
    if (!inside) continue;
    try {
      rmdirSync(dir);
    } catch {
      // not empty, or gone: leave it
    }
  }
}

export interface Recovered {
  /** What the interrupted run was doing, and whether it was finished or undone. */
  outcome: 'finished' | 'undone';
  pid: number;
  files: number;
}

/**
 * Finishes or undoes the run that left its journal in dir (the stack's real directory), under
 * the run lock. `removable`: paths this generator produces (src/lock/known-paths.ts).
 */
export function recoverInterrupted(dir: string, removable: (path: string) => boolean): Recovered | undefined {
  const journal = readJournal(dir);
  if (!journal) {
    clearJournal(dir);
    return undefined;
  }
  const paths = stackPaths(dir, journal.reach ? join(journal.reach.root, '.github', 'workflows') : undefined);
  if (journal.reach && paths.reach?.prefix !== journal.reach.prefix) throw damaged(dir, 'its repository root is not this stack\'s');
  if (journal.reach && !existsSync(join(journal.reach.root, '.git'))) throw damaged(dir, 'its repository root is not a git repository');
  if (journal.state === 'applying') rollForward(paths, journal);
  else rollBack(paths, journal, removable);
  clearJournal(dir);
  return { outcome: journal.state === 'applying' ? 'finished' : 'undone', pid: journal.pid, files: journal.ops.length };
}
