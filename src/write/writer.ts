/**
 * The only module that writes to the disk. It compares the tree with what is there,
 * refuses to overwrite a changed file unless forced, and applies all changes as one
 * unit: every file is first written to a temporary sibling, then renamed into place;
 * if anything fails, what was already replaced is put back.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileTree, VirtualFile } from '../core/files.js';

export type FileStatus = 'new' | 'changed' | 'unchanged';

export interface FileChange {
  file: VirtualFile;
  status: FileStatus;
  /** Content on disk before the run, when the file existed. */
  previous?: string;
}

export class OverwriteRefused extends Error {
  constructor(readonly paths: string[]) {
    super(`${paths.length} existing file(s) differ from what would be generated`);
  }
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file, so this path cannot exist (writing it will fail, with a clear error).
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function inside(dir: string, full: string): boolean {
  const rel = relative(dir, full);
  return rel !== '' && !rel.startsWith('..') && !rel.split(sep).includes('..') && !isAbsolute(rel);
}

/**
 * Resolves a tree path inside the target directory; refuses anything that would escape it.
 * The one exception is `reach`: the repository root's .github/ for a stack below the root
 * (src/config/repository-root.ts), given only when the stack's answers name its directory.
 */
function targetPath(root: string, path: string, reach?: string): string {
  const full = resolve(root, path);
  if (inside(root, full) || (reach !== undefined && inside(reach, full))) return full;
  throw new Error(`refusing to write outside ${root}: ${path}`);
}

/** Whether the writer may touch this tree path (see targetPath), without throwing. */
export function writable(root: string, path: string, reach?: string): boolean {
  const full = resolve(root, path);
  return inside(root, full) || (reach !== undefined && inside(reach, full));
}

/** What the tree would change on disk, file by file, without writing. */
export function diffAgainstDisk(tree: FileTree, root: string, reach?: string): FileChange[] {
  return [...tree.values()].map((file) => {
    const previous = readIfExists(targetPath(root, file.path, reach));
    if (previous === undefined) return { file, status: 'new' };
    return { file, status: previous === file.content ? 'unchanged' : 'changed', previous };
  });
}

/** Creates missing parent directories, returning those it created (deepest last). */
function ensureDirectory(dir: string, created: string[]): void {
  const made = mkdirSync(dir, { recursive: true });
  if (!made) return;
  // mkdirSync returns the first directory it created; record every level down to dir.
  const chain: string[] = [];
  for (let d = dir; d.length >= made.length; d = dirname(d)) chain.unshift(d);
  created.push(...chain);
}

/** A file to delete (one we generated and no longer do), with its content so a failure can put it back. */
export interface FileRemoval {
  path: string;
  previous: string;
}

/**
 * Writes every new or changed file atomically, then deletes the removals. Changed files are
 * refused unless `force`. On failure the disk is restored to how it was and the error rethrown.
 */
export function writeTree(changes: readonly FileChange[], root: string, options: { force: boolean; remove?: readonly FileRemoval[]; reach?: string }): void {
  const refused = changes.filter((c) => c.status === 'changed').map((c) => c.file.path);
  if (refused.length && !options.force) throw new OverwriteRefused(refused);
  const pending = changes.filter((c) => c.status !== 'unchanged');
  const createdDirs: string[] = [];
  const staged: { change: FileChange; temp: string; target: string }[] = [];
  const renamed: typeof staged = [];
  const removed: { target: string; previous: string }[] = [];
  const removals = (options.remove ?? []).map((r) => ({ target: targetPath(root, r.path, options.reach), previous: r.previous }));
  try {
    for (const change of pending) {
      const target = targetPath(root, change.file.path, options.reach);
      ensureDirectory(dirname(target), createdDirs);
      const temp = join(dirname(target), `.${process.pid}.${staged.length}.create-devops-stack.tmp`);
      writeFileSync(temp, change.file.content, { mode: change.file.executable ? 0o755 : 0o644 });
      staged.push({ change, temp, target });
    }
    for (const entry of staged) {
      renameSync(entry.temp, entry.target);
      if (entry.change.file.executable) chmodSync(entry.target, 0o755);
      renamed.push(entry);
    }
    for (const removal of removals) {
      rmSync(removal.target, { force: true });
      removed.push(removal);
    }
  } catch (error) {
    for (const removal of removed) writeFileSync(removal.target, removal.previous);
    for (const entry of staged) if (!renamed.includes(entry)) rmSync(entry.temp, { force: true });
    for (const entry of renamed.reverse()) {
      if (entry.change.previous === undefined) rmSync(entry.target, { force: true });
      else writeFileSync(entry.target, entry.change.previous);
    }
    for (const dir of createdDirs.reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // not empty: something else lives there now; leave it
      }
    }
    throw error;
  }
}
