/**
 * The BPE ranks of cl100k_base, looked up by their bytes in the compact rank table written by
 * scripts/rank-table.mjs (layout described there), already decompressed, where it lies: no string
 * is made per rank and nothing is left for the garbage collector (gpt-tokenizer's own encoding
 * builds a Map of 100,256 strings: ~50 ms and most of a run's collections). Two ways:
 * - RankRequests: the byte sequences a few pieces can ask for, each found in one pass over the
 *   table (a run's pieces unknown to the table of pieces are a handful of names);
 * - indexRankTable: every rank, in an open-addressing hash of typed arrays (for many or long pieces).
 * How these lookups relate to gpt-tokenizer's (by string or by bytes): scripts/rank-table.mjs.
 */

const ASCII = 0;
const OTHER = 1;
const BYTES = 2;
const SEPARATOR = 0xff;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export interface RankIndex {
  /** The rank of the entry whose bytes are bytes[start, end), or -1 when there is none. */
  find(bytes: Uint8Array, start: number, end: number): number;
  /** True when gpt-tokenizer holds that rank as bytes (not valid UTF-8), false when as a string. */
  isBytes(rank: number): boolean;
}

function corrupt(why: string): never {
  throw new Error(`corrupt token rank table: ${why}`);
}

/**
 * Calls visit(rank, start, end, kind) for every entry, in rank order, where its bytes lie:
 * raw[start, end). Throws on a table whose sections do not hold exactly its entries.
 */
function forEachEntry(raw: Uint8Array, visit: (rank: number, start: number, end: number, kind: number) => void): number {
  if (raw.length < 12) corrupt(`${raw.length} bytes`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const count = view.getUint32(0, true);
  const bytesLength = view.getUint32(4, true);
  const otherLength = view.getUint32(8, true);
  const kinds = 12;
  const otherStart = kinds + count + bytesLength;
  const asciiStart = otherStart + otherLength;
  if (asciiStart > raw.length) corrupt(`${raw.length} bytes, sections need ${asciiStart}`);
  let bytesAt = kinds + count;
  let otherAt = otherStart;
  let asciiAt = asciiStart;
  for (let rank = 0; rank < count; rank++) {
    const kind = raw[kinds + rank]!;
    let start: number;
    let end: number;
    if (kind === ASCII || kind === OTHER) {
      const limit = kind === ASCII ? raw.length : asciiStart;
      start = kind === ASCII ? asciiAt : otherAt;
      end = start;
      while (end < limit && raw[end] !== SEPARATOR) end++;
      if (start >= limit) corrupt(`entry ${rank} is past its section`);
      if (kind === ASCII) asciiAt = end + 1;
      else otherAt = end + 1;
    } else if (kind === BYTES) {
      start = bytesAt + 1;
      end = start + raw[bytesAt]!;
      bytesAt = end;
    } else corrupt(`entry ${rank} has kind ${kind}`);
    if (end === start || end - start > 255) corrupt(`entry ${rank} has ${end - start} bytes`);
    visit(rank, start, end, kind);
  }
  // Every section read to its end, and no further: otherwise the ranks would be shifted.
  const otherEnd = otherLength === 0 ? otherStart : asciiStart + 1;
  const asciiEnd = asciiStart === raw.length ? asciiStart : raw.length + 1;
  if (bytesAt !== otherStart || otherAt !== otherEnd || asciiAt !== asciiEnd) corrupt('the sections do not add up to the entries');
  return count;
}

/** Where each rank's bytes lie in the table: [start, end) per kind, in rank order. */
function locate(raw: Uint8Array): { starts: Uint32Array; lengths: Uint8Array; kinds: Uint8Array } {
  const count = raw.length >= 4 ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getUint32(0, true) : 0;
  // Sized by the header; forEachEntry checks the header against the sections before trusting it.
  const starts = new Uint32Array(Math.min(count, raw.length));
  const lengths = new Uint8Array(starts.length);
  forEachEntry(raw, (rank, start, end) => {
    starts[rank] = start;
    lengths[rank] = end - start;
  });
  return { starts, lengths, kinds: raw.subarray(12, 12 + count) };
}

export function indexRankTable(raw: Uint8Array): RankIndex {
  const { starts, lengths, kinds } = locate(raw);
  const size = starts.length;
  // A power of two at least 2.5 times the entries: probes stay short.
  let slotCount = 1;
  while (slotCount < size * 2.5) slotCount <<= 1;
  const mask = slotCount - 1;
  const slots = new Int32Array(slotCount); // rank + 1; 0 is empty
  for (let rank = 0; rank < size; rank++) {
    const start = starts[rank]!;
    const end = start + lengths[rank]!;
    let slot = hashOf(raw, start, end) & mask;
    while (slots[slot] !== 0) {
      if (sameBytes(raw, starts[slots[slot]! - 1]!, lengths[slots[slot]! - 1]!, raw, start, end)) corrupt(`entry ${rank} repeats entry ${slots[slot]! - 1}`);
      slot = (slot + 1) & mask;
    }
    slots[slot] = rank + 1;
  }

  function find(bytes: Uint8Array, start: number, end: number): number {
    for (let slot = hashOf(bytes, start, end) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]!;
      if (entry === 0) return -1;
      if (sameBytes(raw, starts[entry - 1]!, lengths[entry - 1]!, bytes, start, end)) return entry - 1;
    }
  }
  return { find, isBytes: (rank) => kinds[rank] === BYTES };
}

/** The longest entry the table's layout allows, in bytes. */
export const LONGEST_ENTRY = 255;

/**
 * Byte sequences to look up (added, then resolved by one pass over the table), in an
 * open-addressing hash: a pool of their bytes, and what the table says of each.
 */
export class RankRequests implements RankIndex {
  private pool = new Uint8Array(4096);
  private used = 0;
  private starts = new Int32Array(256);
  private lengths = new Uint8Array(256);
  private hashes = new Int32Array(256);
  private ranks = new Int32Array(256);
  private slots = new Int32Array(512); // request + 1; 0 is empty
  private readonly byteRanks = new Set<number>();
  count = 0;

  /** Adds bytes[start, end) (1 to LONGEST_ENTRY bytes), once. */
  add(bytes: Uint8Array, start: number, end: number): void {
    const hash = hashOf(bytes, start, end);
    let slot = this.slotOf(bytes, start, end, hash);
    if (this.slots[slot] !== 0) return;
    if (this.count === this.starts.length) {
      this.grow();
      slot = this.slotOf(bytes, start, end, hash);
    }
    const length = end - start;
    if (this.used + length > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.used + length));
      pool.set(this.pool.subarray(0, this.used));
      this.pool = pool;
    }
    this.pool.set(bytes.subarray(start, end), this.used);
    const request = this.count++;
    this.starts[request] = this.used;
    this.lengths[request] = length;
    this.hashes[request] = hash;
    this.ranks[request] = -1;
    this.used += length;
    this.slots[slot] = request + 1;
  }

  /**
   * Finds every request in the table: one pass. Only entries whose length and first byte some
   * request has are hashed (a few in a hundred for a handful of names).
   */
  resolve(raw: Uint8Array): void {
    const wanted = new Uint8Array(1 << 16);
    for (let request = 0; request < this.count; request++) wanted[(this.lengths[request]! << 8) | this.pool[this.starts[request]!]!] = 1;
    forEachEntry(raw, (rank, start, end, kind) => {
      if (wanted[((end - start) << 8) | raw[start]!] === 0) return;
      const request = this.slots[this.slotOf(raw, start, end, hashOf(raw, start, end))]! - 1;
      if (request < 0) return;
      this.ranks[request] = rank;
      if (kind === BYTES) this.byteRanks.add(rank);
    });
  }

  find(bytes: Uint8Array, start: number, end: number): number {
    if (end - start > LONGEST_ENTRY) return -1;
    const request = this.slots[this.slotOf(bytes, start, end, hashOf(bytes, start, end))]! - 1;
    if (request < 0) throw new Error('token counting asked for a byte sequence it did not request');
    return this.ranks[request]!;
  }

  isBytes(rank: number): boolean {
    return this.byteRanks.has(rank);
  }

  /** The slot holding these bytes, or the empty slot where they belong. */
  private slotOf(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return slot;
      const request = entry - 1;
      if (this.hashes[request] === hash && sameBytes(this.pool, this.starts[request]!, this.lengths[request]!, bytes, start, end)) return slot;
    }
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const widen = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const grown = make(size);
      grown.set(old);
      return grown;
    };
    this.starts = widen(this.starts, (n) => new Int32Array(n));
    this.lengths = widen(this.lengths, (n) => new Uint8Array(n));
    this.hashes = widen(this.hashes, (n) => new Int32Array(n));
    this.ranks = widen(this.ranks, (n) => new Int32Array(n));
    this.slots = new Int32Array(size * 2);
    const mask = this.slots.length - 1;
    for (let request = 0; request < this.count; request++) {
      let slot = this.hashes[request]! & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = request + 1;
    }
  }
}

function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, FNV_PRIME);
  return hash;
}

function sameBytes(raw: Uint8Array, at: number, length: number, bytes: Uint8Array, start: number, end: number): boolean {
  if (length !== end - start) return false;
  for (let i = 0; i < length; i++) if (raw[at + i] !== bytes[start + i]) return false;
  return true;
}
