/**
 * What `check` prints, for one stack or several, human or JSON: built the same way whether the
 * stack was re-rendered (src/cli/check-command.ts) or found unchanged (src/check/unchanged.ts).
 */
import type { FileStatus } from './classify.js';
import type { CheckFinding } from './findings.js';

const STATUSES = ['clean', 'user-modified', 'stale', 'missing', 'orphaned'] as const;

export interface StackReport {
  dir: string;
  ok: boolean;
  lockVersion: string;
  counts: Record<string, number>;
  files: FileStatus[];
  findings: CheckFinding[];
  /**
   * The stack's directory below its repository root, from its answers, to locate findings in
   * SARIF; absent where the stack was found unchanged (it has no findings). Not printed.
   */
  directory?: string;
}

export function stackReport(dir: string, lockVersion: string, files: FileStatus[], findings: CheckFinding[], ok: boolean): StackReport {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, files.filter((f) => f.status === s).length]));
  return { dir, ok, lockVersion, counts, files, findings };
}

function humanLines(report: StackReport, version: string): string[] {
  const lines = [`create-devops-stack check ${version} in ${report.dir}: ${Object.entries(report.counts).filter(([, n]) => n).map(([s, n]) => `${n} ${s}`).join(', ')}`];
  for (const f of report.findings) {
    const files = f.files.every((p) => f.message.includes(p)) ? '' : ` (${f.files.join(', ')})`;
    lines.push(`  ${f.level === 'error' ? '✖' : f.level === 'warning' ? '⚠' : 'ℹ'} ${f.ruleId}: ${f.message}${files}`, `    → ${f.remedy}`);
  }
  lines.push(report.ok ? 'Clean: every managed file is what devops-stack.yaml generates, and the files agree with each other.' : `${report.findings.filter((f) => f.level === 'error').length} finding(s).`);
  return lines;
}

/** The whole standard output of a check. `dir` is the directory as given, for a single stack's JSON. */
export function formatCheck(reports: readonly StackReport[], options: { json: boolean; dir: string }, version: string): string {
  const ok = reports.every((r) => r.ok);
  if (options.json) {
    const one = reports.length === 1 ? reports[0]! : undefined;
    const body = one
      ? { ok, version, lockVersion: one.lockVersion, dir: options.dir, counts: one.counts, files: one.files, findings: one.findings }
      : { ok, version, stacks: reports.map(({ dir, ok: clean, lockVersion, counts, files, findings }) => ({ dir, ok: clean, lockVersion, counts, files, findings })) };
    return `${JSON.stringify(body, null, 2)}\n`;
  }
  return `${reports.flatMap((r) => humanLines(r, version)).join('\n')}\n${reports.length > 1 ? `${reports.filter((r) => r.ok).length} of ${reports.length} stacks clean.\n` : ''}`;
}
