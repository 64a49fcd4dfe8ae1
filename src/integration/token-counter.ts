/**
 * Exact cl100k_base token counts, the numbers gpt-tokenizer's countTokens gives (special-token
 * text counted as ordinary text), without building its encoding.
 *
 * BPE never merges across the pre-tokenizer's pieces, so a text's count is the sum of its pieces'
 * counts, and a piece's count depends on the piece alone. Most pieces of what the generator
 * writes are known at build time (scripts/piece-table.mjs counts every piece of the rendered
 * validation matrix with gpt-tokenizer itself): they are answered from that table. Any other
 * piece (a service name, a hash, text of the user's) is counted here as gpt-tokenizer counts it:
 * one token when the whole piece is in the vocabulary, else byte-pair merges, lowest rank first,
 * over its UTF-8 bytes, with ranks looked up in place (rank-index.ts). The texts are counted
 * together: first every piece the table knows, then the others, whose byte sequences are all
 * looked up in one pass over the rank table (read only then). test/tokens.test.ts proves the
 * counts equal the library's, with and without the table of pieces.
 */
import { tryConvertToString } from 'gpt-tokenizer/utfUtil';
import { forEachPiece } from './pre-tokenizer.js';
import { indexRankTable, LONGEST_ENTRY, RankRequests, type RankIndex } from './rank-index.js';

/** A piece's count, or undefined when the table does not know the piece. */
export type PieceCounts = (piece: string) => number | undefined;

export interface CounterSources {
  /** Counts of pieces known in advance: a cache, which may know none. */
  pieces: PieceCounts;
  /** The rank table (scripts/rank-table.mjs), decompressed; asked for only when some piece is not in the table of pieces. */
  rankTable: () => Uint8Array;
}

/**
 * Up to this many byte sequences, the pieces the table missed are looked up one by one in a pass
 * over the rank table; beyond it (long or many pieces), every rank is indexed instead.
 */
const MOST_REQUESTS = 50_000;

const encoder = new TextEncoder();
/** In a `u` pattern, a surrogate code unit that is not half of a pair. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Counts texts: (texts) → their counts, in order. */
export function tokenCounter({ pieces, rankTable }: CounterSources): (texts: readonly string[]) => number[] {
  let bytes = new Uint8Array(256);
  let starts = new Int32Array(257);
  let pairRanks = new Float64Array(256);

  /**
   * The rank gpt-tokenizer's merges find for bytes[from, to), or Infinity. A sequence that starts
   * with a byte order mark goes the library's own way: valid UTF-8 is decoded (TextDecoder drops
   * the mark) and the rest looked up as a string; see scripts/rank-table.mjs for the others.
   */
  function pairRank(ranks: RankIndex, from: number, to: number): number {
    if (bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf && to - from >= 3) {
      const text = tryConvertToString(bytes.subarray(from, to));
      if (text !== undefined) {
        const utf8 = encoder.encode(text);
        if (utf8.length === 0) return Infinity;
        const rank = ranks.find(utf8, 0, utf8.length);
        return rank >= 0 && !ranks.isBytes(rank) ? rank : Infinity;
      }
    }
    const rank = ranks.find(bytes, from, to);
    return rank < 0 ? Infinity : rank;
  }

  /** Byte-pair merges over bytes[0, length), lowest rank first: the number of tokens left (as gpt-tokenizer's bytePairMerge). */
  function merge(ranks: RankIndex, length: number): number {
    if (starts.length <= length) {
      starts = new Int32Array(length + 1);
      pairRanks = new Float64Array(length);
    }
    let parts = length;
    for (let i = 0; i <= length; i++) starts[i] = i;
    for (let i = 0; i < length - 1; i++) pairRanks[i] = pairRank(ranks, i, i + 2);
    while (parts > 1) {
      // The pair of adjacent parts with the lowest rank; the first of equals.
      let lowest = Infinity;
      let at = -1;
      for (let i = 0; i < parts - 1; i++) {
        if (pairRanks[i]! < lowest) {
          lowest = pairRanks[i]!;
          at = i;
        }
      }
      if (at < 0) break;
      starts.copyWithin(at + 1, at + 2, parts + 1);
      pairRanks.copyWithin(at, at + 1, parts - 1);
      parts--;
      pairRanks[at] = at + 1 < parts ? pairRank(ranks, starts[at]!, starts[at + 2]!) : Infinity;
      if (at > 0) pairRanks[at - 1] = pairRank(ranks, starts[at - 1]!, starts[at + 1]!);
    }
    return parts;
  }

  /** The piece's UTF-8 bytes, in `bytes`: their length. Lone surrogates become U+FFFD's bytes, as with gpt-tokenizer's TextEncoder. */
  function encode(piece: string): number {
    if (bytes.length < piece.length * 3) bytes = new Uint8Array(piece.length * 3);
    return encoder.encodeInto(piece, bytes).written;
  }

  function countPiece(index: RankIndex, piece: string): number {
    const length = encode(piece);
    // The whole piece as one token: gpt-tokenizer looks the piece up among its strings, which hold no lone surrogate.
    if (length === piece.length || !LONE_SURROGATE.test(piece)) {
      const rank = index.find(bytes, 0, length);
      if (rank >= 0 && !index.isBytes(rank)) return 1;
    }
    return merge(index, length);
  }

  /** A lookup that answers every byte sequence counting these pieces can ask for. */
  function ranksFor(missed: readonly string[]): RankIndex {
    let requested = 0;
    for (const piece of missed) {
      const length = encode(piece);
      requested += length * Math.min(length, LONGEST_ENTRY);
    }
    if (requested > MOST_REQUESTS) return indexRankTable(rankTable());
    const requests = new RankRequests();
    for (const piece of missed) {
      const length = encode(piece);
      for (let start = 0; start < length; start++) {
        for (let end = start + 1; end <= Math.min(length, start + LONGEST_ENTRY); end++) requests.add(bytes, start, end);
      }
    }
    requests.resolve(rankTable());
    return requests;
  }

  return (texts) => {
    const counts: number[] = [];
    /** Pieces the table does not know, each with the texts it occurs in (once per occurrence). */
    const missed = new Map<string, number[]>();
    texts.forEach((text, at) => {
      let count = 0;
      forEachPiece(text, (start, end) => {
        const piece = text.slice(start, end);
        const known = pieces(piece);
        if (known !== undefined) count += known;
        else {
          const where = missed.get(piece);
          if (where) where.push(at);
          else missed.set(piece, [at]);
        }
      });
      counts.push(count);
    });
    if (missed.size > 0) {
      const index = ranksFor([...missed.keys()]);
      for (const [piece, where] of missed) {
        const tokens = countPiece(index, piece);
        for (const at of where) counts[at]! += tokens;
      }
    }
    return counts;
  };
}
