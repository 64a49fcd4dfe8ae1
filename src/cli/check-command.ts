/**
 * `create-devops-stack check [dir]`: the CI gate. Regenerates in memory and compares
 * (src/check/), in one process, reading files only. Exit 0 clean, 1 findings, and 2
 * (from main) when it could not run: no answers or lock, invalid answers.
 */
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runCheck } from '../check/run.js';
import { toSarif } from '../check/sarif.js';
import { generate } from '../core/pipeline.js';
import { preflight } from '../upgrade/preflight.js';
import { VERSION } from '../version.js';
import type { CliOptions } from './args.js';
import type { CliIo } from './io.js';

export async function checkCommand(options: CliOptions, io: CliIo): Promise<number> {
  const dir = resolve(io.cwd, options.dir);
  // allowDirty: check never looks at git (no child process); it compares files only.
  const { answers, lock } = preflight({ dir, ...(options.config ? { config: resolve(io.cwd, options.config) } : {}), version: VERSION, allowDirty: true, command: 'check' });
  const generation = await generate(answers, { budgets: false });
  const result = runCheck(dir, generation.plan, generation.tree, answers, lock);
  const uriOf = (path: string): string => relative(io.cwd, join(dir, path)).split('\\').join('/');
  if (options.sarif) writeFileSync(resolve(io.cwd, options.sarif), `${JSON.stringify(toSarif(result.findings, VERSION, uriOf), null, 2)}\n`);
  const counts = Object.fromEntries(['clean', 'user-modified', 'stale', 'missing', 'orphaned'].map((s) => [s, result.files.filter((f) => f.status === s).length]));
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: result.ok, version: VERSION, lockVersion: lock.version, dir: options.dir, counts, files: result.files, findings: result.findings }, null, 2)}\n`);
  } else {
    const lines = [`create-devops-stack check ${VERSION} in ${options.dir}: ${Object.entries(counts).filter(([, n]) => n).map(([s, n]) => `${n} ${s}`).join(', ')}`];
    for (const f of result.findings) {
      const files = f.files.every((p) => f.message.includes(p)) ? '' : ` (${f.files.join(', ')})`;
      lines.push(`  ${f.level === 'error' ? '✖' : f.level === 'warning' ? '⚠' : 'ℹ'} ${f.ruleId}: ${f.message}${files}`, `    → ${f.remedy}`);
    }
    lines.push(result.ok ? 'Clean: every managed file is what devops-stack.yaml generates, and the files agree with each other.' : `${result.findings.filter((f) => f.level === 'error').length} finding(s).`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return result.ok ? 0 : 1;
}
