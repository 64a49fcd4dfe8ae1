import type { PromptAdapter } from '../prompt/adapter.js';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** The guided run's prompts; tests inject scripted ones. Default: @clack/prompts, loaded on first use. */
  prompts?: () => Promise<PromptAdapter>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // stdout first: touching process.stdin opens a stream on it (file streams, readline and
    // fs/promises loaded, or a socket on a pipe), which a run whose output is not a terminal never needs.
    isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
}
