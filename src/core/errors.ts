/**
 * Errors that end a run with exit code 2 and a message, never a stack trace.
 * Each names where the problem is, what is wrong and what to do.
 */
export interface Problem {
  /** A field path ("app.port"), a step id ("iac") or a file path. */
  where: string;
  message: string;
  remedy: string;
}

/**
 * What kind of input was wrong, for the heading over the problems (src/cli/main.ts):
 * answers (devops-stack.yaml or answer flags), usage (the command line), lock (devops-stack.lock.json),
 * files (the stack's files or directories on disk: a link, a directory where a file goes, …),
 * io (the disk failed: full, read-only, permission denied).
 */
export type ProblemKind = 'answers' | 'usage' | 'lock' | 'files' | 'io';

export class InputError extends Error {
  constructor(
    readonly problems: Problem[],
    readonly kind: ProblemKind = 'answers',
  ) {
    super(problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
  }
}

export class StepFailure extends Error {
  constructor(
    readonly step: string,
    readonly reason: string,
    readonly remedy: string,
    readonly skipped: string[] = [],
  ) {
    super(`step ${step} failed: ${reason}`);
  }
}

/** At most this many characters of any one value, message or remedy reach the terminal. */
export const SHOWN_MAX = 300;

/**
 * Text for a message, cut to `max` characters with what was left out said: a 10 MB name must not
 * become a 10 MB error message. Control characters are escaped so that a hostile value cannot
 * rewrite the terminal.
 */
export function clip(text: string, max = SHOWN_MAX): string {
  // eslint-disable-next-line no-control-regex
  const safe = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return safe.length <= max ? safe : `${safe.slice(0, max)}… (${text.length} characters in all)`;
}

export function formatProblem(problem: Problem): string {
  return `  ✖ ${clip(problem.where, 200)}: ${clip(problem.message, 600)}\n    → ${clip(problem.remedy, 600)}`;
}
