/**
 * Token counts with a real BPE tokenizer: cl100k_base, exactly as gpt-tokenizer counts it. It
 * loads in half the time of o200k_base and ships at half the size, and counts within ~1% of it
 * on our files (T1: 9,445 against 9,477), so the budgets mean the same.
 *
 * In the bundle, token-counter.ts counts: the pieces of text the generator renders from a table
 * of their counts made at build time (dist/cl100k_pieces.json, scripts/piece-table.mjs), any
 * other piece by BPE over the compact rank table (dist/cl100k_base.bin, read only when such a
 * piece turns up). From the sources (tests), gpt-tokenizer's own module counts;
 * test/tokens.test.ts proves both count alike.
 */
import { StepFailure } from '../core/errors.js';
import { BUNDLED } from '../version.js';

interface Tokenizer {
  count(texts: readonly string[]): Promise<number[]>;
  /** Text the output will hold (the answers' names): when the table of pieces misses some, the rank table is read now, in the thread pool. */
  expect(text: string): void;
}

const RANK_TABLE_FILE = 'cl100k_base.bin';
const PIECE_TABLE_FILE = 'cl100k_pieces.json';

let loading: Promise<Tokenizer> | undefined;

/** The table of piece counts as scripts/piece-table.mjs writes it: { separator, pieces: { count: joined pieces } }. */
export function readPieceTable(json: string): Map<string, number> {
  const { separator, pieces } = JSON.parse(json) as { separator: string; pieces: Record<string, string> };
  const known = new Map<string, number>();
  for (const [count, joined] of Object.entries(pieces)) {
    const tokens = Number(count);
    for (const piece of joined.split(separator)) known.set(piece, tokens);
  }
  return known;
}

function loadInBundle(): Tokenizer {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const { tokenCounter } = require('./token-counter.js') as typeof import('./token-counter.js');
  const { splitPieces } = require('./pre-tokenizer.js') as typeof import('./pre-tokenizer.js');
  // The tables ship in the package: one missing or unreadable is a broken install, said as such.
  const unreadable = (file: string, error: unknown): StepFailure =>
    new StepFailure(
      'integration',
      `cannot read the token table ${file} to count tokens for the budgets (${error instanceof Error ? error.message : String(error)})`,
      'The package is incomplete or damaged: reinstall create-devops-stack (for example npx --yes create-devops-stack@latest).',
    );
  let known: Map<string, number>;
  try {
    known = readPieceTable(readFileSync(join(__dirname, PIECE_TABLE_FILE), 'utf8'));
  } catch (error) {
    throw unreadable(PIECE_TABLE_FILE, error);
  }
  const rankTablePath = join(__dirname, RANK_TABLE_FILE);
  /** The rank table, decompressed in the thread pool since expect() found a piece the table misses. */
  let early: Promise<Uint8Array | undefined> | undefined;
  let decompressed: Uint8Array | undefined;
  const rankTable = (): Uint8Array => {
    try {
      return (decompressed ??= (require('node:zlib') as typeof import('node:zlib')).brotliDecompressSync(readFileSync(rankTablePath)));
    } catch (error) {
      throw unreadable(RANK_TABLE_FILE, error);
    }
  };
  const count = tokenCounter({ pieces: (piece) => known.get(piece), rankTable });
  return {
    async count(texts) {
      // Failed early (a read or decompression error): rankTable() tries again, and reports it.
      if (early) decompressed ??= await early;
      return count(texts);
    },
    expect(text) {
      if (early || splitPieces(text).every((piece) => known.has(piece))) return;
      early = new Promise((done) => {
        try {
          const { brotliDecompress } = require('node:zlib') as typeof import('node:zlib');
          // One job in the pool: zlib's default 16 KB chunks would each wait for the busy main thread.
          brotliDecompress(readFileSync(rankTablePath), { chunkSize: 4 << 20 }, (error, raw) => done(error ? undefined : raw));
        } catch {
          done(undefined);
        }
      });
    },
  };
}

async function loadFromSources(): Promise<Tokenizer> {
  const { countTokens } = await import('gpt-tokenizer/encoding/cl100k_base');
  // Text that spells a special token counts as ordinary text, as in the bundle (token-counter.ts).
  return { count: async (texts) => texts.map((text) => countTokens(text, { disallowedSpecial: new Set() })), expect: () => undefined };
}

/** Starts loading the tokenizer, as early as possible; counting waits for it. */
export function startTokenizer(): Promise<Tokenizer> {
  if (!loading) {
    loading = BUNDLED ? Promise.resolve().then(loadInBundle) : loadFromSources();
    // A run that fails before it counts never awaits this: don't let a failed load crash it.
    loading.catch(() => undefined);
  }
  return loading;
}

/**
 * Text the output will hold, such as the names in the answers: if the table of pieces does not
 * know some of its pieces, the rank table is decompressed now, while the steps render.
 */
export function expectText(text: string): void {
  void startTokenizer().then((tokenizer) => tokenizer.expect(text), () => undefined);
}

/** Every string in a value (the answers), each after a space, as names stand in prose and YAML. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [` ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  return value !== null && typeof value === 'object' ? Object.values(value).flatMap(stringsIn) : [];
}

/** The strings of a value (the answers) will be in the output: see expectText. */
export function expectValues(value: unknown): void {
  expectText(stringsIn(value).join('\n'));
}

export async function countTokensOf(texts: readonly string[]): Promise<number[]> {
  return (await startTokenizer()).count(texts);
}
