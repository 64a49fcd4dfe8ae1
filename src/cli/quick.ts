/**
 * What the CLI's entry answers before loading the rest of it (dist/main.cjs): `--version`, and
 * `check` of stacks found unchanged since generation (src/check/unchanged.ts), the command CI
 * runs on every pull request. Only the plain forms are taken here, `check [dir...] [--json]`;
 * any other argument, or any stack that needs more than the lock to judge, returns undefined
 * and the full CLI runs, which prints the same report for unchanged stacks.
 */
import { relative } from 'node:path';
import { formatCheck, type StackReport } from '../check/report.js';
import { unchangedReport } from '../check/unchanged.js';
import { VERSION } from '../version.js';
import type { CliIo } from './io.js';
import { stackDirectories } from './stack-dirs.js';

function quickCheck(args: readonly string[], io: CliIo): number | undefined {
  const json = args.includes('--json');
  const dirs = args.filter((a) => a !== '--json');
  if (dirs.some((d) => d.startsWith('-'))) return undefined;
  let stacks: string[];
  try {
    stacks = stackDirectories(io.cwd, dirs);
  } catch {
    return undefined; // the full CLI reports it
  }
  const reports: StackReport[] = [];
  for (const dir of stacks) {
    const report = unchangedReport(dir, relative(io.cwd, dir) || '.');
    if (!report) return undefined;
    reports.push(report);
  }
  io.stdout(formatCheck(reports, { json, dir: dirs[0] ?? '.' }, VERSION));
  return 0;
}

/** The exit code when answered here; undefined when the full CLI must run. */
export function quickAnswer(argv: readonly string[], io: CliIo): number | undefined {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  return argv[0] === 'check' ? quickCheck(argv.slice(1), io) : undefined;
}
