// The tokenizer's rank table in a compact binary form, written at build time from gpt-tokenizer's
// own cl100k_base ranks (src/integration/rank-table.ts reads it back into the same array).
// Why: the library ships the table as a 1.3 MB JavaScript array literal, which Node must read,
// parse and evaluate on every run that counts tokens; this form is 0.36 MB compressed and decodes
// in a few milliseconds (bench/RESULTS.md). The BPE itself stays gpt-tokenizer's.
//
// Layout (little endian), then brotli:
//   u32 entry count N, u32 byte length of section B, u32 byte length of section U,
//   N × u8 kind: 0 ASCII string, 1 other string, 2 bytes (not valid UTF-8, kept as numbers),
//   N × u8 length: UTF-16 code units for strings, bytes for byte entries,
//   section B: the byte entries, concatenated in rank order,
//   section U: the other strings, concatenated in rank order, as UTF-8,
//   the rest: the ASCII strings, concatenated in rank order (one byte each, decoded as latin1,
//   which makes one-byte strings: the cheapest to slice and to hash).
// Storing each token as the pair of lower ranks BPE merged into it is 10% smaller compressed,
// but rebuilding the bytes costs ~15 ms more at every run (measured): not taken.
import { brotliCompressSync, constants } from 'node:zlib';

export const KIND = { ascii: 0, other: 1, bytes: 2 };

function fail(rank, why) {
  throw new Error(`rank table entry ${rank}: ${why}; the compact form (scripts/rank-table.mjs) does not support it`);
}

export function encodeRankTableRaw(ranks) {
  const n = ranks.length;
  const kinds = Buffer.alloc(n);
  const lengths = Buffer.alloc(n);
  const bytes = [];
  const other = [];
  const ascii = [];
  for (let rank = 0; rank < n; rank += 1) {
    if (!(rank in ranks)) fail(rank, 'a hole');
    const value = ranks[rank];
    if (value.length === 0 || value.length > 255) fail(rank, `length ${value.length}`);
    lengths[rank] = value.length;
    if (typeof value !== 'string') {
      kinds[rank] = KIND.bytes;
      bytes.push(Buffer.from(value));
    } else if (/^[\x00-\x7f]*$/.test(value)) {
      kinds[rank] = KIND.ascii;
      ascii.push(value);
    } else {
      kinds[rank] = KIND.other;
      other.push(value);
    }
  }
  const sectionB = Buffer.concat(bytes);
  const sectionU = Buffer.from(other.join(''), 'utf8');
  const header = Buffer.alloc(12);
  header.writeUInt32LE(n, 0);
  header.writeUInt32LE(sectionB.length, 4);
  header.writeUInt32LE(sectionU.length, 8);
  return Buffer.concat([header, kinds, lengths, sectionB, sectionU, Buffer.from(ascii.join(''), 'latin1')]);
}

export function encodeRankTable(ranks) {
  const raw = encodeRankTableRaw(ranks);
  return brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
}
