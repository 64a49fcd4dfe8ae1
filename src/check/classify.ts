/**
 * Sorts every file we own into clean / user-modified / stale / missing / orphaned by
 * comparing three things: the lock (what we wrote), the disk, and a fresh render.
 * Managed files must be clean; seeded and user files are the user's to change.
 */
import type { OwnerMode } from '../config/answers.js';
import { untouched, type LockEntry } from '../lock/lock.js';

export type DriftStatus = 'clean' | 'user-modified' | 'stale' | 'missing' | 'orphaned';

export interface FileStatus {
  path: string;
  mode: OwnerMode;
  status: DriftStatus;
  /** True when this status fails the check (managed files only). */
  finding: boolean;
}

export interface ClassifyInput {
  path: string;
  mode: OwnerMode;
  entry?: LockEntry;
  disk?: string;
  render?: string;
}

function status({ entry, disk, render }: ClassifyInput): DriftStatus {
  if (render === undefined) return disk === undefined ? 'clean' : 'orphaned';
  if (disk === undefined) return 'missing';
  if (disk === render) return 'clean';
  // Our render is still there, so the difference comes from the answers or the version.
  if (!entry?.sha256 || untouched(entry, disk)) return 'stale';
  return 'user-modified';
}

export function classify(input: ClassifyInput): FileStatus {
  const s = input.mode === 'user' ? 'clean' : status(input);
  return { path: input.path, mode: input.mode, status: s, finding: input.mode === 'managed' && s !== 'clean' };
}
