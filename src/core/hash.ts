import { createHash } from 'node:crypto';

/** Hex SHA-256 of a string; the lock, the default bucket suffix and tests use it. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
