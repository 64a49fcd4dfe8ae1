import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { describe, expect, it } from 'vitest';
import { pieces } from '../src/integration/pretokenize.js';
import { countTokensOf } from '../src/integration/tokens.js';

// The reference: gpt-tokenizer's o200k_base, counting special-token text as ordinary text.
const reference = (text: string): number => encode(text, { disallowedSpecial: new Set() }).length;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const MIXED = ['a', 'Z', ' ', '  ', '\n', '\r\n', '\t', "'s", "'LL", '0', '123456', '-', '/', '${{', '}}', 'é', 'ß', 'Ω', '日本', '한', '🌍', '👩‍💻', '\u0301', '\ud800', 'ing', ' the', 'YAML', ':', '"'];
// Non-ASCII text within the Basic Multilingual Plane takes the stand-in alphabet (see src/integration/pretokenize.ts):
// every class the pattern tells apart, including Lt (ǅ), Lm (ʰ), marks, other numbers (½, ٣), Unicode spaces and private use.
const BMP = ['é', 'É', 'ǅ', 'ʰ', '日本', '\u0301', 'a\u0301', '½', '٣', '\u00a0', '\u2028', '\u3000', '—', '→', '✓', '\ue000', '\ue001', "'S", "'ś", 'x', 'Y', ' ', '\n', '7', '/'];
// ASCII-only text takes the counter's ASCII pre-tokenizer: fuzz it on its own too.
const ASCII = ['a', 'Z', 'Ab', 'aB', ' ', '  ', '\n', '\r\n', '\t', '\v', "'s", "'LL", "'", '0', '123456', '-', '/', '\\', '${{', '}}', 'ing', ' the', 'YAML', ':', '"', '#!', '~', '\x00'];

/** Deterministic text from an alphabet: words, digits, contractions, whitespace runs and, in MIXED, accents, CJK and emoji. */
function fuzzTexts(count: number, alphabet: string[]): string[] {
  let seed = 7;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  return Array.from({ length: count }, () => Array.from({ length: 20 + (next() % 200) }, () => alphabet[next() % alphabet.length]).join(''));
}

describe('pre-tokenizer', () => {
  // Equal counts could hide different splits; the pieces themselves are compared here.
  it("splits into gpt-tokenizer's o200k pieces, on the stand-in alphabet and the Unicode pattern alike", () => {
    const texts = [...fuzzTexts(300, BMP), ...fuzzTexts(300, MIXED), ...fuzzTexts(100, ASCII), 'xǅ', 'aʰ', 'x\u0301y', '½٣4', 'a\u00a0b'];
    for (const text of texts) expect(pieces(text), JSON.stringify(text)).toEqual(text.match(O200K_TOKEN_SPLIT_REGEX) ?? []);
  });
});

describe('token counts', () => {
  it('equal gpt-tokenizer o200k_base on every file of the T1 golden tree', async () => {
    const texts = filesUnder(join(import.meta.dirname, '..', 'snapshots')).map((path) => readFileSync(path, 'utf8'));
    expect(texts.length).toBeGreaterThan(10);
    expect(await countTokensOf(texts)).toEqual(texts.map(reference));
  });

  it('equal gpt-tokenizer o200k_base on its own test samples (all scripts, emoji) and on fuzzed text', async () => {
    const plans = readFileSync(createRequire(import.meta.url).resolve('gpt-tokenizer/data/TestPlans.txt'), 'utf8');
    const samples = [...plans.matchAll(/^Sample: (.*)$/gm)].map((m) => m[1]!);
    const texts = [plans, ...samples, ...fuzzTexts(300, MIXED), ...fuzzTexts(300, BMP), ...fuzzTexts(300, ASCII), '', ' '.repeat(5000), 'x'.repeat(3000), '<|endoftext|> and <|im_start|>'];
    expect(await countTokensOf(texts)).toEqual(texts.map(reference));
  });
});
