// One way of counting tokens, in a fresh process: `node tokenizer-child.cjs OPTION TEXTS RENDER_MS COUNTER DIST`.
// The main thread spins for RENDER_MS to stand for rendering, which loading may overlap.
// Prints { total } (the summed count) on stdout; the parent times the whole process.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const [option, textsFile, renderMs, counterBundle, dist] = process.argv.slice(2);
const texts = JSON.parse(readFileSync(textsFile, 'utf8'));
const render = () => {
  const until = performance.now() + Number(renderMs);
  while (performance.now() < until);
};
const done = (counts) => process.stdout.write(`${JSON.stringify({ total: counts.reduce((a, b) => a + b, 0) })}\n`);
// Special-token text counts as ordinary text, as in the CLI.
const ORDINARY = { disallowedSpecial: new Set() };

/** The CLI's counter (src/integration/token-counter.ts, bundled by the parent) over dist/'s tables. */
function counter({ pieces = true, extraPieces = [], early = false } = {}) {
  const { tokenCounter } = require(counterBundle);
  const zlib = require('node:zlib');
  const compressed = readFileSync(join(dist, 'cl100k_base.bin'));
  let decompressed;
  if (early) zlib.brotliDecompress(compressed, { chunkSize: 4 << 20 }, (error, raw) => (decompressed = raw));
  const known = pieces ? JSON.parse(readFileSync(join(dist, 'cl100k_pieces.json'), 'utf8')) : {};
  for (const [piece, count] of extraPieces) known[piece] = count;
  return () =>
    tokenCounter({
      pieces: (piece) => (typeof known[piece] === 'number' ? known[piece] : undefined),
      rankTable: () => decompressed ?? zlib.brotliDecompressSync(compressed),
    });
}

if (option === 'none') {
  render();
  done([]);
} else if (option === 'gpt-tokenizer as published') {
  // The library's 1.3 MB JavaScript rank table, required when counting.
  render();
  const { countTokens } = require('gpt-tokenizer/cjs/encoding/cl100k_base');
  done(texts.map((t) => countTokens(t, ORDINARY)));
} else {
  const variants = {
    'the CLI: table of pieces, rank table on the first miss': {},
    'rank table decompressed early, in the thread pool': { early: true },
    'no table of pieces: every piece by BPE': { pieces: false },
    'every piece in the table (no rank table)': { extraPieces: JSON.parse(readFileSync(`${textsFile}.pieces.json`, 'utf8')) },
  };
  if (!variants[option]) throw new Error(`unknown option ${option}`);
  const make = counter(variants[option]);
  render();
  // The early decompression's callback runs once the main thread yields, as the CLI's awaits let it.
  setImmediate(() => {
    done(make()(texts));
  });
}
