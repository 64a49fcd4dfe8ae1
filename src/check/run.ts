/**
 * check: regenerate in memory, compare with the disk file by file, and re-run the
 * consistency rules on the files as they are on disk. One process, no network, no
 * child process: it reads files and nothing else.
 */
import { readStackFiles } from '../write/read-stack.js';
import { journalPending } from '../write/journal.js';
import { realDirectory } from '../write/stack-paths.js';
import { isKnownPath } from '../lock/known-paths.js';
import { LOCK_PATH } from '../lock/lock.js';
import { hasConflictMarkers } from '../upgrade/markers.js';
import type { Answers, OwnerMode } from '../config/answers.js';
import { buildTree, type FileTree, type VirtualFile } from '../core/files.js';
import { extractFacts } from '../integration/facts.js';
import { RULES } from '../integration/rules/index.js';
import { keptAsWarnings, runRules } from '../integration/rule.js';
import { answersHash } from '../lock/generate-plan.js';
import type { Lock } from '../lock/lock.js';
import { defaultMode, explicitMode } from '../lock/ownership.js';
import type { Plan } from '../plan/types.js';
import { classify, type FileStatus } from './classify.js';
import { DRIFT_RULES, driftFinding, ruleFinding, type CheckFinding } from './findings.js';

export interface CheckResult {
  files: FileStatus[];
  findings: CheckFinding[];
  /** Exit code: 0 clean, 1 findings. */
  ok: boolean;
}

/** The generated paths as they are on disk (missing ones left out), for the extractors. */
function diskTree(rendered: FileTree, disk: ReadonlyMap<string, string | undefined>): FileTree {
  const files: VirtualFile[] = [];
  for (const file of rendered.values()) {
    const content = disk.get(file.path);
    if (content !== undefined) files.push({ ...file, content });
  }
  return buildTree(files);
}

/** `reach`: the repository root's .github/workflows/ for a stack below the root (src/config/repository-root.ts). */
/** The consistency rules re-run on the generated paths as they are (or will be) on disk. */
export function rulesOnDisk(plan: Plan, rendered: FileTree, disk: ReadonlyMap<string, string | undefined>, userFiles?: ReadonlySet<string>): CheckFinding[] {
  const onDisk = diskTree(rendered, disk);
  // The user's own files (owner user) are never rewritten: what they lack is a warning, fixed by hand.
  return keptAsWarnings(runRules(RULES, { plan, facts: extractFacts(onDisk, plan), tree: onDisk }), userFiles).map(ruleFinding);
}

export function runCheck(dir: string, plan: Plan, rendered: FileTree, answers: Answers, lock: Lock, reach?: string): CheckResult {
  const generated = new Map([...rendered.values()].filter((f) => f.producer !== 'answers').map((f) => [f.path, f.content]));
  // A lock entry naming a file this generator never writes: reported, never read (src/lock/known-paths.ts).
  const foreign = Object.keys(lock.files).filter((p) => !generated.has(p) && !isKnownPath(p));
  const paths = [...new Set([...generated.keys(), ...Object.keys(lock.files)])].filter((p) => !foreign.includes(p)).sort();
  const modeOf = (path: string): OwnerMode => explicitMode(path, answers.ownership) ?? lock.files[path]?.mode ?? defaultMode(path);
  const read = readStackFiles(dir, reach, [...new Set([...rendered.keys(), ...paths])], (p) => modeOf(p) === 'user');
  // Bytes that are not UTF-8 can never equal a render: compared as a placeholder that differs.
  const disk = new Map([...read].map(([p, f]) => [p, f.text ?? '\u0000(not UTF-8 text)']));
  const files = paths.map((path) => {
    const entry = lock.files[path];
    const mode = modeOf(path);
    const d = disk.get(path);
    const r = generated.get(path);
    return classify({ path, mode, ...(entry ? { entry } : {}), ...(d === undefined ? {} : { disk: d }), ...(r === undefined ? {} : { render: r }) });
  });
  const findings: CheckFinding[] = files.map(driftFinding).filter((f): f is CheckFinding => f !== undefined);
  if (journalPending(realDirectory(dir))) findings.unshift(interruptedFinding());
  for (const path of foreign) {
    findings.push({ ruleId: 'drift/not-generated', level: 'error', message: `${LOCK_PATH} names ${path}, which create-devops-stack never writes`, files: [LOCK_PATH], remedy: DRIFT_RULES['not-generated'].remedy(path) });
  }
  for (const file of files) {
    const text = disk.get(file.path);
    if (file.mode !== 'user' && text !== undefined && hasConflictMarkers(text) && !hasConflictMarkers(generated.get(file.path) ?? '')) {
      findings.push({ ruleId: 'drift/conflict-markers', level: 'error', message: `${file.path} still holds conflict markers (<<<<<<< … >>>>>>>)`, files: [file.path], remedy: DRIFT_RULES['conflict-markers'].remedy(file.path) });
    }
  }
  if (lock.answers !== answersHash(answers)) {
    findings.unshift({ ruleId: 'drift/answers-changed', level: 'error', message: `${plan.paths.answers} changed since the files were generated (by create-devops-stack ${lock.version})`, files: [plan.paths.answers], remedy: DRIFT_RULES['answers-changed'].remedy('') });
  }
  findings.push(...rulesOnDisk(plan, rendered, disk, new Set(files.filter((f) => f.mode === 'user').map((f) => f.path))));
  return { files, findings, ok: !findings.some((f) => f.level === 'error') };
}

/** An interrupted run's journal is still there: the files are half way between two runs. */
export function interruptedFinding(): CheckFinding {
  return {
    ruleId: 'drift/interrupted-run',
    level: 'error',
    message: 'a create-devops-stack run was interrupted here: its journal (.devops-stack.run.journal) is still there, and the files may be half way between two runs',
    files: ['.devops-stack.run.journal'],
    remedy: DRIFT_RULES['interrupted-run'].remedy(''),
  };
}
