/**
 * The CLI's one entry: parses arguments, runs the command, and maps every known
 * error to a message and an exit code (0 ok, 1 findings, 2 bad input or failed step).
 * No stack trace reaches the user for an expected error.
 */
import { InputError, StepFailure, type Problem } from '../core/errors.js';
import { GenerationFailed } from '../core/pipeline.js';
import { VERSION } from '../version.js';
import { OverwriteRefused } from '../write/writer.js';
import { parseCli, USAGE } from './args.js';
import { PreflightFailed } from '../upgrade/preflight.js';
import { checkCommand } from './check-command.js';
import { generateCommand } from './generate-command.js';
import { upgradeCommand } from './upgrade-command.js';
import type { CliOptions } from './args.js';
import type { CliIo } from './io.js';
import { formatProblems } from './report.js';

export const EXIT = { ok: 0, findings: 1, failed: 2 } as const;

function stepProblem(failure: StepFailure): Problem {
  const skipped = failure.skipped.length ? ` (skipped because of it: ${failure.skipped.join(', ')})` : '';
  return { where: `step ${failure.step}`, message: failure.reason + skipped, remedy: failure.remedy };
}

function errorReport(io: CliIo, json: boolean, title: string, problems: Problem[]): number {
  if (json) io.stdout(`${JSON.stringify({ ok: false, version: VERSION, written: false, errors: problems }, null, 2)}\n`);
  else io.stderr(formatProblems(title, problems));
  return EXIT.failed;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  return mapErrors(io, json, async () => {
    const options = parseCli(argv, io.cwd);
    if (options.command === 'help') {
      io.stdout(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (options.command === 'version') {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (options.command === 'upgrade') return await upgradeCommand(options, io);
    if (options.command === 'check') return await checkCommand(options, io);
    if (options.dirs.length > 1) return await generateSeveral(options, io);
    return await generateCommand(options, io);
  });
}

/**
 * Generates several stacks (a monorepo's services) in one process, each from its own
 * directory's answers, never prompting. Each stack is all-or-nothing on its own; the exit
 * code is the worst of them. With --json, one document lists every stack's report.
 */
async function generateSeveral(options: CliOptions, io: CliIo): Promise<number> {
  if ('name' in options.answers) {
    throw new InputError([{ where: '--name', message: 'cannot name several stacks at once', remedy: 'Leave --name out: each stack takes its name from its devops-stack.yaml or its directory.' }]);
  }
  const reports: unknown[] = [];
  let code: number = EXIT.ok;
  for (const dir of options.dirs) {
    let out = '';
    const captured: CliIo = { ...io, isTTY: false, stdout: options.json ? (t) => void (out += t) : io.stdout };
    if (!options.json) io.stdout(`\n== ${dir}\n`);
    const one = await mapErrors(captured, options.json, () => generateCommand({ ...options, dir, dirs: [dir], yes: true }, captured));
    if (options.json) reports.push({ dir, ...(JSON.parse(out) as object) });
    code = Math.max(code, one);
  }
  if (options.json) io.stdout(`${JSON.stringify({ ok: code === EXIT.ok, version: VERSION, stacks: reports }, null, 2)}\n`);
  return code;
}

/**
 * A workflow at the repository root that this stack's lock does not list was written by someone
 * else: most likely another stack of the same name (root workflows are named after the stack),
 * which --force would silently take over.
 */
function overwriteRemedy(path: string): string {
  if (path.startsWith('../') && path.includes('/.github/workflows/')) {
    return 'A workflow of this name already exists at the repository root: another stack with the same name, or your own. Give this stack another name in devops-stack.yaml; --force would replace that workflow.';
  }
  return 'Review with --dry-run, then re-run with --force to overwrite, or move your version aside.';
}

/** Runs a command and maps every expected error to its message and exit code. */
async function mapErrors(io: CliIo, json: boolean, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PreflightFailed) return errorReport(io, json, 'Cannot run; nothing was written:', error.problems);
    if (error instanceof InputError) return errorReport(io, json, 'Invalid answers; nothing was written:', error.problems);
    if (error instanceof GenerationFailed) {
      const problems = [
        ...error.failures.map(stepProblem),
        ...error.findings.map((f) => ({ where: `rule ${f.rule}`, message: `${f.message} (files: ${f.files.join(', ')})`, remedy: f.remedy })),
      ];
      return errorReport(io, json, 'Generation failed; nothing was written:', problems);
    }
    if (error instanceof OverwriteRefused) {
      return errorReport(
        io,
        json,
        'These files exist and differ from what would be generated; nothing was written:',
        error.paths.map((path) => ({ where: path, message: 'would be overwritten', remedy: overwriteRemedy(path) })),
      );
    }
    throw error;
  }
}
