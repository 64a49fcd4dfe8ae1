import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import { countTokensOf } from '../src/integration/tokens.js';

const SAMPLES = ['', 'hello world', 'name: shop-api\nreplicas: 2\n', 'terraform -chdir=infra/terraform plan -out=tfplan', '日本語のテキスト 🌍'];

describe('token counting', () => {
  it('counts with gpt-tokenizer cl100k_base', async () => {
    expect(await countTokensOf(SAMPLES)).toEqual(SAMPLES.map((s) => countTokens(s)));
  });

  it('the bundled CLI loads the tokenizer chunk from dist/ and counts the same', () => {
    const dist = join(import.meta.dirname, '..', 'dist');
    const script = `const { countTokens } = require(${JSON.stringify(join(dist, 'tokenizer.cjs'))}); process.stdout.write(JSON.stringify(${JSON.stringify(SAMPLES)}.map(countTokens)))`;
    const counts = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as number[];
    expect(counts).toEqual(SAMPLES.map((s) => countTokens(s)));
  });
});
