/**
 * The way in with a domain (issue 12, defect 16), which the validation matrix does not vary: the
 * certificate, ExternalDNS's role, the CI policies for them and the overlays' host patches pass
 * their validators (the provider schemas and module inputs, kustomize, the IAM policy checks).
 */
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../src/config/defaults.js';
import { generate } from '../src/core/pipeline.js';
import { REFERENCE_STACKS } from './reference-stacks.js';
import { formatFindings, validateTree } from './validators/index.js';

const DOMAIN = { domain: 'api.example.com' };
const STACKS = {
  'aws-t2-github': { ...REFERENCE_STACKS['t2-canary']!, ...DOMAIN },
  'aws-t3-github': { ...REFERENCE_STACKS['t3-enterprise']!, ...DOMAIN },
  'gcp-t2-gitlab': { ...REFERENCE_STACKS['gitlab-gcp-t2']!, ...DOMAIN },
};

describe('with a domain, every generated file passes its validator', () => {
  it.each(Object.entries(STACKS))('%s', async (_id, answers) => {
    const { tree } = await generate(withDefaults(answers));
    const { findings, skipped } = await validateTree(tree);
    for (const s of skipped) console.warn(`skipped ${s.validator}: ${s.reason}`);
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 600_000);
});
