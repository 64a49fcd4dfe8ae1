/**
 * dist/tokenizer.cjs, the bundle's chunk for counting tokens (scripts/build.mjs): gpt-tokenizer's
 * own cl100k_base encoding (its pre-tokenizer, special tokens and BPE), built from the compact
 * rank table (dist/cl100k_base.bin) instead of the library's 1.3 MB JavaScript table. Only the
 * bundle loads this file; the sources (tests) use gpt-tokenizer's module directly, and
 * test/tokens.test.ts proves both hold the same ranks and count alike.
 */
import { GptEncoding } from 'gpt-tokenizer/GptEncoding';
import { decodeRankTable } from './rank-table.js';

/**
 * Text that spells a special token (`<|endoftext|>`) counts as ordinary text: the files are
 * not prompts, and the library's default would throw on it.
 */
export function countTokensWith(rankTable: Buffer): (text: string) => number {
  const encoding = GptEncoding.getEncodingApi('cl100k_base', () => decodeRankTable(rankTable));
  const ordinary = { disallowedSpecial: new Set<string>() };
  return (text) => encoding.countTokens(text, ordinary);
}
