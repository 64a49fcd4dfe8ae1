/**
 * Reads back the compact rank table written by scripts/rank-table.mjs (layout described there),
 * already decompressed: the same array gpt-tokenizer's cl100k_base module holds, each rank's
 * string, or its bytes when they are not valid UTF-8. Two whole-section decodes, then slices.
 */
export type RankTable = (string | number[])[];

const ASCII = 0;
const OTHER = 1;

export function decodeRankTable(raw: Buffer): RankTable {
  const count = raw.readUInt32LE(0);
  const bytesLength = raw.readUInt32LE(4);
  const otherLength = raw.readUInt32LE(8);
  const kinds = raw.subarray(12, 12 + count);
  const lengths = raw.subarray(12 + count, 12 + 2 * count);
  let bytesAt = 12 + 2 * count;
  const otherStart = bytesAt + bytesLength;
  const asciiStart = otherStart + otherLength;
  const other = raw.toString('utf8', otherStart, asciiStart);
  const ascii = raw.toString('latin1', asciiStart);
  const ranks: RankTable = new Array<string | number[]>(count);
  let otherAt = 0;
  let asciiAt = 0;
  for (let rank = 0; rank < count; rank += 1) {
    const length = lengths[rank]!;
    const kind = kinds[rank];
    if (kind === ASCII) {
      ranks[rank] = ascii.slice(asciiAt, (asciiAt += length));
    } else if (kind === OTHER) {
      ranks[rank] = other.slice(otherAt, (otherAt += length));
    } else {
      ranks[rank] = Array.from(raw.subarray(bytesAt, (bytesAt += length)));
    }
  }
  if (asciiAt !== ascii.length || otherAt !== other.length || bytesAt !== otherStart) throw new Error('corrupt token rank table');
  return ranks;
}
