/**
 * Token counts with a real BPE tokenizer: gpt-tokenizer's cl100k_base. It loads in half the time
 * of o200k_base and ships at half the size, and counts within ~1% of it on our files (T1: 9,445
 * against 9,477), so the budgets mean the same.
 *
 * In the bundle, the encoding is its own chunk (dist/tokenizer.cjs) over a compact rank table
 * (dist/cl100k_base.bin, see scripts/rank-table.mjs); startTokenizer(), called as the run starts,
 * loads it in a worker thread while the steps render (bench/RESULTS.md has the measurements).
 * From the sources (tests), gpt-tokenizer's own module is imported; test/tokens.test.ts proves
 * both count alike.
 */
type CountTokens = (text: string) => number;

/** True in the bundle (scripts/build.mjs), false in the sources (vitest.config.ts). */
declare const __BUNDLED__: boolean;

/** What dist/tokenizer.cjs exports (src/integration/tokenizer-chunk.ts). */
type TokenizerChunk = { countTokensWith(rankTable: Buffer): CountTokens; loadRankTable(): Buffer };

type CountAll = (texts: readonly string[]) => Promise<number[]>;

let loading: Promise<CountAll> | undefined;

/** In the calling thread: the fallback when a worker cannot be had. */
function loadHere(): CountAll {
  // scripts/build.mjs resolves this path to the chunk, external to the bundle.
  const chunk = require('./tokenizer-chunk.js') as TokenizerChunk;
  const count = chunk.countTokensWith(chunk.loadRankTable());
  return async (texts) => texts.map(count);
}

/**
 * In a worker thread: the chunk builds the encoding there while this thread renders (the
 * encoding's 100,000-entry Map and its strings are most of the cost, and the second core is
 * otherwise idle).
 */
function loadInWorker(): Promise<CountAll> {
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { join } = require('node:path') as typeof import('node:path');
  // Referenced until it is online (whoever awaits it must keep the process alive), then
  // unreferenced, so that a run failing before it counts exits at once.
  const worker = new Worker(join(__dirname, 'tokenizer.cjs'));
  const countAll: CountAll = (texts) =>
    new Promise((done, fail) => {
      worker.ref();
      worker.once('error', fail);
      worker.once('message', (counts: number[]) => {
        worker.off('error', fail);
        worker.unref();
        done(counts);
      });
      worker.postMessage(texts);
    });
  // The worker is ready once it is online; an early error (it could not start) falls back.
  return new Promise((done) => {
    worker.once('online', () => {
      worker.unref();
      done(countAll);
    });
    worker.once('error', () => done(loadHere()));
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
    loading = __BUNDLED__ ? loadInWorker() : loadFromSources();
    // A run that fails before it counts never awaits this: don't let a failed load crash it.
    loading.catch(() => undefined);
  }
  return loading;
}

export async function countTokensOf(texts: readonly string[]): Promise<number[]> {
  return (await startTokenizer())(texts);
}
