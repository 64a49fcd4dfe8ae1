/** What upgrade prints: one line per file that needs attention or changed, then what to do. */
import type { CheckFinding } from '../check/findings.js';
import { UNFINISHED, type Action, type FileDecision } from './plan.js';
import type { UpgradePlan } from './run.js';
import { unifiedDiff } from './unified-diff.js';

const EXPLAIN: Record<Action, string> = {
  unchanged: 'up to date',
  updated: 'replaced with the new version (you had not edited it)',
  added: 'new in this version',
  merged: 'your edits and the new version merged cleanly',
  conflict: 'your edits and the new version overlap: resolve the marked sections',
  'kept-edit': 'your edits kept; the template did not change',
  review: 'edited by you, and the merge base is missing: compare with `upgrade --dry-run` and apply by hand',
  deleted: 'you deleted it: stays deleted (set ownership to user to silence this)',
  exists: 'new in this version, but your file is there: kept as yours (owner user)',
  'seeded-changed': 'seeded (yours): the template changed; see `upgrade --dry-run`, or set ownership to managed to merge it',
  user: 'owner user: not touched',
  removed: 'no longer generated and unmodified: removed',
  orphaned: 'no longer generated, but edited by you: left in place; delete it or set ownership to user',
  unresolved: 'still holds conflict markers (from an earlier upgrade?): left as it is; resolve them, then run upgrade again',
  'not-text': 'not UTF-8 text: never merged or re-encoded, left as it is; replace it by hand (see `upgrade --dry-run`)',
  ignored: 'named in devops-stack.lock.json, but not a file create-devops-stack writes: left alone, dropped from the lock',
};

export interface UpgradeReport {
  ok: boolean;
  from: string;
  to: string;
  dir: string;
  dryRun: boolean;
  written: boolean;
  answersChanged: boolean;
  files: { path: string; mode: string; action: Action; conflicts?: number }[];
  conflicts: string[];
  /** Files the upgrade could not bring to the new version (conflicts, review, markers, not text). */
  unfinished: string[];
  /** Consistency rules that fail on the files as the upgrade leaves them. */
  findings: CheckFinding[];
}

export function buildUpgradeReport(plan: UpgradePlan, dir: string, dryRun: boolean, written: boolean, findings: CheckFinding[] = []): UpgradeReport {
  const unfinished = plan.decisions.filter((d) => UNFINISHED.has(d.action)).map((d) => d.path);
  return {
    ok: !unfinished.length && !findings.length,
    from: plan.from,
    to: plan.to,
    dir,
    dryRun,
    written,
    answersChanged: plan.answersChanged,
    files: plan.decisions.map((d) => ({ path: d.path, mode: d.mode, action: d.action, ...(d.conflicts ? { conflicts: d.conflicts } : {}) })),
    conflicts: plan.decisions.filter((d) => d.action === 'conflict').map((d) => d.path),
    unfinished,
    findings,
  };
}

export function formatUpgrade(report: UpgradeReport): string {
  const lines = [`create-devops-stack upgrade ${report.from} → ${report.to} in ${report.dir}${report.answersChanged ? ' (answers changed since the last run)' : ''}`];
  const shown = report.files.filter((f) => f.action !== 'unchanged' && f.action !== 'user');
  const width = Math.max(0, ...shown.map((f) => f.path.length));
  for (const f of shown) {
    const count = f.conflicts ? ` (${f.conflicts} section${f.conflicts > 1 ? 's' : ''})` : '';
    lines.push(`  ${f.action.padEnd(14)} ${f.path.padEnd(width)}  ${EXPLAIN[f.action]}${count}`);
  }
  if (!shown.length) lines.push('  every file is up to date');
  if (report.conflicts.length) {
    lines.push('', `${report.conflicts.length} file(s) with conflicts, marked <<<<<<< yours (edited) … >>>>>>> create-devops-stack ${report.to}:`);
    lines.push(...report.conflicts.map((p) => `  ${p}`), 'Resolve them, then commit; `create-devops-stack check` confirms the result.');
  }
  const others = report.unfinished.filter((p) => !report.conflicts.includes(p));
  if (others.length) lines.push('', `${others.length} file(s) not brought to ${report.to} (see above): ${others.join(', ')}. The stack is not up to date until they are.`);
  if (report.findings.length) {
    lines.push('', 'The files disagree with each other after this upgrade:');
    for (const f of report.findings) lines.push(`  ✖ ${f.ruleId}: ${f.message}`, `    → ${f.remedy}`);
  }
  lines.push('', report.dryRun ? 'Dry run: nothing was written.' : report.written ? 'Files and devops-stack.lock.json written.' : 'Nothing to write.');
  return `${lines.join('\n')}\n`;
}

/** The merge result of each file as a unified diff, for --dry-run. */
export function formatDiffs(decisions: readonly FileDecision[]): string {
  return decisions
    .map((d) => {
      if (d.action === 'removed' && d.before !== undefined) return unifiedDiff(d.path, d.before, undefined);
      if (d.after === undefined || d.after === d.before) return '';
      return unifiedDiff(d.path, d.before, d.after);
    })
    .join('');
}
