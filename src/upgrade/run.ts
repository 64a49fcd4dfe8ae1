/**
 * upgrade: re-render with this version and the saved answers, then decide per file
 * (src/upgrade/plan.ts) against the lock, the disk and the merge base. The merge base
 * comes from the lock: inline content, else the blob id looked up in git history.
 */
import { readStackFiles } from '../write/read-stack.js';
import { isKnownPath } from '../lock/known-paths.js';
import type { Answers } from '../config/answers.js';
import type { FileTree } from '../core/files.js';
import { unpackContent } from '../lock/blob.js';
import { answersHash, lockOf } from '../lock/generate-plan.js';
import { untouched, type Lock, type LockEntry } from '../lock/lock.js';
import { defaultMode, explicitMode } from '../lock/ownership.js';
import { GENERATOR } from '../plan/conventions.js';
import { isGitWorkTree, readBlobs } from './git.js';
import { decide, type FileDecision } from './plan.js';

export interface UpgradePlan {
  from: string;
  to: string;
  decisions: FileDecision[];
  lock: Lock;
  answersChanged: boolean;
}

/** Merge bases for the files that need one: edited by the user, base not inline. */
function bases(dir: string, lock: Lock, disk: Map<string, string | undefined>): Map<string, string> {
  const result = new Map<string, string>();
  const wanted: [string, LockEntry][] = Object.entries(lock.files).filter(([path, e]) => {
    const content = disk.get(path);
    return content !== undefined && (e.base !== undefined || e.sha256 !== undefined) && !untouched(e, content);
  });
  for (const [path, entry] of wanted) if (entry.baseContent) result.set(path, unpackContent(entry.baseContent));
  const ids = wanted.filter(([path, e]) => !result.has(path) && e.base).map(([, e]) => e.base!);
  if (ids.length && isGitWorkTree(dir)) {
    const blobs = readBlobs(dir, ids);
    for (const [path, entry] of wanted) if (!result.has(path) && blobs.has(entry.base!)) result.set(path, blobs.get(entry.base!)!);
  }
  return result;
}

/** `reach`: the repository root's .github/workflows/ for a stack below the root (src/config/repository-root.ts). */
export function planUpgrade(dir: string, tree: FileTree, answers: Answers, lock: Lock, version: string, reach?: string): UpgradePlan {
  const rendered = new Map([...tree.values()].filter((f) => f.producer !== 'answers').map((f) => [f.path, f.content]));
  // A lock entry naming a path this generator never writes is not read, merged or removed.
  const foreign = new Set(Object.keys(lock.files).filter((p) => !rendered.has(p) && !isKnownPath(p)));
  const paths = [...new Set([...rendered.keys(), ...Object.keys(lock.files)])].sort();
  const modeOf = (path: string): LockEntry['mode'] => explicitMode(path, answers.ownership) ?? lock.files[path]?.mode ?? defaultMode(path);
  const files = readStackFiles(dir, reach, paths.filter((p) => !foreign.has(p)), (p) => modeOf(p) === 'user');
  const disk = new Map(paths.map((p) => [p, files.get(p)?.text]));
  const base = bases(dir, lock, disk);
  const labels = { yours: 'yours (edited)', base: `${GENERATOR} ${lock.version}`, theirs: `${GENERATOR} ${version}` };
  const decisions = paths.map((path) => {
    const entry = lock.files[path];
    const mode = modeOf(path);
    const d = disk.get(path);
    const r = rendered.get(path);
    const b = base.get(path);
    const binary = files.get(path)?.binary;
    return decide({ path, mode, ...(entry ? { entry } : {}), ...(d === undefined ? {} : { disk: d }), ...(r === undefined ? {} : { render: r }), ...(b === undefined ? {} : { base: b }), ...(binary ? { binary } : {}), ...(foreign.has(path) ? { foreign: true } : {}) }, labels);
  });
  const entries = Object.fromEntries(decisions.filter((d) => d.entry).map((d) => [d.path, d.entry!]));
  const hash = answersHash(answers);
  return {
    from: lock.version,
    to: version,
    decisions,
    lock: lockOf(answers, version, rendered, entries),
    answersChanged: hash !== lock.answers,
  };
}
