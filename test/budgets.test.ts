import { describe, expect, it } from 'vitest';
import { generate } from '../src/core/pipeline.js';
import { BUDGETS } from '../src/integration/budgets.js';
import { validationMatrix } from './matrix.js';
import { LONGEST_NAMES } from './reference-stacks.js';

// Generation enforces the budgets (a stack over budget throws), so generating every stack of
// the matrix with the longest names allowed proves the budgets fit what users can ask for.
describe('token budgets', () => {
  it('T1 totals at most 10,000 tokens, as promised', () => {
    expect(BUDGETS.T1.total).toBe(10_000);
  });

  it.each(validationMatrix(LONGEST_NAMES).stacks.map((s) => [s.id, s] as const))('holds with the longest names: %s', async (_id, stack) => {
    const { tokens } = await generate(stack.answers);
    for (const step of tokens.byStep) expect(step.tokens, step.step).toBeLessThanOrEqual(step.budget);
  });
});
