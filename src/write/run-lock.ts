/**
 * The run lock: one writing run per stack at a time. `.devops-stack.run.lock` in the stack's
 * directory names the process that holds it (pid, host, command, start). It is created whole and
 * atomically: written to a file of our own, then hard-linked to the lock's name, which fails when
 * the name exists, so a second run never sees a half-written lock and two runs cannot both win.
 *
 * A lock whose process is gone (killed, machine restarted) is stale: the next run takes it over,
 * renaming it aside first so that only one run can, and then finishes or undoes what the dead run
 * was doing (journal.ts). A lock from another host cannot be checked and counts as stale: the
 * lock is for runs on one machine (two machines writing one stack over a network share are not
 * kept apart).
 */
import { existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { isErrno, ioFailure } from './fs-failure.js';
import { readRegularFile, realDirectory } from './stack-paths.js';

export const RUN_LOCK = '.devops-stack.run.lock';

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  started: string;
  /** Tells this process's own runs apart. */
  id: string;
}

export interface RunLock {
  /** The stack's real directory. */
  dir: string;
  owner: LockOwner;
  /** Directories created to hold the lock (a new stack's directory and its missing parents), outermost first. */
  created: string[];
}

/** The ids of the locks this process holds. */
const held = new Set<string>();
let runs = 0;

function alive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return held.has(owner.id);
  return running(owner.pid);
}

function parseOwner(bytes: Buffer): LockOwner | undefined {
  try {
    const data = JSON.parse(bytes.toString('utf8')) as Partial<LockOwner>;
    if (typeof data.pid === 'number' && typeof data.host === 'string' && typeof data.command === 'string' && typeof data.started === 'string' && typeof data.id === 'string') return data as LockOwner;
  } catch {
    // a damaged lock: nobody can hold it
  }
  return undefined;
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return parseOwner(readRegularFile(path, RUN_LOCK, 4096));
  } catch (error) {
    if (isErrno(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

export class StackBusy extends InputError {
  constructor(dir: string, owner: LockOwner) {
    super(
      [
        {
          where: dir,
          message: `another create-devops-stack run is writing this stack: ${owner.command}, process ${owner.pid} on ${owner.host}, started ${owner.started} (${RUN_LOCK})`,
          remedy: `Wait for it to finish, then run again. If no such process is running, delete ${join(dir, RUN_LOCK)}.`,
        },
      ],
      'files',
    );
  }
}

/** Creates dir and its missing parents one by one, adding those created to `created`, outermost first. */
function createDirectory(dir: string, created: string[]): void {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current); current = dirname(current)) missing.push(current);
  for (const next of missing.reverse()) {
    mkdirSync(next);
    created.push(next);
  }
}

function removeDirectories(created: readonly string[]): void {
  for (const dir of [...created].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      break; // not empty: the run wrote there
    }
  }
}

/** Whether a process of this machine is running (a pid from one of our file names). */
function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Our own lock files left by a run killed before it linked or removed them, known by the pid in
 * their name (their content may be half written: a live run's, for an instant).
 */
function removeDeadTemporaries(dir: string): void {
  for (const name of readdirSync(dir)) {
    const match = /^\.devops-stack\.run\.lock\.(\d+)(?:\.stale)?$/.exec(name);
    if (match && !running(Number(match[1]))) unlinkSync(join(dir, name));
  }
}

function writeExclusive(path: string, text: string): void {
  writeFileSync(path, text, { flag: 'wx', mode: 0o644 });
}

/**
 * Takes the stack's run lock, creating the stack's directory when `create` (a first generate).
 * Throws StackBusy while another live run holds it. A dead holder's lock is taken over; what it
 * was doing is the caller's to recover, under the lock, before anything else (journal.ts).
 */
export function acquireRunLock(dir: string, command: string, create: boolean): RunLock {
  const real = realDirectory(dir);
  const created: string[] = [];
  try {
    if (create) createDirectory(real, created);
    const owner: LockOwner = { pid: process.pid, host: hostname(), command, started: new Date().toISOString(), id: `${process.pid}.${Date.now()}.${++runs}` };
    const lockPath = join(real, RUN_LOCK);
    const mine = `${lockPath}.${process.pid}`;
    removeDeadTemporaries(real);
    writeExclusive(mine, `${JSON.stringify(owner)}\n`);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          linkSync(mine, lockPath);
          break;
        } catch (error) {
          if (!isErrno(error)) throw error;
          if (error.code !== 'EEXIST') {
            // No hard links here (some network or FAT file systems): an exclusive create instead.
            if (['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(error.code)) {
              writeExclusive(lockPath, `${JSON.stringify(owner)}\n`);
              break;
            }
            throw error;
          }
          const holder = readOwner(lockPath);
          if (holder && alive(holder)) throw new StackBusy(dir, holder);
          if (attempt > 3) throw new StackBusy(dir, holder ?? { pid: 0, host: hostname(), command: 'unknown', started: 'unknown', id: '' });
          // Stale: set it aside (only one run can), then try again.
          const aside = `${lockPath}.${process.pid}.stale`;
          try {
            renameSync(lockPath, aside);
          } catch (renameError) {
            if (isErrno(renameError) && renameError.code === 'ENOENT') continue;
            throw renameError;
          }
          const taken = readOwner(aside);
          if (taken && alive(taken)) {
            // Another run took it over between our read and our rename: give it back.
            linkSync(aside, lockPath);
            unlinkSync(aside);
            throw new StackBusy(dir, taken);
          }
          unlinkSync(aside);
        }
      }
    } finally {
      try {
        unlinkSync(mine);
      } catch {
        // already gone
      }
    }
    held.add(owner.id);
    return { dir: real, owner, created };
  } catch (error) {
    removeDirectories(created);
    if (isErrno(error)) throw ioFailure(error, 'take the run lock', join(real, RUN_LOCK), 'nothing was changed');
    throw error;
  }
}

/** Gives the lock back; removes the directories created for it when the run left them empty. */
export function releaseRunLock(lock: RunLock): void {
  held.delete(lock.owner.id);
  const lockPath = join(lock.dir, RUN_LOCK);
  const owner = readOwner(lockPath);
  if (owner?.id === lock.owner.id) unlinkSync(lockPath);
  removeDirectories(lock.created);
}
