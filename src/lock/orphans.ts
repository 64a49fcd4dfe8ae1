/**
 * Files an earlier run wrote that this render no longer has (another name, tier or option):
 * unmodified ones are deleted with the writes, as `upgrade` does, so that a stack renamed in its
 * answers does not leave its old workflows running; edited ones and the user's stay, and stay in
 * the lock, so that `check` reports them as orphaned instead of forgetting them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writable, type FileRemoval } from '../write/writer.js';
import { LOCK_PATH, untouched, type Lock, type LockEntry } from './lock.js';

export interface Orphans {
  removed: FileRemoval[];
  /** Orphans left on disk, with their lock entries. */
  kept: [path: string, entry: LockEntry][];
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function orphansOf(previous: Lock | undefined, rendered: ReadonlySet<string>, dir: string, reach: string | undefined): Orphans {
  const orphans: Orphans = { removed: [], kept: [] };
  for (const [path, entry] of Object.entries(previous?.files ?? {})) {
    if (rendered.has(path) || path === LOCK_PATH) continue;
    const disk = writable(dir, path, reach) ? readIfExists(join(dir, path)) : undefined;
    if (disk === undefined && writable(dir, path, reach)) continue; // gone already: out of the lock
    if (disk !== undefined && entry.mode !== 'user' && untouched(entry, disk)) orphans.removed.push({ path, previous: disk });
    else orphans.kept.push([path, entry]);
  }
  return orphans;
}
