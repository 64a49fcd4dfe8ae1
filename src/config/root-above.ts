import { resolve } from 'node:path';

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
