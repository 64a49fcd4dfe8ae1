/**
 * Check findings: one shape for drift and for consistency rules, so the summary, --json
 * and SARIF all read the same list. Rule ids: drift/<status>, consistency/<rule id>.
 */
import type { Finding as RuleFinding } from '../integration/rule.js';
import type { DriftStatus, FileStatus } from './classify.js';

export interface CheckFinding {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: string;
  /** The files concerned, the one to change first. */
  files: string[];
  remedy: string;
}

export const DRIFT_RULES: Record<Exclude<DriftStatus, 'clean'> | 'answers-changed' | 'conflict-markers' | 'interrupted-run' | 'not-generated', { description: string; remedy: (path: string) => string }> = {
  'user-modified': {
    description: 'A managed file was edited by hand: the next upgrade merges it, and check cannot vouch for it.',
    remedy: (p) => `Move the edit into devops-stack.yaml and re-run create-devops-stack, or keep it and set ownership "${p}": seeded (or user) in devops-stack.yaml.`,
  },
  stale: {
    description: 'The generator would now write something else: answers edited, or a newer version, without re-running.',
    remedy: () => 'Run npx create-devops-stack upgrade and commit the result.',
  },
  missing: {
    description: 'A managed file is generated but not on disk.',
    remedy: (p) => `Run npx create-devops-stack --yes in the stack's directory to write it again (upgrade keeps a deleted file deleted), or set ownership "${p}": user in devops-stack.yaml if you removed it on purpose.`,
  },
  orphaned: {
    description: 'A file in the lock is no longer generated.',
    remedy: (p) => `Delete ${p}, or set ownership "${p}": user in devops-stack.yaml to keep it as yours.`,
  },
  'conflict-markers': {
    description: 'A file still holds conflict markers, from an upgrade or a merge: it is not what either side meant.',
    remedy: (p) => `Resolve the marked sections of ${p} (keep the lines you want, delete the markers), then commit.`,
  },
  'interrupted-run': {
    description: 'A create-devops-stack run was interrupted (killed, or the machine stopped) while writing: its journal is still there.',
    remedy: () => 'Run create-devops-stack (or upgrade) in the stack\'s directory: it finishes or undoes the interrupted run before anything else.',
  },
  'not-generated': {
    description: 'The lock names a file that create-devops-stack never writes: it was edited by hand.',
    remedy: (p) => `Restore devops-stack.lock.json from git, or remove its entry for ${p}; create-devops-stack never touches ${p}.`,
  },
  'answers-changed': {
    description: 'devops-stack.yaml changed since the files were generated.',
    remedy: () => 'Run npx create-devops-stack upgrade so the files follow the answers, and commit both.',
  },
};

const MESSAGES: Record<Exclude<DriftStatus, 'clean'>, string> = {
  'user-modified': 'was edited by hand since create-devops-stack wrote it',
  stale: 'differs from what create-devops-stack would generate now from devops-stack.yaml',
  missing: 'is generated but missing',
  orphaned: 'is no longer generated but still in the repository',
};

export function driftFinding(file: FileStatus): CheckFinding | undefined {
  if (file.status === 'clean') return undefined;
  // Seeded files are the user's: a difference is information, not a failure.
  const level = file.finding ? 'error' : 'note';
  const remedy = file.finding
    ? DRIFT_RULES[file.status].remedy(file.path)
    : `Nothing to do: the file is yours (${file.mode}). \`upgrade --dry-run\` shows what the template would write now; set ownership "${file.path}": managed to have it kept up to date.`;
  return { ruleId: `drift/${file.status}`, level, message: `${file.path} (${file.mode}) ${MESSAGES[file.status]}`, files: [file.path], remedy };
}

export function ruleFinding(finding: RuleFinding): CheckFinding {
  return { ruleId: `consistency/${finding.rule}`, level: finding.severity, message: finding.message, files: finding.files, remedy: finding.remedy };
}
