/**
 * One digest of a whole render: the generator build that made it, the answers it came from
 * (as serialized into devops-stack.yaml), where the stack is below its repository root (the
 * lock's `directory`, so that it cannot be changed alone) and every generated file, path and
 * content. The lock
 * records it; `check` computes the same digest over the disk (src/check/unchanged.ts), and
 * equal digests mean the files are exactly this build's render of these answers.
 */
import { createHash } from 'node:crypto';

export function renderDigest(build: string, answersSha256: string, directory: string, files: Iterable<readonly [path: string, content: string]>): string {
  const hash = createHash('sha256').update(`${build}\0${answersSha256}\0${directory}\0`);
  for (const [path, content] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(`${path}\0${Buffer.byteLength(content)}\0`).update(content);
  }
  return hash.digest('hex');
}
