/**
 * A report file the user asked for (check --sarif FILE): written whole (a temporary sibling,
 * then renamed) or not at all, and a failure is a message naming the flag, never a stack trace.
 * It is the user's path, anywhere they choose, so it is not confined to the stack.
 */
import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { ioFailure, isErrno } from '../write/fs-failure.js';

export function writeReport(full: string, given: string, flag: string, text: string): void {
  const dir = dirname(full);
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) {
    throw new InputError([{ where: flag, message: `cannot write ${given}: the directory ${dir} does not exist`, remedy: `Create ${dir} first (mkdir -p), or pass a path in an existing directory.` }], 'usage');
  }
  const temp = join(dir, `.${basename(full)}.cds-${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { flag: 'wx', mode: 0o644 });
    renameSync(temp, full);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // never created
    }
    if (isErrno(error)) throw ioFailure(error, `write ${given} (${flag})`, given);
    throw error;
  }
}
