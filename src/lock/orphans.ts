/**
 * Files an earlier run wrote that this render no longer has (another name, tier or option):
 * unmodified ones are deleted with the writes, as `upgrade` does, so that a stack renamed in its
 * answers does not leave its old workflows running; edited ones and the user's stay, and stay in
 * the lock, so that `check` reports them as orphaned instead of forgetting them.
 */
import { readTextIfExists } from '../core/read-text.js';
import { writable, type FileRemoval } from '../write/writer.js';
import { LOCK_PATH, untouched, type Lock, type LockEntry } from './lock.js';

export interface Orphans {
  removed: FileRemoval[];
  /** Orphans left on disk, with their lock entries. */
  kept: [path: string, entry: LockEntry][];
}

export function orphansOf(previous: Lock | undefined, rendered: ReadonlySet<string>, dir: string, reach: string | undefined): Orphans {
  const orphans: Orphans = { removed: [], kept: [] };
  for (const [path, entry] of Object.entries(previous?.files ?? {})) {
    if (rendered.has(path) || path === LOCK_PATH) continue;
    // Beyond what the writer may touch (another repository root): left, and kept in the lock.
    if (!writable(dir, path, reach)) {
      orphans.kept.push([path, entry]);
      continue;
    }
    const disk = readTextIfExists(dir, path);
    if (disk === undefined) continue; // gone already: out of the lock
    if (entry.mode !== 'user' && untouched(entry, disk)) orphans.removed.push({ path, previous: disk });
    else orphans.kept.push([path, entry]);
  }
  return orphans;
}
