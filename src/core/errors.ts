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

export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
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

export function formatProblem(problem: Problem): string {
  return `  ✖ ${problem.where}: ${problem.message}\n    → ${problem.remedy}`;
}
