/**
 * Where a stack's files may be, resolved from real paths: below the stack's directory, or, for
 * a stack below its git repository root, in that root's .github/workflows/ (the `reach`, see
 * src/config/repository-root.ts). Every tree path is walked component by component with lstat,
 * never following a link: a link, a file where a directory must be or a directory where a file
 * goes stops the run with the path and the reason. Reading, writing, renaming, creating a
 * directory and deleting all go through here, so none of them can resolve outside.
 *
 * Not a defence against another process swapping a directory for a link while we run (Node has
 * no openat): the stack's run lock (run-lock.ts) keeps our own runs apart, and temporary files
 * are created with O_EXCL|O_NOFOLLOW, so a link planted there is never written through.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { InputError, type Problem } from '../core/errors.js';

export type Kind = 'missing' | 'file' | 'directory' | 'link' | 'other';

export interface StackPaths {
  /** The stack's directory, absolute, as given. */
  dir: string;
  /** Its real path: links above it (the user named it) resolved, missing directories appended. */
  real: string;
  /** For a stack below its repository root: the tree path prefix of the root's workflows, and the real root. */
  reach?: { prefix: string; root: string };
}

/** Files read here are generated text; anything larger is not ours. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function filesProblem(problems: Problem[]): InputError {
  return new InputError(problems, 'files');
}

function refused(where: string, message: string, remedy: string): InputError {
  return filesProblem([{ where, message, remedy }]);
}

/** The real path of dir: its nearest existing ancestor resolved, the missing rest appended. */
export function realDirectory(dir: string): string {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(current) === current) throw error;
      missing.push(basename(current));
    }
  }
}

/**
 * The stack's paths. `reach`: the repository root's .github/workflows/ (absolute) for a stack below
 * the root. The stack must be below that root by real path: a link between them is refused, since
 * the workflows' paths (../../.github/workflows/…) are counted from the stack's real place.
 */
export function stackPaths(dir: string, reach?: string): StackPaths {
  const real = realDirectory(dir);
  if (reach === undefined) return { dir, real };
  const root = realDirectory(dirname(dirname(reach)));
  const up = relative(real, root).split(sep);
  if (!up.every((part) => part === '..')) {
    throw refused(dir, `is reached through a symbolic link: once links are resolved it is ${real}, which is not below its repository root ${root}`, 'Run create-devops-stack in the stack\'s real directory inside the repository; links between the repository root and the stack are not followed.');
  }
  return { dir, real, reach: { prefix: `${up.join('/')}/.github/workflows/`, root } };
}

/** Where a tree path lives: the base it is counted from and its components below it. */
export interface Located {
  path: string;
  /** In the repository root's .github/workflows/ rather than below the stack. */
  inReach: boolean;
  base: string;
  parts: string[];
  full: string;
}

/** Whether a tree path is one the writer may touch at all (below the stack, or the reach). */
export function locate(paths: StackPaths, path: string): Located | undefined {
  if (path.includes('\0') || path.includes('\\')) return undefined;
  if (paths.reach && path.startsWith(paths.reach.prefix)) {
    const file = path.slice(paths.reach.prefix.length);
    if (!file || file.includes('/') || file === '.' || file === '..') return undefined;
    const parts = ['.github', 'workflows', file];
    return { path, inReach: true, base: paths.reach.root, parts, full: join(paths.reach.root, ...parts) };
  }
  const parts = path.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return { path, inReach: false, base: paths.real, parts, full: join(paths.real, ...parts) };
}

export function located(paths: StackPaths, path: string): Located {
  const where = locate(paths, path);
  if (!where) {
    const allowed = paths.reach ? `${paths.dir} or ${paths.reach.root}/.github/workflows/` : paths.dir;
    throw refused(path, `is outside ${allowed}, where create-devops-stack may write`, 'This path comes from devops-stack.lock.json or the answers: restore them from git.');
  }
  return where;
}

/** lstat results of one run: each directory is looked at once. */
export class Inspector {
  private readonly kinds = new Map<string, Kind>();

  kind(full: string): Kind {
    let kind = this.kinds.get(full);
    if (kind === undefined) {
      kind = lstatKind(full);
      this.kinds.set(full, kind);
    }
    return kind;
  }

  /** After the writer changed it. */
  set(full: string, kind: Kind): void {
    this.kinds.set(full, kind);
  }
}

function lstatKind(full: string): Kind {
  try {
    const stat = lstatSync(full);
    return stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

function shown(where: Located, upTo: number): string {
  const parts = where.parts.slice(0, upTo + 1).join('/');
  return where.inReach ? `${parts} (at the repository root ${where.base})` : parts;
}

/**
 * The kind of the file at a tree path, its ancestors checked on the way: each must be a real
 * directory (or missing, and then so is the file). `missingDirs` are the absolute directories to
 * create, outermost first. A link or a file among the ancestors is refused.
 */
export function inspect(where: Located, inspector: Inspector): { leaf: Kind; missingDirs: string[] } {
  const missingDirs: string[] = [];
  for (let i = 0; i < where.parts.length - 1; i++) {
    const full = join(where.base, ...where.parts.slice(0, i + 1));
    const kind = missingDirs.length ? 'missing' : inspector.kind(full);
    if (kind === 'directory') continue;
    if (kind === 'missing') {
      missingDirs.push(full);
      continue;
    }
    if (kind === 'link') throw linkRefused(where, i);
    throw refused(shown(where, i), `is a ${kind === 'file' ? 'file' : 'special file'}, where create-devops-stack needs a directory (for ${where.path})`, 'Move it aside (or rename it), then run again.');
  }
  return { leaf: missingDirs.length ? 'missing' : inspector.kind(where.full), missingDirs };
}

export function linkRefused(where: Located, index = where.parts.length - 1): InputError {
  const leaf = index === where.parts.length - 1;
  return refused(
    shown(where, index),
    `is a symbolic link: create-devops-stack never follows links out of the stack${leaf ? '' : ` (needed for ${where.path})`}`,
    leaf
      ? `Replace the link with a regular file, or set ownership "${where.path}": user in devops-stack.yaml to leave it alone.`
      : 'Replace the link with a real directory (copy its content in), then run again.',
  );
}

export function notAFile(where: Located, kind: Kind): InputError {
  const what = kind === 'directory' ? 'a directory' : 'a special file (FIFO, socket or device)';
  return refused(where.path, `is ${what}, where create-devops-stack writes a file`, 'Move it aside (or rename it), then run again.');
}

/** What is at a tree path: nothing, a link (not followed), or a regular file's bytes. */
export type DiskFile = { kind: 'missing' } | { kind: 'link' } | { kind: 'file'; bytes: Buffer };

/** Reads a tree path without following any link. Directories and special files are refused. */
export function readAt(where: Located, inspector: Inspector): DiskFile {
  const { leaf } = inspect(where, inspector);
  if (leaf === 'missing') return { kind: 'missing' };
  if (leaf === 'link') return { kind: 'link' };
  if (leaf !== 'file') throw notAFile(where, leaf);
  return { kind: 'file', bytes: readRegularFile(where.full, where.path) };
}

/**
 * A regular file's bytes, opened without blocking on a FIFO and (unless `follow`) without
 * following a link, bounded in size: a directory, FIFO, socket or device is refused.
 */
export function readRegularFile(full: string, shownAs: string, max = MAX_FILE_BYTES, follow = false): Buffer {
  const fd = openSync(full, constants.O_RDONLY | (follow ? 0 : constants.O_NOFOLLOW) | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw refused(shownAs, stat.isDirectory() ? 'is a directory, not a file' : 'is not a regular file (a FIFO, socket or device)', 'Pass a regular file.');
    if (stat.size > max) throw refused(shownAs, `is ${stat.size} bytes, more than the ${max} create-devops-stack reads here`, 'Pass the right file; this one is far larger than any create-devops-stack reads or writes.');
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return read === stat.size ? buffer : buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
