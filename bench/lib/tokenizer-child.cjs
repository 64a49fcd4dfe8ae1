// One way of counting tokens, in a fresh process: `node tokenizer-child.cjs OPTION TEXTS RENDER_MS [BUNDLE]`.
// The main thread spins for RENDER_MS to stand for rendering, which loading may overlap.
// Prints { total } (the summed count) on stdout; the parent times the whole process.
'use strict';
const { readFileSync } = require('node:fs');
const { Worker } = require('node:worker_threads');

const [option, textsFile, renderMs, bundle] = process.argv.slice(2);
const texts = JSON.parse(readFileSync(textsFile, 'utf8'));
const render = () => {
  const until = performance.now() + Number(renderMs);
  while (performance.now() < until);
};
const done = (counts) => process.stdout.write(`${JSON.stringify({ total: counts.reduce((a, b) => a + b, 0) })}\n`);
const GPT = 'gpt-tokenizer/cjs/encoding/cl100k_base';
// Special-token text counts as ordinary text, as in the CLI.
const ORDINARY = { disallowedSpecial: new Set() };

if (option === 'none') {
  render();
  done([]);
} else if (option === 'gpt-tokenizer') {
  // The library as published: its 1.3 MB JavaScript rank table, required when counting.
  render();
  const { countTokens } = require(GPT);
  done(texts.map((t) => countTokens(t, ORDINARY)));
} else if (option === 'gpt-tokenizer-worker') {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const { encode } = require(workerData);
     parentPort.once('message', (texts) => parentPort.postMessage(texts.map((t) => encode(t, { disallowedSpecial: new Set() }).length)));`,
    { eval: true, workerData: require.resolve(GPT) },
  );
  render();
  worker.postMessage(texts);
  worker.once('message', (counts) => {
    done(counts);
    worker.terminate();
  });
} else if (option === 'compact-table (the CLI)') {
  // The CLI's own tokens module (bundled by the parent): dist/cl100k_base.bin decompressed in the
  // thread pool while the main thread renders, then gpt-tokenizer's encoding built from it.
  const { startTokenizer, countTokensOf } = require(bundle);
  startTokenizer();
  render();
  countTokensOf(texts).then(done);
} else if (option === 'compact-table-worker') {
  // The compact table decoded and gpt-tokenizer's encoding built in a worker thread, in parallel.
  const { join } = require('node:path');
  const dist = join(__dirname, '..', '..', 'dist');
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const { readFileSync } = require('node:fs');
     const { brotliDecompressSync } = require('node:zlib');
     const count = require(workerData + '/tokenizer.cjs').countTokensWith(brotliDecompressSync(readFileSync(workerData + '/cl100k_base.bin')));
     parentPort.once('message', (texts) => parentPort.postMessage(texts.map(count)));`,
    { eval: true, workerData: dist },
  );
  render();
  worker.postMessage(texts);
  worker.once('message', (counts) => {
    done(counts);
    worker.terminate();
  });
} else throw new Error(`unknown option ${option}`);
