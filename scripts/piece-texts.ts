/**
 * Build time only (scripts/piece-table.mjs bundles and runs it): every text the token budgets
 * count, as the generator renders it now, for every stack of the validation matrix
 * (test/matrix.ts, derived from the answers schema), with the default repository, with the
 * longest names allowed (and below the longest directory), and for the reference stacks. Its pieces become the table of piece
 * counts; a piece it does not cover is still counted exactly at run time, only slower.
 */
import { resolveAnswers } from '../src/config/load.js';
import { generate } from '../src/core/pipeline.js';
import { validationMatrix } from '../test/matrix.js';
import { LONGEST_DIRECTORY, LONGEST_NAMES, REFERENCE_STACKS } from '../test/reference-stacks.js';

export async function renderedTexts(): Promise<{ stacks: number; texts: string[] }> {
  const answers = [
    // The repository left to its default (OWNER/<name>), as a repository without a GitHub remote gets it.
    ...validationMatrix({ name: 'matrix-app' }).stacks.map((s) => s.answers),
    ...validationMatrix(LONGEST_NAMES).stacks.map((s) => s.answers),
    ...validationMatrix({ ...LONGEST_NAMES, directory: LONGEST_DIRECTORY }).stacks.map((s) => s.answers),
    ...Object.values(REFERENCE_STACKS).map((raw) => resolveAnswers(raw as Record<string, unknown>)),
  ];
  const texts: string[] = [];
  for (const stack of answers) {
    // budgets: false, the counts are what this table is for; a stack the rules refuse throws, which fails the build.
    const { tree } = await generate(stack, { budgets: false });
    for (const file of tree.values()) if (file.producer !== 'answers') texts.push(file.content);
  }
  return { stacks: answers.length, texts };
}
