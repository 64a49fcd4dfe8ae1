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
  const table = Object.create(null);
  for (const piece of [...pieces].sort()) {
    // Counted alone, a piece must split into itself; then its count is the one it has in any text.
    const alone = [...piece.matchAll(CL100K_TOKEN_SPLIT_REGEX)].map(([p]) => p);
    if (alone.length !== 1 || alone[0] !== piece) throw new Error(`piece ${JSON.stringify(piece)} splits into ${JSON.stringify(alone)} alone`);
    table[piece] = countTokens(piece, ORDINARY);
  }
  return table;
}

/** Characters one of which separates the pieces in the file: the first that no piece holds. */
const SEPARATORS = ['\u00a7', '\u00b6', '\u2063', '\ufdd0', '\ufdd1'];

/**
 * The file's form (src/integration/tokens.ts reads it): { separator, pieces: { count: pieces
 * joined by the separator } }. Smaller than one key per piece, and one split per count loads it.
 */
export function serialize(table) {
  const all = Object.keys(table).join('');
  const separator = SEPARATORS.find((c) => !all.includes(c));
  if (!separator) throw new Error('every separator occurs in some piece: add another to SEPARATORS');
  const byCount = {};
  for (const [piece, count] of Object.entries(table)) (byCount[count] ??= []).push(piece);
  return { separator, pieces: Object.fromEntries(Object.entries(byCount).map(([count, pieces]) => [count, pieces.join(separator)])) };
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

/**
 * The pieces a hash suffix splits into, up to three characters: the default state bucket ends in
 * 8 hex digits of a hash of the repository and region (src/config/defaults.ts), different for
 * every repository, so the rendered matrix holds only its own few. Digit runs split by threes
 * (leading zeros kept); a run of a–f stands alone, or after the `-` before the suffix. About 9
 * suffixes in 10 are covered; a longer run of letters is counted with the rank table.
 */
export function hashSuffixPieces() {
  const pieces = [];
  const strings = (alphabet, length) => (length === 0 ? [''] : strings(alphabet, length - 1).flatMap((s) => [...alphabet].map((c) => s + c)));
  for (let length = 1; length <= 3; length++) {
    pieces.push(...strings('0123456789', length));
    for (const letters of strings('abcdef', length)) pieces.push(letters, `-${letters}`);
  }
  return pieces;
}

export async function pieceTable(root, define) {
  const { stacks, texts } = await renderedTexts(root, define);
  // Each suffix piece as a text of its own: it splits into itself.
  const table = pieceCounts([...texts, ...hashSuffixPieces()]);
  return { stacks, texts: texts.length, pieces: Object.keys(table).length, json: `${JSON.stringify(serialize(table))}\n` };
}
