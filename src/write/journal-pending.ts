import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The journal of a writing run (journal.ts); kept apart so that the CLI's small entry can look for it. */
export const JOURNAL = '.devops-stack.run.journal';

/** Whether an interrupted run left its journal in dir (check reports it; the next writing run recovers it). */
export function journalPending(dir: string): boolean {
  return existsSync(join(dir, JOURNAL));
}
