// The tokenizer's rank table in a compact binary form, written at build time from gpt-tokenizer's
// own cl100k_base ranks; src/integration/rank-index.ts looks ranks up in it where it lies.
// Why: the library ships the table as a 1.3 MB JavaScript array literal, which Node must read,
// parse and evaluate at every run that counts tokens, then turns into a Map of 100,256 strings;
// this form is 0.34 MB compressed and is indexed with typed arrays (bench/RESULTS.md).
//
// Layout (little endian), then brotli:
//   u32 entry count N, u32 byte length of section B, u32 byte length of section U,
//   N × u8 kind: 0 ASCII string, 1 other string, 2 bytes that are not valid UTF-8 (kept as numbers),
//   section B: the byte entries in rank order, each as u8 length and its bytes,
//   section U: the other strings in rank order, as UTF-8, separated by 0xFF (never in UTF-8),
//   the rest: the ASCII strings in rank order, separated by 0xFF (never in ASCII).
// Separators rather than a length per entry: 28 KB smaller once compressed (brotli models a
// boundary in context), and the ASCII strings come back from one native split.
import { brotliCompressSync, constants } from 'node:zlib';
import { tryConvertToString } from 'gpt-tokenizer/utfUtil';

export const KIND = { ascii: 0, other: 1, bytes: 2 };
const SEPARATOR = 0xff;

function fail(rank, why) {
  throw new Error(`rank table entry ${rank}: ${why}; the compact form (scripts/rank-table.mjs) does not support it`);
}

export function encodeRankTableRaw(ranks) {
  const n = ranks.length;
  const kinds = Buffer.alloc(n);
  const bytes = [];
  const other = [];
  const ascii = [];
  for (let rank = 0; rank < n; rank += 1) {
    if (!(rank in ranks)) fail(rank, 'a hole');
    const value = ranks[rank];
    if (value.length === 0) fail(rank, 'an empty entry');
    if (typeof value !== 'string') {
      if (value.length > 255) fail(rank, `${value.length} bytes`);
      kinds[rank] = KIND.bytes;
      bytes.push(Buffer.from([value.length, ...value]));
    } else if (Buffer.byteLength(value) > 255) {
      fail(rank, `${Buffer.byteLength(value)} bytes`);
    } else if (/^[\x00-\x7f]*$/.test(value)) {
      kinds[rank] = KIND.ascii;
      ascii.push(Buffer.from(value, 'latin1'));
    } else {
      kinds[rank] = KIND.other;
      other.push(Buffer.from(value, 'utf8'));
    }
  }
  const separated = (parts) => Buffer.concat(parts.flatMap((part, i) => (i ? [Buffer.from([SEPARATOR]), part] : [part])));
  const sectionB = Buffer.concat(bytes);
  const sectionU = separated(other);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(n, 0);
  header.writeUInt32LE(sectionB.length, 4);
  header.writeUInt32LE(sectionU.length, 8);
  return Buffer.concat([header, kinds, sectionB, sectionU, separated(ascii)]);
}

/**
 * The CLI looks ranks up by bytes (src/integration/rank-index.ts). gpt-tokenizer looks a byte
 * sequence up as a string when its UTF-8 check accepts the bytes (decoded by TextDecoder, which
 * drops a leading byte order mark) and among its byte entries otherwise. The two agree on every
 * sequence that does not start with a byte order mark when each string entry is exactly the
 * decoding of its UTF-8 bytes, each byte entry is invalid UTF-8 or starts with a byte order mark,
 * and no two entries have the same bytes; token-counter.ts asks the library's own decoding for
 * the sequences that start with one. Proven here for the table being written, or the build fails.
 */
export function assertLookupByBytes(ranks) {
  const seen = new Map();
  const encoder = new TextEncoder();
  ranks.forEach((value, rank) => {
    const bytes = typeof value === 'string' ? encoder.encode(value) : Uint8Array.from(value);
    const decoded = tryConvertToString(bytes);
    if (typeof value === 'string' && decoded !== value) fail(rank, 'a string that is not the decoding of its UTF-8 bytes');
    if (typeof value !== 'string' && decoded !== undefined && !startsWithByteOrderMark(bytes)) fail(rank, 'bytes the library would look up as a string');
    const key = Buffer.from(bytes).toString('latin1');
    if (seen.has(key)) fail(rank, `the same bytes as rank ${seen.get(key)}`);
    seen.set(key, rank);
  });
  // Every byte alone is a token, so byte-pair merging always ends in tokens.
  for (let byte = 0; byte < 256; byte++) if (!seen.has(String.fromCharCode(byte))) fail(ranks.length, `no token for the byte ${byte}`);
}

const startsWithByteOrderMark = (bytes) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

export function encodeRankTable(ranks) {
  assertLookupByBytes(ranks);
  const raw = encodeRankTableRaw(ranks);
  return brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
}
