/**
 * The few git calls upgrade needs: is the tree clean, and the merge base's blobs, read
 * from the repository's object database in one `git cat-file --batch` process.
 * `check` never comes here: it runs no child process.
 */
import { execFileSync } from 'node:child_process';

function git(dir: string, args: string[], input?: string): Buffer | undefined {
  try {
    return execFileSync('git', args, { cwd: dir, input, stdio: ['pipe', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

export function isGitWorkTree(dir: string): boolean {
  return git(dir, ['rev-parse', '--is-inside-work-tree'])?.toString().trim() === 'true';
}

/**
 * Uncommitted changes (untracked files included) under dir, and in `also` (paths relative to dir:
 * a monorepo stack's workflows at the repository root), as `git status --porcelain` lines.
 */
export function uncommittedChanges(dir: string, also: readonly string[] = []): string[] {
  const lines = (args: string[]): string[] => git(dir, ['status', '--porcelain', '--', ...args])?.toString('utf8').split('\n').filter(Boolean) ?? [];
  // Apart: git refuses a whole pathspec list when one path is outside the repository.
  return [...lines(['.']), ...(also.length ? lines([...also]) : [])];
}

/** Blob contents by id; ids git does not have are absent from the result. */
export function readBlobs(dir: string, ids: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const unique = [...new Set(ids)];
  if (!unique.length) return found;
  const out = git(dir, ['cat-file', '--batch'], `${unique.join('\n')}\n`);
  if (!out) return found;
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(0x0a, at);
    if (eol === -1) break;
    const [id, type, size] = out.subarray(at, eol).toString('utf8').split(' ');
    at = eol + 1;
    if (type === 'missing' || size === undefined) continue;
    const length = Number(size);
    if (type === 'blob') found.set(id!, out.subarray(at, at + length).toString('utf8'));
    at += length + 1;
  }
  return found;
}
