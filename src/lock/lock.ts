/**
 * devops-stack.lock.json: what we generated, so that `upgrade` can tell a hand edit from
 * an old render and `check` can tell drift from staleness. One entry per generated file:
 * its owner mode, the sha256 of what we wrote, and the merge base (see ARCHITECTURE.md).
 * No timestamps: the same answers and version give the same bytes.
 */
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { isErrno } from '../write/fs-failure.js';
import { readRegularFile } from '../write/stack-paths.js';
import { sha256 } from '../core/hash.js';
import { gitBlobId } from './blob.js';
import type { OwnerMode } from '../config/answers.js';

export const LOCK_PATH = 'devops-stack.lock.json';
export const LOCK_FORMAT = 1;

export interface LockEntry {
  mode: OwnerMode;
  /** sha256 of the bytes we wrote; absent for a file we adopted and never wrote. */
  sha256?: string;
  /** Git blob id of what we rendered last time: the merge base, found in git history. */
  base?: string;
  /** The base itself, raw-deflated and base64, when what we wrote differs from it. */
  baseContent?: string;
  /** For an adopted file: the existing file of the same kind that we kept instead. */
  adopted?: string;
}

export interface Lock {
  format: number;
  generator: string;
  version: string;
  /** sha256 of the answers as serialized into devops-stack.yaml. */
  answers: string;
  /** The build, answers and files of the render, digested (render-digest.ts); absent in older locks. */
  render?: string;
  /** The answers' `directory` (the stack's path below the repository root), when not the root. */
  directory?: string;
  files: Record<string, LockEntry>;
}

export function serializeLock(lock: Lock): string {
  const files = Object.fromEntries(Object.entries(lock.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ ...lock, files }, null, 2)}\n`;
}

function invalid(path: string, message: string): InputError {
  return new InputError([{ where: path, message, remedy: `Restore ${LOCK_PATH} from git, or delete it and re-run create-devops-stack (every existing file then counts as edited).` }], 'lock');
}

const MODES = new Set(['managed', 'seeded', 'user']);

/**
 * A tree path as the generator writes them: relative, POSIX, no empty, '.' or '..' segment, except
 * the way up to the repository root before .github/workflows/ (a stack below the root).
 */
const TREE_PATH = /^(?:(?:\.\.\/)+\.github\/workflows\/[^/\0\\]+|(?!\.\.?(?:\/|$))[^/\0\\]+(?:\/(?!\.\.?(?:\/|$))[^/\0\\]+)*)$/;
const MAX_ENTRIES = 10_000;

export function isTreePath(path: string): boolean {
  return path.length <= 1024 && TREE_PATH.test(path);
}

export function parseLock(text: string, path = LOCK_PATH): Lock {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalid(path, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const lock = data as Partial<Lock>;
  if (typeof lock !== 'object' || lock === null || typeof lock.version !== 'string' || typeof lock.answers !== 'string' || typeof lock.files !== 'object' || lock.files === null) {
    throw invalid(path, 'is missing version, answers or files');
  }
  const entries = Object.entries(lock.files);
  if (entries.length > MAX_ENTRIES) throw invalid(path, `lists ${entries.length} files, more than create-devops-stack ever writes`);
  for (const [file, entry] of entries) {
    if (!isTreePath(file)) throw invalid(path, `files[${JSON.stringify(file).slice(0, 200)}] is not a path create-devops-stack could have written (relative, without '.' or '..' segments)`);
    if (!MODES.has((entry as LockEntry | null)?.mode ?? '')) throw invalid(path, `files[${JSON.stringify(file)}].mode must be managed, seeded or user`);
  }
  const render = typeof lock.render === 'string' ? { render: lock.render } : {};
  const directory = typeof lock.directory === 'string' && lock.directory ? { directory: lock.directory } : {};
  // A map without a prototype: a path named __proto__ is a key like any other, never the object's prototype.
  const files: Record<string, LockEntry> = Object.assign(Object.create(null) as Record<string, LockEntry>, lock.files);
  return { format: lock.format ?? LOCK_FORMAT, generator: lock.generator ?? 'create-devops-stack', version: lock.version, answers: lock.answers, ...render, ...directory, files };
}

/** The lock in dir, or undefined when there is none (a repository never generated into). Never read through a link. */
export function readLock(dir: string): Lock | undefined {
  const path = join(dir, LOCK_PATH);
  let bytes: Buffer;
  try {
    bytes = readRegularFile(path, LOCK_PATH);
  } catch (error) {
    if (isErrno(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return undefined;
    if (isErrno(error) && error.code === 'ELOOP') throw invalid(path, 'is a symbolic link; create-devops-stack does not follow links');
    if (error instanceof InputError) throw invalid(path, error.problems[0]!.message);
    throw error;
  }
  return parseLock(bytes.toString('utf8'), path);
}

/**
 * True when the file still holds exactly what we rendered: nobody edited it, so it can be
 * replaced. Compared with the render (base), not with what we wrote: after a merge we
 * wrote the user's edits too, and those must never count as ours.
 */
export function untouched(entry: LockEntry | undefined, disk: string): boolean {
  if (!entry) return false;
  return entry.base ? entry.base === gitBlobId(disk) : entry.sha256 === sha256(disk);
}

/** -1, 0 or 1, comparing dotted numeric versions (a pre-release sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): number[] => v.split(/[-+]/)[0]!.split('.').map((n) => Number(n) || 0);
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return Math.sign(d);
  }
  const [pa, pb] = [a.includes('-'), b.includes('-')];
  return pa === pb ? 0 : pa ? -1 : 1;
}

/** The problem with a lock written by a newer version, if it is: running an older one would undo its changes. */
export function newerLockProblem(lock: Lock, version: string, command: string): { where: string; message: string; remedy: string } | undefined {
  if (compareVersions(lock.version, version) <= 0) return undefined;
  return {
    where: LOCK_PATH,
    message: `was written by create-devops-stack ${lock.version}, newer than this ${version}; a downgrade would undo its changes`,
    remedy: `Run npx create-devops-stack@${lock.version}${command ? ` ${command}` : ''} (or newer).`,
  };
}
