import { describe, expect, it } from 'vitest';
import schema from '../schemas/devops-stack.schema.json' with { type: 'json' };
import { resolveAnswers } from '../src/config/load.js';
import { InputError } from '../src/core/errors.js';
import { generate } from '../src/core/pipeline.js';
import { BUDGETS } from '../src/integration/budgets.js';
import { enumOptions, validationMatrix, valueKey } from './matrix.js';
import { LONGEST_DIRECTORY, LONGEST_NAMES } from './reference-stacks.js';

const LONGEST = { ...LONGEST_NAMES, directory: LONGEST_DIRECTORY };

/**
 * Every valid T1 stack of the options that change its size (language, backing services,
 * strategy). The matrix gives each value one row, and T1's largest outputs are pairs it never
 * builds (python with CI/CD, java with both backing services); T1's total is fixed, so all of them.
 */
function t1Stacks(): [string, ReturnType<typeof resolveAnswers>][] {
  const options = new Map(enumOptions());
  const stacks: [string, ReturnType<typeof resolveAnswers>][] = [];
  for (const stack of options.get('stack')!)
    for (const backingServices of options.get('backingServices')!)
      for (const strategy of options.get('strategy')!) {
        try {
          stacks.push([[stack, backingServices, strategy].map(valueKey).join('-'), resolveAnswers({ ...LONGEST, tier: 'T1', stack, backingServices, strategy })]);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }
  return stacks;
}

// Generation enforces the budgets (a stack over budget throws), so generating every stack of
// the matrix with the longest names allowed proves the budgets fit what users can ask for.
describe('token budgets', () => {
  it('T1 totals at most 12,900 tokens, as promised (10,000 before the CI roles were split and scoped)', () => {
    expect(BUDGETS.T1.total).toBe(12_900);
  });

  it.each(validationMatrix(LONGEST_NAMES).stacks.map((s) => [s.id, s] as const))('holds with the longest names: %s', async (_id, stack) => {
    const { tokens } = await generate(stack.answers);
    for (const step of tokens.byStep) expect(step.tokens, step.step).toBeLessThanOrEqual(step.budget);
  });

  it('is measured with the longest directory allowed', () => {
    expect(LONGEST_DIRECTORY).toHaveLength(schema.properties.directory.maxLength);
  });

  // Below the repository root the directory is repeated in the workflows (path filters,
  // working-directory, action inputs) and the runbook links.
  it.each(validationMatrix(LONGEST).stacks.map((s) => [s.id, s] as const))('holds with the longest names in the longest directory: %s', async (_id, stack) => {
    const { tokens } = await generate(stack.answers);
    for (const step of tokens.byStep) expect(step.tokens, step.step).toBeLessThanOrEqual(step.budget);
  });

  it.each(t1Stacks())('T1 holds for every language, backing services and strategy, longest names and directory: %s', async (_id, answers) => {
    const { tokens } = await generate(answers);
    for (const step of tokens.byStep) expect(step.tokens, step.step).toBeLessThanOrEqual(step.budget);
  });
});
