// The table of piece counts (dist/cl100k_pieces.json), derived at every build from what the
// generator renders now: every text of the validation matrix (scripts/piece-texts.ts) split by
// gpt-tokenizer's cl100k_base pre-tokenizer, and each distinct piece counted by gpt-tokenizer
// itself. BPE never merges across pieces and a piece's count depends on the piece alone, so the
// CLI adds up counts from this table for the pieces it knows and counts the others exactly with
// the rank table (src/integration/token-counter.ts). The table is a cache: what it holds decides
// the speed, never the counts; it is rebuilt with the generator, so it does not go stale.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { CL100K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';

const ORDINARY = { disallowedSpecial: new Set() };

/** Distinct pieces of the texts, each with gpt-tokenizer's count, in a stable order. */
export function pieceCounts(texts) {
  const pieces = new Set();
  for (const text of texts) for (const [piece] of text.matchAll(CL100K_TOKEN_SPLIT_REGEX)) pieces.add(piece);
  const table = {};
  for (const piece of [...pieces].sort()) {
    // Counted alone, a piece must split into itself; then its count is the one it has in any text.
    const alone = [...piece.matchAll(CL100K_TOKEN_SPLIT_REGEX)].map(([p]) => p);
    if (alone.length !== 1 || alone[0] !== piece) throw new Error(`piece ${JSON.stringify(piece)} splits into ${JSON.stringify(alone)} alone`);
    table[piece] = countTokens(piece, ORDINARY);
  }
  return table;
}

/** Renders the matrix from the sources (bundled for Node in memory) and returns its texts. */
async function renderedTexts(root, define) {
  const result = await build({
    entryPoints: [join(root, 'scripts', 'piece-texts.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    define: { ...define, __BUNDLED__: 'false' },
    // Budgets are off while rendering: the library's encoding is never loaded.
    external: ['gpt-tokenizer', 'gpt-tokenizer/*'],
    logLevel: 'warning',
  });
  const module = { exports: {} };
  const filename = join(root, 'scripts', 'piece-texts.cjs');
  new Function('module', 'exports', 'require', '__filename', '__dirname', result.outputFiles[0].text)(module, module.exports, createRequire(filename), filename, join(root, 'scripts'));
  return module.exports.renderedTexts();
}

export async function pieceTable(root, define) {
  const { stacks, texts } = await renderedTexts(root, define);
  const table = pieceCounts(texts);
  return { stacks, texts: texts.length, pieces: Object.keys(table).length, json: `${JSON.stringify(table)}\n` };
}
