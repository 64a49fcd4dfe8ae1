/**
 * Where a stack sits in its git repository. GitHub reads workflows only from the repository
 * root's .github/, so a stack below the root (a monorepo's service) records its directory in
 * the answers (`directory`), and every command derives the root from that answer alone.
 * Files only: no `git` child process (check runs none, and git may be missing).
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.js';
import { isGitRoot, rootAbove } from './root-above.js';

export { isGitRoot } from './root-above.js';
import schema from '../../schemas/devops-stack.schema.json' with { type: 'json' };

const DIRECTORY = new RegExp(schema.properties.directory.pattern);

/** The nearest directory at or above dir holding `.git` (a directory, or a file for worktrees and submodules). */
export function findGitRoot(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/**
 * The `directory` answer for a stack in dir: its path below the git root, or undefined at the
 * root, outside git, or where the path is not one the answers accept (then it stays standalone).
 */
export function detectDirectory(dir: string): string | undefined {
  const root = findGitRoot(dir);
  if (!root) return undefined;
  const rel = relative(root, resolve(dir)).split(sep).join('/');
  return rel && DIRECTORY.test(rel) ? rel : undefined;
}

/**
 * The repository root of a stack in dir whose answers say `directory`: dir with that path taken
 * off its end. An error when dir does not end with it (the answers were copied elsewhere), so
 * nothing is ever written to a .github/ the answers do not name.
 */
export function repositoryRoot(dir: string, directory: string): string {
  const root = rootAbove(dir, directory);
  if (root === undefined) {
    throw new InputError([
      {
        where: 'directory',
        message: `is "${directory}", but the stack is in ${resolve(dir)}, which does not end with it`,
        remedy: 'Set directory in devops-stack.yaml to the stack\'s path below the git repository root (\'\' at the root), or run from that place.',
      },
    ]);
  }
  return root;
}

/**
 * The one directory outside the stack that its files may reach: the repository root's
 * .github/workflows/ (undefined at the root). The root must be a git repository: answers that
 * name a directory in a tree without one never write above the stack.
 */
export function githubReach(dir: string, directory: string): string | undefined {
  if (!directory) return undefined;
  const root = repositoryRoot(dir, directory);
  if (!isGitRoot(root)) {
    throw new InputError([
      {
        where: 'directory',
        message: `is "${directory}", so the repository root would be ${root}, but that is not a git repository (no .git there): workflows are written only to a repository root's .github/workflows/`,
        remedy: 'Run git init at the repository root first, or set directory to \'\' in devops-stack.yaml for a stack of its own.',
      },
    ]);
  }
  return join(root, '.github', 'workflows');
}
