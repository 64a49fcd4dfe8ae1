/**
 * Files an earlier run wrote that this render no longer has (another name, tier or option):
 * unmodified ones are deleted with the writes, as `upgrade` does, so that a stack renamed in its
 * answers does not leave its old workflows running; edited ones and the user's stay, and stay in
 * the lock, so that `check` reports them as orphaned instead of forgetting them.
 *
 * Only a path this generator writes (known-paths.ts) is ever deleted: an entry that names any
 * other file (an edited lock naming src/app.js) leaves that file alone and is dropped.
 */
import { isUtf8 } from 'node:buffer';
import { Inspector, locate, readAt, stackPaths } from '../write/stack-paths.js';
import type { FileRemoval } from '../write/writer.js';
import { isKnownPath } from './known-paths.js';
import { LOCK_PATH, untouched, type Lock, type LockEntry } from './lock.js';

export interface Orphans {
  removed: FileRemoval[];
  /** Orphans left on disk, with their lock entries. */
  kept: [path: string, entry: LockEntry][];
  /** Lock entries naming files this generator never writes: left alone, dropped from the lock. */
  foreign: string[];
}

export function orphansOf(previous: Lock | undefined, rendered: ReadonlySet<string>, dir: string, reach: string | undefined): Orphans {
  const orphans: Orphans = { removed: [], kept: [], foreign: [] };
  const paths = stackPaths(dir, reach);
  const inspector = new Inspector();
  for (const [path, entry] of Object.entries(previous?.files ?? {})) {
    if (rendered.has(path) || path === LOCK_PATH) continue;
    if (!isKnownPath(path)) {
      orphans.foreign.push(path);
      continue;
    }
    // Beyond what the writer may touch (another repository root): left, and kept in the lock.
    const where = locate(paths, path);
    if (!where) {
      orphans.kept.push([path, entry]);
      continue;
    }
    const disk = readAt(where, inspector);
    if (disk.kind === 'missing') continue; // gone already: out of the lock
    const text = disk.kind === 'file' && isUtf8(disk.bytes) ? disk.bytes.toString('utf8') : undefined;
    if (entry.mode !== 'user' && text !== undefined && untouched(entry, text)) orphans.removed.push({ path });
    else orphans.kept.push([path, entry]);
  }
  return orphans;
}
