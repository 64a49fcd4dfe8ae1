import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import bpeRanks from 'gpt-tokenizer/bpeRanks/cl100k_base';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import { encodeRankTableRaw } from '../scripts/rank-table.mjs';
import { decodeRankTable } from '../src/integration/rank-table.js';
import { countTokensOf } from '../src/integration/tokens.js';

const SAMPLES = ['', 'hello world', 'name: shop-api\nreplicas: 2\n', 'terraform -chdir=infra/terraform plan -out=tfplan', '日本語のテキスト 🌍', '<|endoftext|> is text here', '\u00ff\u0100 \ud83d\ude00\ud800 mixed'];
/** Special-token text (`<|endoftext|>`) is counted as ordinary text, never an error. */
const ORDINARY = { disallowedSpecial: new Set<string>() };
const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');

function goldenFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? goldenFiles(path) : [readFileSync(path, 'utf8')];
  });
}

describe('token counting', () => {
  it('counts with gpt-tokenizer cl100k_base', async () => {
    expect(await countTokensOf(SAMPLES)).toEqual(SAMPLES.map((s) => countTokens(s, ORDINARY)));
  });

  it('the compact rank table reads back as exactly the library\'s ranks', () => {
    const fromBuild = decodeRankTable(brotliDecompressSync(readFileSync(join(dist, 'cl100k_base.bin'))));
    expect(fromBuild.length).toBe(bpeRanks.length);
    expect(fromBuild).toEqual(bpeRanks);
    // The encoder alone, without dist/: every kind of entry (ASCII, other text, bytes) survives.
    const kinds = ['a', 'é', [0xff], 'b c', [0x80, 0x81], '日本', '\u00ff\ufffd', 'z'];
    expect(decodeRankTable(encodeRankTableRaw(kinds))).toEqual(kinds);
    expect(decodeRankTable(encodeRankTableRaw(['é', [0xfe]]))).toEqual(['é', [0xfe]]); // no ASCII entry at all
  });

  it('refuses a corrupt table instead of counting with shifted ranks', () => {
    const raw = Buffer.from(encodeRankTableRaw(['a', 'bc', 'd']));
    raw.writeUInt32LE(raw.readUInt32LE(0) + 1, 0); // one entry more than the table holds: the ranks would shift
    expect(() => decodeRankTable(raw)).toThrow(/corrupt/);
  });

  it('the bundled tokenizer chunk counts as gpt-tokenizer does, on samples and on every golden file', () => {
    const texts = [...SAMPLES, ...goldenFiles(join(root, 'snapshots'))];
    const script = `
      const { readFileSync } = require('node:fs');
      const { brotliDecompressSync } = require('node:zlib');
      const { countTokensWith } = require(${JSON.stringify(join(dist, 'tokenizer.cjs'))});
      const count = countTokensWith(brotliDecompressSync(readFileSync(${JSON.stringify(join(dist, 'cl100k_base.bin'))})));
      const texts = JSON.parse(readFileSync(0, 'utf8'));
      process.stdout.write(JSON.stringify(texts.map(count)));`;
    const counts = JSON.parse(execFileSync(process.execPath, ['-e', script], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 24 })) as number[];
    expect(counts).toEqual(texts.map((s) => countTokens(s, ORDINARY)));
    expect(texts.length).toBeGreaterThan(100);
  });
});
