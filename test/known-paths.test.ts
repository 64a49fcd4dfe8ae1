/**
 * src/lock/known-paths.ts lists every path the generator can write (removals touch no other):
 * every path of the validation matrix, with the default names, the longest and a stack below the
 * repository root, matches a pattern, and every pattern matches some path, so the list follows
 * the generator in both directions.
 */
import { describe, expect, it } from 'vitest';
import { generate } from '../src/core/pipeline.js';
import { isKnownPath, knownPatterns, patternOf } from '../src/lock/known-paths.js';
import { resolveAnswers } from '../src/config/load.js';
import { validationMatrix } from './matrix.js';
import { LONGEST_DIRECTORY, LONGEST_NAMES } from './reference-stacks.js';

async function allPaths(): Promise<Set<string>> {
  const paths = new Set<string>();
  for (const names of [undefined, LONGEST_NAMES, { ...LONGEST_NAMES, directory: LONGEST_DIRECTORY }, { name: 'x', directory: 'a' }]) {
    for (const stack of validationMatrix(names as never).stacks) {
      const { tree } = await generate(stack.answers, { budgets: false });
      for (const path of tree.keys()) paths.add(path);
    }
  }
  // Four environments, and a second region with its own environment files; a domain (its certificate's files).
  const { tree } = await generate(resolveAnswers({ name: 'shop', tier: 'T3', environments: ['dev', 'qa', 'staging', 'prod'], backingServices: ['postgres'], domain: 'api.example.com' }), { budgets: false });
  for (const path of tree.keys()) paths.add(path);
  return paths;
}

describe('the paths this generator writes', () => {
  it('every generated path is known, and every known pattern is generated', async () => {
    const paths = await allPaths();
    expect([...paths].filter((p) => !isKnownPath(p))).toEqual([]);
    const used = new Set([...paths, 'devops-stack.lock.json'].map(patternOf));
    expect(knownPatterns().filter((p) => !used.has(p))).toEqual([]);
  }, 120_000);

  it.each(['src/app.js', '../../.github/CODEOWNERS', '../.github/workflows/x.yml.bak', '.github/CODEOWNERS', 'package.json', 'deploy/k8s/../../src/app.js', '/etc/passwd', 'infra/terraform/secrets.tf', 'deploy/observability/dashboards/evil.sh'])('%s is not one of them', (path) => {
    expect(isKnownPath(path)).toBe(false);
  });
});
