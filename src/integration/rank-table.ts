/**
 * Reads back the compact rank table written by scripts/rank-table.mjs (layout described there),
 * already decompressed: the same array gpt-tokenizer's cl100k_base module holds, each rank's
 * string, or its bytes when they are not valid UTF-8. The ASCII strings, nearly all of them,
 * come from one latin1 decode and one split, as one-byte strings (the cheapest to hash).
 */
export type RankTable = (string | number[])[];

const ASCII = 0;
const OTHER = 1;
const SEPARATOR = 0xff;

function corrupt(why: string): never {
  throw new Error(`corrupt token rank table: ${why}`);
}

/** The UTF-8 strings of section U, split at the separator byte before decoding. */
function otherStrings(raw: Buffer, start: number, end: number): string[] {
  const strings: string[] = [];
  for (let from = start; from < end; ) {
    const at = raw.indexOf(SEPARATOR, from);
    const to = at === -1 || at >= end ? end : at;
    strings.push(raw.toString('utf8', from, to));
    from = to + 1;
  }
  return strings;
}

export function decodeRankTable(raw: Buffer): RankTable {
  const count = raw.readUInt32LE(0);
  const bytesLength = raw.readUInt32LE(4);
  const otherLength = raw.readUInt32LE(8);
  const kinds = raw.subarray(12, 12 + count);
  let bytesAt = 12 + count;
  const otherStart = bytesAt + bytesLength;
  const asciiStart = otherStart + otherLength;
  if (asciiStart > raw.length) corrupt(`${raw.length} bytes, sections need ${asciiStart}`);
  const other = otherStrings(raw, otherStart, asciiStart);
  // latin1 decodes the separator 0xFF as U+00FF, which no ASCII string holds.
  const ascii = asciiStart === raw.length ? [] : raw.toString('latin1', asciiStart).split('\u00ff');
  const ranks: RankTable = new Array<string | number[]>(count);
  let nextAscii = 0;
  let nextOther = 0;
  for (let rank = 0; rank < count; rank += 1) {
    const kind = kinds[rank];
    if (kind === ASCII) ranks[rank] = ascii[nextAscii++]!;
    else if (kind === OTHER) ranks[rank] = other[nextOther++]!;
    else {
      const length = raw[bytesAt]!;
      ranks[rank] = Array.from(raw.subarray(bytesAt + 1, (bytesAt += 1 + length)));
    }
  }
  if (nextAscii !== ascii.length || nextOther !== other.length || bytesAt !== otherStart) corrupt('the sections do not add up to the entries');
  return ranks;
}
