/**
 * Writes an upgrade through the one writer (atomic, rolled back on failure): every changed
 * file, the lock, and the removal of files no longer generated. Removal takes only paths the
 * lock listed and the user never modified; the writer refuses any path outside the repository.
 */
import { InputError } from '../core/errors.js';
import type { FileTree, VirtualFile } from '../core/files.js';
import { LOCK_PATH, serializeLock } from '../lock/lock.js';
import { isKnownPath } from '../lock/known-paths.js';
import type { RunLock } from '../write/run-lock.js';
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
      return d.before === undefined ? { file, status: 'new' as const } : { file, status: 'changed' as const, previous: d.before };
    });
  return [...changes, ...diffAgainstDisk(buildTree([lockFile(plan)]), dir).filter((c) => c.status !== 'unchanged')];
}

/** `reach`: the repository root's .github/ for a stack below the root (src/config/repository-root.ts). */
export function applyUpgrade(plan: UpgradePlan, tree: FileTree, dir: string, reach: string | undefined, lock: RunLock): void {
  // Only paths this generator writes are ever removed (src/lock/known-paths.ts).
  const remove = plan.decisions.flatMap((d) => (d.action === 'removed' && d.before !== undefined && isKnownPath(d.path) ? [{ path: d.path }] : []));
  // Root workflows of a stack whose answers no longer name its directory: the writer may not reach
  // them, and leaving them would keep them running. Stop before writing anything, and say so.
  const unreachable = reach ? [] : remove.filter((r) => r.path.startsWith('../'));
  if (unreachable.length) {
    throw new InputError(
      unreachable.map((r) => ({
        where: r.path,
        message: 'is no longer generated, and is outside the stack, where devops-stack.yaml no longer lets upgrade write (directory)',
        remedy: 'Delete it by hand (nobody edited it) and run upgrade again, or set directory back in devops-stack.yaml.',
      })),
    );
  }
  writeTree(upgradeChanges(plan, tree, dir), dir, { force: true, remove, lock, removable: isKnownPath, ...(reach ? { reach } : {}) });
}
