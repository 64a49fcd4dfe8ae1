/**
 * Token counts with a real BPE tokenizer: gpt-tokenizer's cl100k_base. It loads in half the time
 * of o200k_base and ships at half the size, and counts within ~1% of it on our files (T1: 9,445
 * against 9,477), so the budgets mean the same.
 *
 * In the bundle, the encoding is its own chunk (dist/tokenizer.cjs) over a compact rank table
 * (dist/cl100k_base.bin, see scripts/rank-table.mjs); startTokenizer(), called as the run starts,
 * decompresses the table in the thread pool while the answers are read and the steps render.
 * From the sources (tests), gpt-tokenizer's own module is imported; test/tokens.test.ts proves
 * both count alike.
 */
import { BUNDLED } from '../version.js';

type CountTokens = (text: string) => number;


/** What dist/tokenizer.cjs exports (src/integration/tokenizer-chunk.ts). */
type TokenizerChunk = { countTokensWith(rankTable: Buffer): CountTokens };

type CountAll = (texts: readonly string[]) => Promise<number[]>;

const RANK_TABLE_FILE = 'cl100k_base.bin';

let loading: Promise<CountAll> | undefined;

/**
 * Reads the table now (~1 ms) and decompresses it in the thread pool as one job (~7 ms) while
 * the main thread goes on; the encoding is built when the first count is asked for. One job:
 * each async round trip waits for the main thread, so fs.readFile (open, stat, read, close) or
 * zlib's default 16 KB chunks would only make progress once rendering is over. A worker thread
 * building the encoding in parallel was measured too: no faster on two idle cores (its own
 * start-up eats the gain), and more to go wrong (bench/RESULTS.md).
 */
function loadInBundle(): Promise<CountAll> {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  const { brotliDecompress } = require('node:zlib') as typeof import('node:zlib');
  const { join } = require('node:path') as typeof import('node:path');
  const compressed = readFileSync(join(__dirname, RANK_TABLE_FILE));
  const rankTable = new Promise<Buffer>((done, fail) => {
    brotliDecompress(compressed, { chunkSize: 4 << 20 }, (error, result) => (error ? fail(error) : done(result)));
  });
  rankTable.catch(() => undefined); // reported when counting awaits it, not as an unhandled rejection
  let count: CountTokens | undefined;
  return Promise.resolve(async (texts: readonly string[]) => {
    // scripts/build.mjs resolves this path to the chunk, external to the bundle.
    count ??= (require('./tokenizer-chunk.js') as TokenizerChunk).countTokensWith(await rankTable);
    return texts.map(count);
  });
}

async function loadFromSources(): Promise<CountAll> {
  const { countTokens } = await import('gpt-tokenizer/encoding/cl100k_base');
  // Text that spells a special token counts as ordinary text, as in the bundle (tokenizer-chunk.ts).
  return async (texts) => texts.map((text) => countTokens(text, { disallowedSpecial: new Set() }));
}

/** Starts loading the tokenizer, as early as possible; counting waits for it. */
export function startTokenizer(): Promise<CountAll> {
  if (!loading) {
    loading = BUNDLED ? loadInBundle() : loadFromSources();
    // A run that fails before it counts never awaits this: don't let a failed load crash it.
    loading.catch(() => undefined);
  }
  return loading;
}

export async function countTokensOf(texts: readonly string[]): Promise<number[]> {
  return (await startTokenizer())(texts);
}
