/**
 * devops-stack.lock.json: what we generated, so that `upgrade` can tell a hand edit from
 * an old render and `check` can tell drift from staleness. One entry per generated file:
 * its owner mode, the sha256 of what we wrote, and the merge base (see ARCHITECTURE.md).
 * No timestamps: the same answers and version give the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
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
  return new InputError([{ where: path, message, remedy: `Restore ${LOCK_PATH} from git, or delete it and re-run create-devops-stack (every existing file then counts as edited).` }]);
}

const MODES = new Set(['managed', 'seeded', 'user']);

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
  for (const [file, entry] of Object.entries(lock.files)) {
    if (!MODES.has((entry as LockEntry | null)?.mode ?? '')) throw invalid(path, `files["${file}"].mode must be managed, seeded or user`);
  }
  const render = typeof lock.render === 'string' ? { render: lock.render } : {};
  const directory = typeof lock.directory === 'string' && lock.directory ? { directory: lock.directory } : {};
  return { format: lock.format ?? LOCK_FORMAT, generator: lock.generator ?? 'create-devops-stack', version: lock.version, answers: lock.answers, ...render, ...directory, files: lock.files };
}

/** The lock in dir, or undefined when there is none (a repository never generated into). */
export function readLock(dir: string): Lock | undefined {
  const path = join(dir, LOCK_PATH);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return parseLock(text, path);
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
