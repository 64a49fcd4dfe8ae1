import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/core/pipeline.js';
import { CUBE, enumOptions, validationMatrix, valueKey } from './matrix.js';
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
  it('the matrix covers every pair of option values, and every valid platform combination at every tier', () => {
    const options = enumOptions();
    const read = (s: (typeof stacks)[number], key: string) => valueKey((s.answers as unknown as Record<string, unknown>)[key]);
    options.forEach(([a, avs], i) => {
      for (const [b, bvs] of options.slice(i + 1)) {
        for (const av of avs) {
          for (const bv of bvs) {
            const pair = `${a}=${valueKey(av)} × ${b}=${valueKey(bv)}`;
            const covered = stacks.some((s) => read(s, a) === valueKey(av) && read(s, b) === valueKey(bv));
            expect(covered || impossible.has(pair), pair).toBe(true);
          }
        }
      }
    });
    // Only combinations the answers refuse may be missing, each with the reason the answers give.
    for (const [pair, reason] of impossible) expect(reason.length, pair).toBeGreaterThan(10);
    const cube = new Set(stacks.map((s) => CUBE.map((k) => read(s, k)).join('/')));
    const dims = options.filter(([k]) => (CUBE as readonly string[]).includes(k));
    const all = dims.reduce<string[][]>((rows, [, values]) => rows.flatMap((r) => values.map((v) => [...r, valueKey(v)])), [[]]);
    for (const combination of all) {
      const covered = cube.has(combination.join('/'));
      // A platform combination that is missing must be one the answers refuse.
      if (!covered) expect([...impossible.keys()].some((p) => CUBE.some((k, i) => p.includes(`${k}=${combination[i]}`))), combination.join('/')).toBe(true);
    }
  });

  it.each(stacks.map((s) => [s.id, s] as const))('%s', async (_id, stack) => {
    const tree = trees.get(stack.id) ?? (await generate(stack.answers)).tree;
    const { findings, skipped } = await validateTree(tree);
    for (const s of skipped) console.warn(`skipped ${s.validator}: ${s.reason}`);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
