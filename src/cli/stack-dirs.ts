/**
 * The stacks a command works on: each directory given that holds a devops-stack.yaml, or,
 * for a directory without one (a monorepo root), every devops-stack.yaml below it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../core/errors.js';

const ANSWERS = 'devops-stack.yaml';
/** Never stacks of their own: dependencies, VCS data, build output, our golden trees. */
const SKIP = new Set(['node_modules', '.git', 'dist', 'build', 'target', 'vendor', 'snapshots']);

function findStacks(dir: string, depth: number, found: string[]): void {
  if (existsSync(join(dir, ANSWERS))) {
    found.push(dir);
    return;
  }
  if (depth === 0) return;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isDirectory() && !SKIP.has(entry.name) && !entry.name.startsWith('.')) findStacks(join(dir, entry.name), depth - 1, found);
  }
}

/** Absolute stack directories, in a stable order; an error when a directory holds none. */
export function stackDirectories(cwd: string, dirs: readonly string[]): string[] {
  const stacks: string[] = [];
  for (const given of dirs.length ? dirs : ['.']) {
    const dir = resolve(cwd, given);
    const found: string[] = [];
    findStacks(dir, 4, found);
    if (!found.length) {
      throw new InputError([{ where: relative(cwd, dir) || '.', message: `has no ${ANSWERS}, here or in the directories below it`, remedy: 'Run create-devops-stack there first, or pass the directory of a generated stack.' }], 'usage');
    }
    stacks.push(...found);
  }
  return [...new Set(stacks)];
}
