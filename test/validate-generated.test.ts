import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/core/pipeline.js';
import { enumOptions, validationMatrix, valueKey } from './matrix.js';
import { type Tree, formatFindings, primeValidators, validateTree } from './validators/index.js';

const { stacks, impossible } = validationMatrix();
const trees = new Map<string, Tree>();

// Every stack is generated first so that the slow batch validators (npm-groovy-lint: one JVM
// start per run) see all files at once; each test then validates its own tree.
beforeAll(async () => {
  for (const s of stacks) trees.set(s.id, (await generate(s.answers)).tree);
  await primeValidators([...trees.values()]);
}, 600_000);

describe('every generated file passes its ecosystem validator', () => {
  it('the matrix covers every value of every option, for every tier', () => {
    const tiers = enumOptions().find(([key]) => key === 'tier')![1];
    for (const [key, values] of enumOptions()) {
      if (key === 'tier') continue;
      for (const tier of tiers) {
        for (const value of values) {
          const pair = `${String(tier)} × ${key}=${valueKey(value)}`;
          const covered = stacks.some((s) => s.answers.tier === tier && valueKey((s.answers as unknown as Record<string, unknown>)[key]) === valueKey(value));
          expect(covered || impossible.has(pair), pair).toBe(true);
        }
      }
    }
    // Only combinations the answers validation rejects may be missing, and each says why.
    for (const [pair, reason] of impossible) expect(reason, pair).toMatch(/T2|T3/);
  });

  it.each(stacks.map((s) => [s.id, s] as const))('%s', async (_id, stack) => {
    const tree = trees.get(stack.id) ?? (await generate(stack.answers)).tree;
    const { findings, skipped } = await validateTree(tree);
    for (const s of skipped) console.warn(`skipped ${s.validator}: ${s.reason}`);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
