import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import bpeRanks from 'gpt-tokenizer/bpeRanks/cl100k_base';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { CL100K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeRankTableRaw } from '../scripts/rank-table.mjs';
import { generate } from '../src/core/pipeline.js';
import { BUDGETS } from '../src/integration/budgets.js';
import { splitPieces } from '../src/integration/pre-tokenizer.js';
import { indexRankTable, RankRequests, type RankIndex } from '../src/integration/rank-index.js';
import { tokenCounter, type PieceCounts } from '../src/integration/token-counter.js';
import { countTokensOf } from '../src/integration/tokens.js';
import { validationMatrix } from './matrix.js';
import { LONGEST_NAMES } from './reference-stacks.js';

const SAMPLES = ['', 'hello world', 'name: shop-api\nreplicas: 2\n', 'terraform -chdir=infra/terraform plan -out=tfplan', '日本語のテキスト 🌍', '<|endoftext|> is text here', '\u00ff\u0100 \ud83d\ude00\ud800 mixed'];
/** Special-token text (`<|endoftext|>`) is counted as ordinary text, never an error. */
const ORDINARY = { disallowedSpecial: new Set<string>() };
const library = (text: string): number => countTokens(text, ORDINARY);
const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');

beforeAll(() => {
  if (!existsSync(join(dist, 'cl100k_pieces.json'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
});

let raw: Uint8Array | undefined;
const rankTable = (): Uint8Array => (raw ??= brotliDecompressSync(readFileSync(join(dist, 'cl100k_base.bin'))));
let index: RankIndex | undefined;
const rankIndex = (): RankIndex => (index ??= indexRankTable(rankTable()));

/** The bundle's counter, from the sources: the build's table of pieces, or none (every piece by BPE). */
function counter(withPieces: boolean): (texts: readonly string[]) => number[] {
  const known = JSON.parse(readFileSync(join(dist, 'cl100k_pieces.json'), 'utf8')) as Record<string, unknown>;
  const pieces: PieceCounts = withPieces ? (piece) => (typeof known[piece] === 'number' ? known[piece] : undefined) : () => undefined;
  return tokenCounter({ pieces, rankTable });
}

/** Counts in batches of `size` texts, as the CLI counts one stack's files together. */
const inBatches = (count: (texts: readonly string[]) => number[], texts: readonly string[], size: number): number[] =>
  Array.from({ length: Math.ceil(texts.length / size) }, (_, i) => count(texts.slice(i * size, (i + 1) * size))).flat();

/** Every text the budgets count, one list per stack of the validation matrix, rendered with these names. */
async function matrixTexts(base?: Parameters<typeof validationMatrix>[0]): Promise<string[][]> {
  const stacks: string[][] = [];
  for (const stack of validationMatrix(base).stacks) {
    const { tree } = await generate(stack.answers, { budgets: false });
    stacks.push([...tree.values()].filter((file) => file.producer !== 'answers').map((file) => file.content));
  }
  return stacks;
}

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random text from fragments that stress the pre-tokenizer and the merges: ASCII words, digits,
 * punctuation runs, every kind of white space and line break, contractions, Latin-1, CJK, Arabic,
 * combining marks, non-ASCII digits, emoji (with joiners and skin tones), lone surrogates, byte
 * order marks, special-token spellings, and random code points from all planes.
 */
function randomTexts(count: number, seed: number): string[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const fragments = [
    'the', ' quick', 'Brown', 'FOX', "'s", "'LL", "'ve", "don't", ' ', '  ', '\t', '\n', '\r\n', '\n\n', '   \n', '\u00a0', '\u2028', '\u3000', '\v\f',
    '0', '42', '1234567', '３４', '٣', '½', '..', '!!!', '---', '::', '${{', '}}', '/*', '*/', '#', '"', '\\', '@', '€', '£',
    'é', 'naïve', 'Straße', 'ÆØÅ', 'ñ', '日本語', '中文字', '한국어', 'العربية', 'עברית', 'ไทย', 'देवनागरी', 'e\u0301', '\u0308',
    '🌍', '👩‍👩‍👧', '👍🏽', '🇫🇷', '\ud83d', '\ude00', '\ud800x', '\ufeff', '\ufeffusing', '\ufeff\ufeff', ' \ufeff', '\ufffd', '\u0000', '\u007f', '\u0080', '\uffff',
    '<|endoftext|>', '<|im_start|>', '<|fim_prefix|>', 'shop-api', 'acme/shop-api', 'tfstate-91b2d174', 'sha256:0f3a9c', 'arn:aws:iam::123456789012:role/x',
  ];
  return Array.from({ length: count }, () => {
    let text = '';
    const parts = 1 + Math.floor(next() * 40);
    for (let i = 0; i < parts; i++) {
      const roll = next();
      if (roll < 0.75) text += pick(fragments);
      else if (roll < 0.9) text += String.fromCodePoint(Math.floor(next() * 0x2fff));
      else text += String.fromCodePoint(Math.floor(next() * 0x10ffff));
    }
    return text;
  });
}

describe('token counting', () => {
  it('counts with gpt-tokenizer cl100k_base from the sources', async () => {
    expect(await countTokensOf(SAMPLES)).toEqual(SAMPLES.map(library));
  });

  it("the rank table holds exactly the library's ranks, each found by its bytes", () => {
    const index = rankIndex();
    expect(Buffer.from(rankTable()).readUInt32LE(0)).toBe(bpeRanks.length);
    const encoder = new TextEncoder();
    bpeRanks.forEach((value, rank) => {
      const bytes = typeof value === 'string' ? encoder.encode(value) : Uint8Array.from(value);
      const found = index.find(bytes, 0, bytes.length);
      if (found !== rank || index.isBytes(rank) !== (typeof value !== 'string')) expect({ rank, found, bytes: index.isBytes(rank) }).toEqual({ rank, found: rank, bytes: typeof value !== 'string' });
    });
    expect(index.find(encoder.encode('not-a-single-token-anywhere'), 0, 27)).toBe(-1);
    // The encoder alone, without dist/: every kind of entry (ASCII, other text, bytes) is found.
    const kinds = ['a', 'é', [0xff], 'b c', [0x80, 0x81], '日本', '\u00ff\ufffd', 'z'];
    const small = indexRankTable(encodeRankTableRaw(kinds));
    kinds.forEach((value, rank) => {
      const bytes = typeof value === 'string' ? encoder.encode(value) : Uint8Array.from(value);
      expect(small.find(bytes, 0, bytes.length)).toBe(rank);
    });
    expect(indexRankTable(encodeRankTableRaw(['é', [0xfe]])).find(Uint8Array.of(0xfe), 0, 1)).toBe(1); // no ASCII entry at all
  });

  it('refuses a corrupt table instead of counting with shifted ranks', () => {
    const raw = Buffer.from(encodeRankTableRaw(['a', 'bc', 'd']));
    raw.writeUInt32LE(raw.readUInt32LE(0) + 1, 0); // one entry more than the table holds: the ranks would shift
    expect(() => indexRankTable(raw)).toThrow(/corrupt/);
    expect(() => indexRankTable(Buffer.concat([encodeRankTableRaw(['a', 'bc']), Buffer.from([0xff, 0x61])]))).toThrow(/corrupt/); // an extra entry
    expect(() => indexRankTable(encodeRankTableRaw(['a', 'a']))).toThrow(/repeats/);
    // The one-pass lookup reads the table through the same checks.
    const requests = new RankRequests();
    requests.add(Uint8Array.of(0x61), 0, 1);
    expect(() => requests.resolve(raw)).toThrow(/corrupt/);
    expect(() => requests.resolve(Buffer.concat([encodeRankTableRaw(['a', 'bc']), Buffer.from([0xff, 0x61])]))).toThrow(/corrupt/);
    requests.resolve(encodeRankTableRaw(['bc', 'a']));
    expect(requests.find(Uint8Array.of(0x61), 0, 1)).toBe(1);
  });

  it("splits text into the pieces gpt-tokenizer's pattern makes (random text of every kind of character)", () => {
    const pattern = (text: string): string[] => Array.from(text.matchAll(CL100K_TOKEN_SPLIT_REGEX), (m) => m[0]);
    // Short texts from a small alphabet meet every pair and triple of character kinds; then longer random ones.
    const next = random(3);
    const alphabet = ["'", 's', 'L', 'l', 'v', 'E', 'r', 'x', 'Z', '7', '٣', '½', ' ', '  ', '\t', '\n', '\r', '\r\n', '\v', '\u00a0', '\u2028', '\u3000', '\ufeff', '-', '!', '🌍', '𝟘', 'é', 'e\u0301', '日', '\ud800', '\udc00', '\u0000', '→', '–'];
    const short = Array.from({ length: 20000 }, () => Array.from({ length: 1 + Math.floor(next() * 7) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
    for (const text of [...SAMPLES, ...short, ...randomTexts(2000, 11)]) {
      const expected = pattern(text);
      const pieces = splitPieces(text);
      if (pieces.length !== expected.length || pieces.some((p, i) => p !== expected[i])) expect({ text, pieces }).toEqual({ text, pieces: expected });
    }
  });

  it('looks up requested byte sequences in one pass exactly as the full index does', () => {
    const encoder = new TextEncoder();
    const samples = [...randomTexts(120, 7), 'quokka-ledger', ' tfstate-91b2d174', '\ufeffusing', '\ud83c'].map((t) => encoder.encode(t));
    const requests = new RankRequests();
    for (const bytes of samples) for (let start = 0; start < bytes.length; start++) for (let end = start + 1; end <= Math.min(bytes.length, start + 255); end++) requests.add(bytes, start, end);
    expect(requests.count).toBeGreaterThan(5_000); // grown many times over
    requests.resolve(rankTable());
    const index = rankIndex();
    let found = 0;
    for (const bytes of samples) {
      for (let start = 0; start < bytes.length; start++) {
        for (let end = start + 1; end <= Math.min(bytes.length, start + 255); end++) {
          const rank = index.find(bytes, start, end);
          if (requests.find(bytes, start, end) !== rank || (rank >= 0 && requests.isBytes(rank) !== index.isBytes(rank))) {
            expect({ bytes: [...bytes.subarray(start, end)], rank: requests.find(bytes, start, end) }).toEqual({ bytes: [...bytes.subarray(start, end)], rank });
          }
          if (rank >= 0) found++;
        }
      }
    }
    expect(found).toBeGreaterThan(1000);
    expect(() => requests.find(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), 0, 9)).toThrow(/did not request/);
  });

  it('counts every file of the validation matrix as gpt-tokenizer does, with the table of pieces and without it', async () => {
    const stacks = await matrixTexts();
    const texts = stacks.flat();
    // Every stack of the (pairwise) matrix renders files: about a thousand texts in all.
    expect(stacks.every((files) => files.length > 0)).toBe(true);
    expect(texts.length).toBeGreaterThan(500);
    for (const text of new Set(texts)) expect(splitPieces(text)).toEqual(Array.from(text.matchAll(CL100K_TOKEN_SPLIT_REGEX), (m) => m[0]));
    const expected = texts.map(library);
    // One stack at a time, as the CLI counts; all at once without the table (every piece missed: the full index).
    const withPieces = counter(true);
    expect(stacks.flatMap((files) => withPieces(files))).toEqual(expected);
    expect(counter(false)(texts)).toEqual(expected);
  });

  it('counts the matrix rendered with names no table holds (looked up in one pass over the rank table) as gpt-tokenizer does', async () => {
    const stacks = await matrixTexts({ name: 'quokka-ledger', repository: 'zebra-works/quokka-ledger', region: 'eu-north-1' });
    const withPieces = counter(true);
    expect(stacks.flatMap((files) => withPieces(files))).toEqual(stacks.flat().map(library));
  });

  it('counts random text as gpt-tokenizer does (non-ASCII, emoji, lone surrogates, byte order marks, special tokens)', () => {
    const texts = [...SAMPLES, ...randomTexts(3000, 19)];
    const expected = texts.map(library);
    // In small batches: few pieces missed, looked up in one pass; all at once: the full index.
    expect(inBatches(counter(true), texts, 25)).toEqual(expected);
    expect(inBatches(counter(false), texts, 25)).toEqual(expected);
    expect(counter(false)(texts)).toEqual(expected);
  });

  it('counts long pieces and every kind of piece the table never saw', () => {
    // gpt-tokenizer never finds a lone surrogate among its strings: each token holding U+FFFD, spelled with one.
    const loneSurrogates = bpeRanks.filter((v): v is string => typeof v === 'string' && v.includes('\ufffd')).flatMap((v) => [v.replace('\ufffd', '\ud800'), v.replace('\ufffd', '\udfff')]);
    const texts = ['a'.repeat(5000), `x${'é'.repeat(700)}`, '🌍'.repeat(300), ' '.repeat(2000), '1'.repeat(1000), '\ufeff'.repeat(50), '!@#$%^&*()'.repeat(80), 'quokka-ledger-7f3a9c01e2', ...loneSurrogates];
    expect(inBatches(counter(true), texts, 1)).toEqual(texts.map(library));
  });

  it('leaves the budgets as they were: T1 promises at most 10,000 tokens', () => {
    expect(BUDGETS.T1.total).toBe(10_000);
  });
});
