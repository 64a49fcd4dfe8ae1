/**
 * The only module that writes to the disk. It compares the tree with what is there, refuses to
 * overwrite a changed file unless forced, and applies all changes as one unit, journalled
 * (journal.ts) under the stack's run lock (run-lock.ts):
 *
 *   1. every path is resolved and checked without following links (stack-paths.ts);
 *   2. the journal lists what follows; each missing directory is created once, each file written
 *      to a temporary sibling, each file to be replaced or removed hard-linked aside as a backup;
 *   3. the journal says "applying"; temporaries are renamed over their targets (the lock last),
 *      removals made; backups dropped; the journal deleted.
 *
 * A failure in 2 removes what was staged; in 3, puts the backups back. A run killed anywhere is
 * finished (killed in 3) or undone (killed in 2) by the next one. Either way no temporary file
 * stays, and a disk failure is a message (fs-failure.ts), not a stack trace.
 */
import { isUtf8 } from 'node:buffer';
import { chmodSync, constants, copyFileSync, linkSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileTree, VirtualFile } from '../core/files.js';
import { ioFailure, isErrno } from './fs-failure.js';
import { backupName, clearJournal, rollBack, sha256Of, tempName, writeJournal, type Journal, type JournalOp } from './journal.js';
import { acquireRunLock, releaseRunLock, type RunLock } from './run-lock.js';
import { inspect, Inspector, located, linkRefused, notAFile, readAt, stackPaths, type StackPaths } from './stack-paths.js';

export type FileStatus = 'new' | 'changed' | 'unchanged';

export interface FileChange {
  file: VirtualFile;
  status: FileStatus;
  /** Content on disk before the run, when the file existed and is UTF-8 text. */
  previous?: string;
  /** What is on disk is a symbolic link: never written through or replaced. */
  link?: boolean;
  /** What is on disk is not UTF-8 text. */
  binary?: boolean;
}

export class OverwriteRefused extends Error {
  constructor(readonly paths: string[]) {
    super(`${paths.length} existing file(s) differ from what would be generated`);
  }
}

/** What the tree would change on disk, file by file, without writing or following a link. */
export function diffAgainstDisk(tree: FileTree, root: string, reach?: string): FileChange[] {
  const paths = stackPaths(root, reach);
  const inspector = new Inspector();
  return [...tree.values()].map((file) => {
    const disk = readAt(located(paths, file.path), inspector);
    if (disk.kind === 'missing') return { file, status: 'new' };
    if (disk.kind === 'link') return { file, status: 'changed', link: true };
    if (!isUtf8(disk.bytes)) return { file, status: 'changed', binary: true };
    const previous = disk.bytes.toString('utf8');
    return { file, status: previous === file.content ? 'unchanged' : 'changed', previous };
  });
}

/** A file to delete: one we generated and no longer do. */
export interface FileRemoval {
  path: string;
}

export interface WriteOptions {
  force: boolean;
  remove?: readonly FileRemoval[];
  reach?: string;
  /** The run lock the command holds; without one, the writer takes it for the write alone. */
  lock?: RunLock;
  /** Paths this generator produces: a file the run created is deleted on undo only if so. */
  removable?: (path: string) => boolean;
}

interface Step {
  op: JournalOp;
  full: string;
  temp?: string;
  backup?: string;
  file?: VirtualFile;
}

function writeTemporary(path: string, file: VirtualFile): void {
  // 'wx': created, never over an existing file or through a link planted there (O_CREAT|O_EXCL).
  writeFileSync(path, file.content, { flag: 'wx', mode: file.executable ? 0o755 : 0o644 });
  // The executable bit whatever the umask: the scripts must run.
  if (file.executable) chmodSync(path, 0o755);
}

/** Sets the previous file aside: a hard link, or a copy where links are not supported. */
function setAside(full: string, backup: string, op: JournalOp): void {
  try {
    linkSync(full, backup);
  } catch (error) {
    if (!isErrno(error) || !['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP', 'EMLINK'].includes(error.code)) throw error;
    copyFileSync(full, backup, constants.COPYFILE_EXCL);
    op.copied = true;
  }
}

/** The steps of a write, every path checked; nothing touched yet. */
function plan(changes: readonly FileChange[], paths: StackPaths, remove: readonly FileRemoval[], pid: number): { steps: Step[]; dirs: string[] } {
  const inspector = new Inspector();
  const dirs = new Set<string>();
  const writes: Step[] = [];
  const removals: Step[] = [];
  let lockStep: Step | undefined;
  for (const change of changes) {
    if (change.status === 'unchanged') continue;
    const where = located(paths, change.file.path);
    const { leaf, missingDirs } = inspect(where, inspector);
    if (leaf === 'link') throw linkRefused(where);
    if (leaf === 'directory' || leaf === 'other') throw notAFile(where, leaf);
    for (const dir of missingDirs) dirs.add(dir);
    const existing = leaf === 'file';
    const op: JournalOp = { path: where.path, kind: 'write', temp: tempName(where.path, pid), sha256: sha256Of(change.file.content), ...(existing ? { backup: backupName(where.path, pid) } : {}) };
    const step: Step = { op, full: where.full, temp: join(dirname(where.full), op.temp!), ...(existing ? { backup: join(dirname(where.full), op.backup!) } : {}), file: change.file };
    if (where.path === 'devops-stack.lock.json') lockStep = step;
    else writes.push(step);
  }
  for (const removal of remove) {
    const where = located(paths, removal.path);
    const { leaf } = inspect(where, inspector);
    if (leaf === 'missing') continue;
    if (leaf === 'link') throw linkRefused(where);
    if (leaf !== 'file') throw notAFile(where, leaf);
    const op: JournalOp = { path: where.path, kind: 'remove', backup: backupName(where.path, pid) };
    removals.push({ op, full: where.full, backup: join(dirname(where.full), op.backup!) });
  }
  // The lock last: until it is renamed into place, the previous lock describes the disk.
  const steps = [...writes, ...removals, ...(lockStep ? [lockStep] : [])];
  return { steps, dirs: [...dirs].sort((a, b) => a.split('/').length - b.split('/').length) };
}

/**
 * Writes every new or changed file atomically, then deletes the removals. Changed files are
 * refused unless `force`. On failure the disk is as it was, and the error says why.
 */
export function writeTree(changes: readonly FileChange[], root: string, options: WriteOptions): void {
  const refused = changes.filter((c) => c.status === 'changed').map((c) => c.file.path);
  if (refused.length && !options.force) throw new OverwriteRefused(refused);
  const paths = stackPaths(root, options.reach);
  const { steps, dirs } = plan(changes, paths, options.remove ?? [], process.pid);
  if (!steps.length) return;
  const lock = options.lock ?? acquireRunLock(root, 'write', true);
  try {
    applySteps(steps, dirs, paths, lock, options.removable ?? (() => true));
  } finally {
    if (!options.lock) releaseRunLock(lock);
  }
}

function applySteps(steps: Step[], dirs: string[], paths: StackPaths, lock: RunLock, removable: (path: string) => boolean): void {
  const journal: Journal = { format: 1, pid: process.pid, state: 'staging', ...(paths.reach ? { reach: paths.reach } : {}), dirs, ops: steps.map((s) => s.op) };
  let failedAt = '';
  try {
    failedAt = 'record the run in its journal';
    writeJournal(lock.dir, journal);
    for (const dir of dirs) {
      failedAt = `create the directory ${dir}`;
      mkdirSync(dir);
    }
    for (const step of steps) {
      failedAt = `write ${step.op.path}`;
      if (step.file && step.temp) writeTemporary(step.temp, step.file);
      if (step.backup) setAside(step.full, step.backup, step.op);
    }
    failedAt = 'record the run in its journal';
    writeJournal(lock.dir, { ...journal, state: 'applying' });
  } catch (error) {
    undo(error, failedAt, { ...journal, state: 'staging' }, paths, lock, removable);
  }
  try {
    for (const step of steps) {
      failedAt = `${step.op.kind === 'write' ? 'replace' : 'remove'} ${step.op.path}`;
      if (step.op.kind === 'write') renameSync(step.temp!, step.full);
      else unlinkSync(step.full);
    }
  } catch (error) {
    try {
      writeJournal(lock.dir, { ...journal, state: 'undoing' });
    } catch {
      // The disk refuses even the journal: undo all the same (renames need no space).
    }
    undo(error, failedAt, journal, paths, lock, removable);
  }
  for (const step of steps) if (step.backup) unlinkSync(step.backup);
  clearJournal(lock.dir);
}

/** Puts the disk back as it was before the run, then reports the failure. */
function undo(error: unknown, failedAt: string, journal: Journal, paths: StackPaths, lock: RunLock, removable: (path: string) => boolean): never {
  rollBack(paths, journal, removable);
  clearJournal(lock.dir);
  if (isErrno(error)) throw ioFailure(error, failedAt, paths.dir, 'what it had done is undone');
  throw error;
}
