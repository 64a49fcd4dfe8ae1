/**
 * The stack's files as check and upgrade compare them, read as the writer would reach them
 * (stack-paths.ts): never through a link, never outside the stack or the repository root's
 * workflows. Bytes that are not UTF-8 are reported as such, never decoded into something else.
 */
import { isUtf8 } from 'node:buffer';
import { Inspector, linkRefused, locate, readAt, stackPaths, type StackPaths } from './stack-paths.js';

export interface StackFile {
  /** The content, when the file is UTF-8 text. */
  text?: string;
  /** The file is there but is not UTF-8 text. */
  binary?: boolean;
}

/**
 * Each path that exists, by tree path (missing ones are absent). A link is refused unless
 * `linkAllowed(path)` (a file owned by the user, which is never read or written anyway); a path the
 * writer may not reach is absent.
 */
export function readStackFiles(dir: string, reach: string | undefined, paths: readonly string[], linkAllowed: (path: string) => boolean = () => false, stack: StackPaths = stackPaths(dir, reach)): Map<string, StackFile> {
  const inspector = new Inspector();
  const files = new Map<string, StackFile>();
  for (const path of paths) {
    const where = locate(stack, path);
    if (!where) continue;
    const disk = readAt(where, inspector);
    if (disk.kind === 'missing') continue;
    if (disk.kind === 'link') {
      if (linkAllowed(path)) continue;
      throw linkRefused(where);
    }
    files.set(path, isUtf8(disk.bytes) ? { text: disk.bytes.toString('utf8') } : { binary: true });
  }
  return files;
}
