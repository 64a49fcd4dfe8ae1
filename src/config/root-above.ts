import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The repository root of a stack in dir whose answers say `directory` (its path below the
 * root): dir with that path taken off its end; undefined when dir does not end with it (the
 * stack moved, or its answers were copied elsewhere). Kept apart from repository-root.ts so
 * that the CLI's small entry (check/unchanged.ts) can use it without the answers schema.
 */
export function rootAbove(dir: string, directory: string): string | undefined {
  const full = resolve(dir);
  if (!directory) return full;
  const parts = directory.split('/');
  const root = resolve(full, ...parts.map(() => '..'));
  return resolve(root, ...parts) === full ? root : undefined;
}

/**
 * Whether dir is the root of a git work tree, by its files alone (no git process): `.git` is a
 * directory holding HEAD, or (a worktree or submodule) a file `gitdir: <path>` pointing at one.
 */
export function isGitRoot(dir: string): boolean {
  const dotGit = join(dir, '.git');
  try {
    const stat = statSync(dotGit);
    if (stat.isDirectory()) return statSync(join(dotGit, 'HEAD')).isFile();
    if (!stat.isFile() || stat.size > 4096) return false;
    const match = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    return match ? statSync(join(resolve(dir, match[1]!.trim()), 'HEAD')).isFile() : false;
  } catch {
    return false;
  }
}
