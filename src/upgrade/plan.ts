/**
 * What upgrade does to each file, decided before anything is written. Pure: it gets
 * the new render, the lock, the disk and the merge bases, and returns one decision
 * per file plus the new lock entries.
 */
import type { OwnerMode } from '../config/answers.js';
import { sha256 } from '../core/hash.js';
import { gitBlobId, packContent } from '../lock/blob.js';
import { entryFor } from '../lock/generate-plan.js';
import { untouched, type LockEntry } from '../lock/lock.js';
import { hasConflictMarkers } from './markers.js';
import { merge3, type MergeLabels } from './merge.js';

export type Action =
  | 'unchanged' // disk already holds the new render
  | 'updated' // untouched by the user: replaced with the new render
  | 'added' // new in this version
  | 'merged' // edited by the user: three-way merge applied cleanly
  | 'conflict' // edited by the user: written with conflict markers
  | 'kept-edit' // edited by the user, and the template did not change: nothing to do
  | 'review' // edited by the user, no merge base: left as it is, to compare by hand
  | 'deleted' // deleted by the user: stays deleted
  | 'exists' // new in this version, but a file of the user's is already there
  | 'seeded-changed' // seeded and edited: the template changed; the file is the user's, not touched
  | 'user' // owner user: never touched
  | 'removed' // no longer generated, unmodified: deleted
  | 'orphaned' // no longer generated, but modified: left, reported
  | 'unresolved' // still holds conflict markers: left as it is until they are resolved
  | 'not-text' // not UTF-8 text: never merged or re-encoded, left as it is
  | 'ignored'; // named in the lock, but not a file this generator writes: left alone, dropped from the lock

export interface FileDecision {
  path: string;
  mode: OwnerMode;
  action: Action;
  /** What is on disk now (undefined: missing). */
  before?: string;
  /** What the file becomes (for review and seeded-changed: what it would become; not written). */
  after?: string;
  conflicts?: number;
  /** The lock entry afterwards; undefined removes the path from the lock. */
  entry?: LockEntry;
}

export interface FileInput {
  path: string;
  mode: OwnerMode;
  entry?: LockEntry;
  disk?: string;
  /** The new render; undefined when the version no longer generates this path. */
  render?: string;
  /** The previous render (merge base), when it could be found. */
  base?: string;
  /** What is on disk is not UTF-8 text (disk is then undefined). */
  binary?: boolean;
  /** The lock names this path, but this generator never writes such a path (src/lock/known-paths.ts). */
  foreign?: boolean;
}

const WRITES = new Set<Action>(['updated', 'added', 'merged', 'conflict', 'removed']);
export const writes = (d: FileDecision): boolean => WRITES.has(d.action);

/** Decisions that leave the stack short of the new version: the upgrade exits 1 and says what to do. */
export const UNFINISHED = new Set<Action>(['conflict', 'review', 'unresolved', 'not-text']);


/** Lock entry for a written file whose bytes may differ from the render (a merge): keep the render inline. */
function mergedEntry(mode: OwnerMode, written: string, render: string): LockEntry {
  return written === render ? entryFor(mode, render) : { mode, sha256: sha256(written), base: gitBlobId(render), baseContent: packContent(render) };
}

function orphan(input: FileInput): FileDecision {
  const { path, mode, entry, disk } = input;
  // Gone from the render and from the disk: nothing to do but drop it from the lock.
  if (disk === undefined) return { path, mode, action: 'unchanged' };
  if (mode === 'user') return { path, mode, action: 'user', before: disk, entry: entry! };
  if (untouched(entry, disk)) return { path, mode, action: 'removed', before: disk };
  return { path, mode, action: 'orphaned', before: disk, entry: entry! };
}

export function decide(input: FileInput, labels: MergeLabels): FileDecision {
  const { path, mode, entry, disk, render, base } = input;
  if (input.foreign) return { path, mode, action: 'ignored' };
  if (input.binary && mode !== 'user') return { path, mode, action: 'not-text', ...(entry ? { entry } : {}) };
  if (disk !== undefined && mode !== 'user' && hasConflictMarkers(disk) && !(render !== undefined && hasConflictMarkers(render))) {
    return { path, mode, action: 'unresolved', before: disk, ...(entry ? { entry } : {}) };
  }
  if (render === undefined) return orphan(input);
  const keep = { path, mode, ...(disk === undefined ? {} : { before: disk }), entry: { ...(entry ?? {}), mode } };
  if (mode === 'user') return { ...keep, action: 'user' };
  if (!entry) {
    if (disk === undefined) return { path, mode, action: 'added', after: render, entry: entryFor(mode, render) };
    if (disk === render) return { path, mode, action: 'unchanged', before: disk, entry: entryFor(mode, render) };
    return { ...keep, action: 'exists', entry: { mode: 'user', adopted: path } };
  }
  if (disk === undefined) return { ...keep, action: 'deleted' };
  // Seeded files are the user's once edited: then a changed template is reported (with its diff in
  // --dry-run), never applied. Until then they follow the answers and the templates like ours.
  if (mode === 'seeded' && disk !== render && untouched(entry, disk)) return { ...keep, action: 'updated', after: render, entry: entryFor(mode, render) };
  if (mode === 'seeded') return entry.base && entry.base !== gitBlobId(render) && disk !== render ? { ...keep, action: 'seeded-changed', after: render } : { ...keep, action: 'unchanged' };
  if (disk === render) return { ...keep, action: 'unchanged', entry: entryFor(mode, render) };
  if (untouched(entry, disk)) return { ...keep, action: 'updated', after: render, entry: entryFor(mode, render) };
  if (base === undefined) return { ...keep, action: 'review', after: render };
  if (base === render) return { ...keep, action: 'kept-edit' };
  const merged = merge3(disk, base, render, labels);
  return { ...keep, action: merged.conflicts ? 'conflict' : 'merged', after: merged.content, conflicts: merged.conflicts, entry: mergedEntry(mode, merged.content, render) };
}
