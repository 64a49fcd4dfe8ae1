/**
 * Token counts with a real BPE tokenizer: o200k_base (the encoding of current OpenAI models),
 * counting exactly as gpt-tokenizer does (test/tokens.test.ts compares the two).
 *
 * Why not gpt-tokenizer itself at run time: it installs 26 MB and takes ~150 ms to load (parsing
 * a 2.4 MB JavaScript rank table, then a 200,000-entry Map). scripts/build.mjs writes the same
 * ranks as a compact table instead (dist/o200k_base.bin: each token's bytes in rank order,
 * brotli-compressed, ~0.8 MB); decompressing it runs in libuv's thread pool while
 * the steps render (startTokenizer is called first thing), and indexing it takes ~15 ms.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliDecompress } from 'node:zlib';
import { pieces } from './pretokenize.js';

type CountTokens = (text: string) => number;

const TABLE_FILE = 'o200k_base.bin';
/** "O2K1", token count and body size (u32 LE), 4 bytes of digest (for the build), then the body, brotli(token lengths u8[count] ++ token bytes). */
const TABLE_MAGIC = 'O2K1';

const HASH_BITS = 19; // 524,288 slots for ~200,000 tokens: short probe chains
const MASK = (1 << HASH_BITS) - 1;

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return (h ^ (h >>> 15)) & MASK;
}

/** Rank lookup by bytes: an open-addressing hash table over typed arrays (no per-token objects). */
class RankTable {
  private readonly offsets: Uint32Array;
  private readonly slots = new Int32Array(1 << HASH_BITS).fill(-1);

  constructor(private readonly data: Uint8Array, count: number) {
    this.offsets = new Uint32Array(count + 1);
    let offset = count; // the lengths come first
    for (let rank = 0; rank < count; rank++) {
      this.offsets[rank] = offset;
      offset += data[rank]!;
    }
    this.offsets[count] = offset;
    for (let rank = 0; rank < count; rank++) {
      let slot = hashBytes(data, this.offsets[rank]!, this.offsets[rank + 1]!);
      while (this.slots[slot] !== -1) slot = (slot + 1) & MASK;
      this.slots[slot] = rank;
    }
  }

  /** The rank of bytes[start, end), or Infinity when it is not a token. */
  rank(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    for (let slot = hashBytes(bytes, start, end); ; slot = (slot + 1) & MASK) {
      const rank = this.slots[slot]!;
      if (rank === -1) return Infinity;
      const from = this.offsets[rank]!;
      if (this.offsets[rank + 1]! - from !== length) continue;
      let i = 0;
      while (i < length && this.data[from + i] === bytes[start + i]) i++;
      if (i === length) return rank;
    }
  }
}

/** Byte-pair merge of one piece (tiktoken's algorithm): merge the lowest-ranked adjacent pair until none is a token. */
function mergedLength(table: RankTable, bytes: Uint8Array, length: number): number {
  if (table.rank(bytes, 0, length) !== Infinity) return 1; // a whole-piece token, as tiktoken checks first
  const starts: number[] = [];
  for (let i = 0; i <= length; i++) starts.push(i);
  const pairRank = (i: number): number => (i + 2 < starts.length ? table.rank(bytes, starts[i]!, starts[i + 2]!) : Infinity);
  const ranks: number[] = [];
  for (let i = 0; i < length; i++) ranks.push(pairRank(i));
  while (starts.length > 2) {
    let lowest = Infinity;
    let at = -1;
    for (let i = 0; i < ranks.length; i++) {
      if (ranks[i]! < lowest) {
        lowest = ranks[i]!;
        at = i;
      }
    }
    if (at === -1) break;
    starts.splice(at + 1, 1);
    ranks.splice(at, 1);
    ranks[at] = pairRank(at);
    if (at > 0) ranks[at - 1] = pairRank(at - 1);
  }
  return starts.length - 1;
}

/** Writes piece as UTF-8 into scratch and returns the length; most pieces are ASCII, copied without the encoder. */
function utf8Into(encoder: TextEncoder, piece: string, scratch: Uint8Array): number {
  for (let i = 0; i < piece.length; i++) {
    const code = piece.charCodeAt(i);
    if (code > 0x7f) return encoder.encodeInto(piece, scratch).written;
    scratch[i] = code;
  }
  return piece.length;
}

/**
 * A counter over a table. Special-token text such as <|endoftext|> counts as ordinary text
 * (gpt-tokenizer's countTokens would throw on it; a generated or hand-edited file may contain it).
 */
function counterFor(table: RankTable): CountTokens {
  const encoder = new TextEncoder();
  const cache = new Map<string, number>(); // generated files repeat most pieces
  let scratch = new Uint8Array(256);
  return (text) => {
    let total = 0;
    for (const piece of pieces(text)) {
      let count = cache.get(piece);
      if (count === undefined) {
        if (scratch.length < piece.length * 3) scratch = new Uint8Array(piece.length * 3);
        count = mergedLength(table, scratch, utf8Into(encoder, piece, scratch));
        if (cache.size < 100_000) cache.set(piece, count);
      }
      total += count;
    }
    return total;
  };
}

function tablePath(): string {
  // Bundled, the table sits beside dist/cli.cjs; run from sources (tests), it is in dist/ after a build.
  const candidates = [`./${TABLE_FILE}`, `../../dist/${TABLE_FILE}`].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`${TABLE_FILE} is missing (looked in ${candidates.join(', ')}): run node scripts/build.mjs`);
  return found;
}

async function loadCounter(): Promise<CountTokens> {
  const file = readFileSync(tablePath());
  if (file.toString('latin1', 0, 4) !== TABLE_MAGIC) throw new Error(`${TABLE_FILE} is not a token table: run node scripts/build.mjs`);
  // One chunk of the whole size: decompression is then a single task in the thread pool, not a
  // ping-pong of 16 KB chunks with the main thread, which is busy rendering meanwhile.
  const body = await promisify(brotliDecompress)(file.subarray(16), { chunkSize: file.readUInt32LE(8) });
  return counterFor(new RankTable(body, file.readUInt32LE(4)));
}

let loading: Promise<CountTokens> | undefined;

/** Starts loading the table; call it before rendering so that the I/O and decompression overlap with it. */
export function startTokenizer(): Promise<CountTokens> {
  loading ??= loadCounter();
  return loading;
}

export async function countTokensOf(texts: readonly string[]): Promise<number[]> {
  const count = await startTokenizer();
  return texts.map((text) => count(text));
}
