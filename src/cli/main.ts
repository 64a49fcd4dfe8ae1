/**
 * The CLI's one entry: parses arguments, runs the command, and maps every known
 * error to a message and an exit code (0 ok, 1 findings, 2 bad input or failed step).
 * No stack trace reaches the user for an expected error.
 */
import { InputError, StepFailure, type Problem, type ProblemKind } from '../core/errors.js';
import { ioFailure, isErrno } from '../write/fs-failure.js';
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

type Command = 'generate' | 'upgrade' | 'check';

/**
 * The heading over an error's problems: what kind of input was wrong, and, for the commands that
 * write, that nothing was written (check writes nothing, so it never says so).
 */
function title(command: Command, kind: ProblemKind | 'preflight' | 'generation' | 'overwrite'): string {
  const writing = command !== 'check';
  const headings: Record<typeof kind, string> = {
    usage: 'Invalid command line',
    answers: 'Invalid answers',
    lock: 'Invalid devops-stack.lock.json',
    files: writing ? 'Cannot write the stack' : 'Cannot check the stack',
    io: writing ? 'Could not write the stack' : 'Could not check the stack',
    preflight: writing ? `Cannot ${command}` : 'Cannot check',
    generation: 'Generation failed',
    overwrite: 'These files exist and differ from what would be generated',
  };
  return `${headings[kind]}${writing ? '; nothing was written:' : ':'}`;
}

/** The command an argument list runs, before (or without) parsing it. */
function commandOf(argv: readonly string[]): Command {
  const first = argv.find((a) => !a.startsWith('-'));
  return first === 'check' || first === 'upgrade' ? first : 'generate';
}

function errorReport(io: CliIo, json: boolean, title: string, problems: Problem[]): number {
  if (json) io.stdout(`${JSON.stringify({ ok: false, version: VERSION, written: false, errors: problems }, null, 2)}\n`);
  else io.stderr(formatProblems(title, problems));
  return EXIT.failed;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  return mapErrors(io, json, commandOf(argv), async () => {
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
    throw new InputError([{ where: '--name', message: 'cannot name several stacks at once', remedy: 'Leave --name out: each stack takes its name from its devops-stack.yaml or its directory.' }], 'usage');
  }
  const reports: unknown[] = [];
  let code: number = EXIT.ok;
  for (const dir of options.dirs) {
    let out = '';
    const captured: CliIo = { ...io, isTTY: false, stdout: options.json ? (t) => void (out += t) : io.stdout };
    if (!options.json) io.stdout(`\n== ${dir}\n`);
    const one = await mapErrors(captured, options.json, 'generate', () => generateCommand({ ...options, dir, dirs: [dir], yes: true }, captured));
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
async function mapErrors(io: CliIo, json: boolean, command: Command, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PreflightFailed) return errorReport(io, json, title(command, 'preflight'), error.problems);
    if (error instanceof InputError) return errorReport(io, json, title(command, error.kind), error.problems);
    if (error instanceof GenerationFailed) {
      const problems = [
        ...error.failures.map(stepProblem),
        ...error.findings.map((f) => ({ where: `rule ${f.rule}`, message: `${f.message} (files: ${f.files.join(', ')})`, remedy: f.remedy })),
      ];
      return errorReport(io, json, title(command, 'generation'), problems);
    }
    if (error instanceof OverwriteRefused) {
      return errorReport(
        io,
        json,
        title(command, 'overwrite'),
        error.paths.map((path) => ({ where: path, message: 'would be overwritten', remedy: overwriteRemedy(path) })),
      );
    }
    // The disk failing (unreadable, full, read-only) is not a bug: a message, not a stack trace.
    if (isErrno(error)) {
      const failure = ioFailure(error, `${error.syscall ?? 'use'} ${error.path ?? 'a file'}`, error.path ?? '');
      return errorReport(io, json, title(command, 'io'), failure.problems);
    }
    // Deeper than the stack allows (input nested beyond any bound we check is caught before this): still a message.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      return errorReport(io, json, title(command, 'answers'), [{ where: '(input)', message: 'is nested too deeply to process', remedy: 'Flatten the answers file.' }]);
    }
    throw error;
  }
}
