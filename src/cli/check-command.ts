/**
 * `create-devops-stack check [dir...]`: the CI gate. Regenerates in memory and compares
 * (src/check/), in one process, reading files only. Several stacks (a monorepo's services)
 * are checked in the same process. Exit 0 clean, 1 findings, and 2 (from main) when it
 * could not run: no answers or lock, invalid answers.
 */
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { CheckFinding } from '../check/findings.js';
import { runCheck } from '../check/run.js';
import { toSarif } from '../check/sarif.js';
import { generate } from '../core/pipeline.js';
import { preflight } from '../upgrade/preflight.js';
import { VERSION } from '../version.js';
import type { CliOptions } from './args.js';
import type { CliIo } from './io.js';
import { stackDirectories } from './stack-dirs.js';

const STATUSES = ['clean', 'user-modified', 'stale', 'missing', 'orphaned'] as const;

interface StackReport {
  dir: string;
  ok: boolean;
  lockVersion: string;
  counts: Record<string, number>;
  files: unknown[];
  findings: CheckFinding[];
}

async function checkStack(dir: string, options: CliOptions, io: CliIo): Promise<StackReport> {
  // allowDirty: check never looks at git (no child process); it compares files only.
  const config = options.config && options.dirs.length <= 1 ? { config: resolve(io.cwd, options.config) } : {};
  const { answers, lock } = preflight({ dir, ...config, version: VERSION, allowDirty: true, command: 'check' });
  const generation = await generate(answers, { budgets: false });
  const result = runCheck(dir, generation.plan, generation.tree, answers, lock);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, result.files.filter((f) => f.status === s).length]));
  return { dir: relative(io.cwd, dir) || '.', ok: result.ok, lockVersion: lock.version, counts, files: result.files, findings: result.findings };
}

function humanLines(report: StackReport): string[] {
  const lines = [`create-devops-stack check ${VERSION} in ${report.dir}: ${Object.entries(report.counts).filter(([, n]) => n).map(([s, n]) => `${n} ${s}`).join(', ')}`];
  for (const f of report.findings) {
    const files = f.files.every((p) => f.message.includes(p)) ? '' : ` (${f.files.join(', ')})`;
    lines.push(`  ${f.level === 'error' ? '✖' : f.level === 'warning' ? '⚠' : 'ℹ'} ${f.ruleId}: ${f.message}${files}`, `    → ${f.remedy}`);
  }
  lines.push(report.ok ? 'Clean: every managed file is what devops-stack.yaml generates, and the files agree with each other.' : `${report.findings.filter((f) => f.level === 'error').length} finding(s).`);
  return lines;
}

export async function checkCommand(options: CliOptions, io: CliIo): Promise<number> {
  const reports: StackReport[] = [];
  for (const dir of stackDirectories(io.cwd, options.dirs)) reports.push(await checkStack(dir, options, io));
  const ok = reports.every((r) => r.ok);
  if (options.sarif) {
    // One SARIF log for all stacks: each finding located relative to where check runs (the checkout root in CI).
    const located = reports.flatMap((r) => r.findings.map((f) => ({ ...f, files: f.files.map((p) => join(r.dir, p).split('\\').join('/')) })));
    writeFileSync(resolve(io.cwd, options.sarif), `${JSON.stringify(toSarif(located, VERSION, (p) => p), null, 2)}\n`);
  }
  if (options.json) {
    const one = reports.length === 1 ? reports[0]! : undefined;
    const body = one
      ? { ok, version: VERSION, lockVersion: one.lockVersion, dir: options.dir, counts: one.counts, files: one.files, findings: one.findings }
      : { ok, version: VERSION, stacks: reports };
    io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    io.stdout(`${reports.flatMap(humanLines).join('\n')}\n${reports.length > 1 ? `${reports.filter((r) => r.ok).length} of ${reports.length} stacks clean.\n` : ''}`);
  }
  return ok ? 0 : 1;
}
