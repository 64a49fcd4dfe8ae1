import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A text file's content, or undefined when it cannot be read (missing, a directory,
 * unreadable): what check, upgrade and detection compare with. The writer has its own,
 * stricter reader, which lets unexpected errors through.
 */
export function readTextIfExists(dir: string, path: string): string | undefined {
  try {
    return readFileSync(join(dir, path), 'utf8');
  } catch {
    return undefined;
  }
}
