/**
 * Writes an upgrade: every changed file and the lock through the one writer (atomic,
 * rolled back on failure), then removes the files no longer generated. Removal takes
 * only paths the lock listed, unmodified, inside the repository.
 */
import { rmSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { FileTree, VirtualFile } from '../core/files.js';
import { LOCK_PATH, serializeLock } from '../lock/lock.js';
import { diffAgainstDisk, writeTree, type FileChange } from '../write/writer.js';
import { buildTree } from '../core/files.js';
import { writes } from './plan.js';
import type { UpgradePlan } from './run.js';

function lockFile(plan: UpgradePlan): VirtualFile {
  return { path: LOCK_PATH, content: serializeLock(plan.lock), producer: 'answers', summary: 'Lock' };
}

/** The file changes an upgrade makes (removals excluded). */
export function upgradeChanges(plan: UpgradePlan, tree: FileTree, dir: string): FileChange[] {
  const changes: FileChange[] = plan.decisions
    .filter((d) => writes(d) && d.after !== undefined)
    .map((d) => {
      const generated = tree.get(d.path);
      const file: VirtualFile = { path: d.path, content: d.after!, producer: generated?.producer ?? 'integration', summary: generated?.summary ?? '', ...(generated?.executable ? { executable: true } : {}) };
      return d.before === undefined ? { file, status: 'new' } : { file, status: 'changed', previous: d.before };
    });
  return [...changes, ...diffAgainstDisk(buildTree([lockFile(plan)]), dir).filter((c) => c.status !== 'unchanged')];
}

export function applyUpgrade(plan: UpgradePlan, tree: FileTree, dir: string): void {
  writeTree(upgradeChanges(plan, tree, dir), dir, { force: true });
  const root = resolve(dir);
  for (const d of plan.decisions) {
    if (d.action !== 'removed' || d.before === undefined) continue;
    const target = resolve(root, d.path);
    const rel = relative(root, target);
    if (!rel || rel.startsWith('..') || rel.split(sep).includes('..')) continue;
    rmSync(target, { force: true });
  }
}
