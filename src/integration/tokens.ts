/**
 * Token counts with a real BPE tokenizer: cl100k_base, exactly as gpt-tokenizer counts it. It
 * loads in half the time of o200k_base and ships at half the size, and counts within ~1% of it
 * on our files (T1: 9,445 against 9,477), so the budgets mean the same.
 *
 * In the bundle, token-counter.ts counts: the pieces of text the generator renders from a table
 * of their counts made at build time (dist/cl100k_pieces.json, scripts/piece-table.mjs), any
 * other piece by BPE over the compact rank table (dist/cl100k_base.bin, read and indexed only
 * when such a piece turns up). From the sources (tests), gpt-tokenizer's own module counts;
 * test/tokens.test.ts proves both count alike.
 */
import { BUNDLED } from '../version.js';

type CountAll = (texts: readonly string[]) => Promise<number[]>;

const RANK_TABLE_FILE = 'cl100k_base.bin';
const PIECE_TABLE_FILE = 'cl100k_pieces.json';

let loading: Promise<CountAll> | undefined;

function loadInBundle(): CountAll {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const { join } = require('node:path') as typeof import('node:path');
  const { tokenCounter } = require('./token-counter.js') as typeof import('./token-counter.js');
  const known = JSON.parse(readFileSync(join(__dirname, PIECE_TABLE_FILE), 'utf8')) as Record<string, unknown>;
  const rankTable = (): Uint8Array => {
    const { brotliDecompressSync } = require('node:zlib') as typeof import('node:zlib');
    return brotliDecompressSync(readFileSync(join(__dirname, RANK_TABLE_FILE)));
  };
  const count = tokenCounter({
    // A parsed JSON object: inherited names (constructor, __proto__ when absent) are not numbers.
    pieces: (piece) => {
      const tokens = known[piece];
      return typeof tokens === 'number' ? tokens : undefined;
    },
    rankTable,
  });
  return async (texts) => count(texts);
}

async function loadFromSources(): Promise<CountAll> {
  const { countTokens } = await import('gpt-tokenizer/encoding/cl100k_base');
  // Text that spells a special token counts as ordinary text, as in the bundle (token-counter.ts).
  return async (texts) => texts.map((text) => countTokens(text, { disallowedSpecial: new Set() }));
}

/** Starts loading the tokenizer, as early as possible; counting waits for it. */
export function startTokenizer(): Promise<CountAll> {
  if (!loading) {
    loading = BUNDLED ? Promise.resolve().then(loadInBundle) : loadFromSources();
    // A run that fails before it counts never awaits this: don't let a failed load crash it.
    loading.catch(() => undefined);
  }
  return loading;
}

export async function countTokensOf(texts: readonly string[]): Promise<number[]> {
  return (await startTokenizer())(texts);
}
