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
const GPT = 'gpt-tokenizer/cjs/encoding/o200k_base';

if (option === 'none') {
  render();
  done([]);
} else if (option === 'gpt-tokenizer') {
  // As the CLI did: the import is "started" before rendering, but a CommonJS require runs on the main thread.
  render();
  const { countTokens } = require(GPT);
  done(texts.map((t) => countTokens(t)));
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
} else if (option === 'compact-table') {
  // The CLI's own tokens module (bundled by the parent), loading dist/o200k_base.bin.
  const { startTokenizer, countTokensOf } = require(bundle);
  startTokenizer();
  render();
  countTokensOf(texts).then(done);
} else throw new Error(`unknown option ${option}`);
