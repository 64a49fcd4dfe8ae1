/**
 * Content identities stored in the lock. sha256 detects a hand edit. The git blob id
 * finds the merge base in the repository's own history (the generated file was
 * committed), computed here without running git. When what we wrote is not what we
 * rendered (a merge), the render is nowhere in history, so it is kept inline, deflated (raw deflate: no header, so the same bytes on every platform).
 */
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** What `git hash-object` prints for this content (SHA-1 object format). */
export function gitBlobId(content: string): string {
  const body = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

export function packContent(content: string): string {
  return deflateRawSync(Buffer.from(content, 'utf8'), { level: 9 }).toString('base64');
}

export function unpackContent(packed: string): string {
  return inflateRawSync(Buffer.from(packed, 'base64')).toString('utf8');
}
