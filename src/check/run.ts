/**
 * check: regenerate in memory, compare with the disk file by file, and re-run the
 * consistency rules on the files as they are on disk. One process, no network, no
 * child process: it reads files and nothing else.
 */
import { readTextIfExists } from '../core/read-text.js';
import type { Answers } from '../config/answers.js';
import { buildTree, type FileTree, type VirtualFile } from '../core/files.js';
import { extractFacts } from '../integration/facts.js';
import { RULES } from '../integration/rules/index.js';
import { runRules } from '../integration/rule.js';
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

export function runCheck(dir: string, plan: Plan, rendered: FileTree, answers: Answers, lock: Lock): CheckResult {
  const generated = new Map([...rendered.values()].filter((f) => f.producer !== 'answers').map((f) => [f.path, f.content]));
  const paths = [...new Set([...generated.keys(), ...Object.keys(lock.files)])].sort();
  const disk = new Map([...rendered.keys(), ...paths].map((p) => [p, readTextIfExists(dir, p)]));
  const files = paths.map((path) => {
    const entry = lock.files[path];
    const mode = explicitMode(path, answers.ownership) ?? entry?.mode ?? defaultMode(path);
    const d = disk.get(path);
    const r = generated.get(path);
    return classify({ path, mode, ...(entry ? { entry } : {}), ...(d === undefined ? {} : { disk: d }), ...(r === undefined ? {} : { render: r }) });
  });
  const findings: CheckFinding[] = files.map(driftFinding).filter((f): f is CheckFinding => f !== undefined);
  if (lock.answers !== answersHash(answers)) {
    findings.unshift({ ruleId: 'drift/answers-changed', level: 'error', message: `${plan.paths.answers} changed since the files were generated (by create-devops-stack ${lock.version})`, files: [plan.paths.answers], remedy: DRIFT_RULES['answers-changed'].remedy('') });
  }
  const onDisk = diskTree(rendered, disk);
  findings.push(...runRules(RULES, { plan, facts: extractFacts(onDisk, plan), tree: onDisk }).map(ruleFinding));
  return { files, findings, ok: !findings.some((f) => f.level === 'error') };
}
