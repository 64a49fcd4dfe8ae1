import { importOidcProvider } from '../src/platforms/cloud/aws/index.js';
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../src/config/defaults.js';
import { StepFailure } from '../src/core/errors.js';
import { GenerationFailed, generate } from '../src/core/pipeline.js';
import { STEPS } from '../src/steps/index.js';
import type { Step } from '../src/steps/step.js';
import { DEFAULT_ANSWERS } from './fixtures.js';

const answers = withDefaults(DEFAULT_ANSWERS);

async function failureOf(steps: readonly Step[]): Promise<GenerationFailed> {
  try {
    await generate(answers, { steps });
  } catch (error) {
    if (error instanceof GenerationFailed) return error;
    throw error;
  }
  throw new Error('expected generation to fail');
}

describe('pipeline', () => {
  it('runs the four steps in order and reports progress', async () => {
    const seen: string[] = [];
    const generation = await generate(answers, { onProgress: (e) => seen.push(`${e.index}/${e.total} ${e.step}`) });
    expect(seen).toEqual(['1/4 cicd', '2/4 iac', '3/4 observability', '4/4 deployment', '4/4 integration']);
    expect(generation.findings).toEqual([]);
    expect([...generation.tree.keys()]).toEqual([...generation.tree.keys()].sort());
  });

  it('the setup guide tells how to adopt an account\'s existing GitHub OIDC provider, into the bootstrap\'s own resource', async () => {
    const { plan, tree } = await generate(withDefaults(DEFAULT_ANSWERS));
    const command = importOidcProvider(plan, 'token.actions.githubusercontent.com', 'github').run;
    expect(tree.get(`${plan.paths.docsDir}/setup-guide.md`)?.content).toContain(command);
    const address = command.split(' ').find((w) => w.startsWith('aws_iam_openid_connect_provider.'))!;
    const [type, name] = address.split('.');
    expect(tree.get(`${plan.paths.bootstrapDir}/main.tf`)?.content).toContain(`resource "${type}" "${name}" {`);
  });

  it('a failing step is named with its reason and remedy, and the steps depending on it are skipped', async () => {
    const broken = STEPS.map((step): Step =>
      step.id === 'iac'
        ? { ...step, render: () => { throw new StepFailure('iac', 'no module for region mars-1', 'Choose a supported region.'); } }
        : step,
    );
    const error = await failureOf(broken);
    expect(error.failures).toHaveLength(1);
    expect(error.failures[0]).toMatchObject({ step: 'iac', reason: 'no module for region mars-1', remedy: 'Choose a supported region.', skipped: ['cicd'] });
  });

  it('an unexpected error in a step is reported as a bug in that step', async () => {
    const broken = STEPS.map((step): Step => (step.id === 'deployment' ? { ...step, render: () => { throw new TypeError('boom'); } } : step));
    const error = await failureOf(broken);
    expect(error.failures[0]).toMatchObject({ step: 'deployment', reason: 'boom', skipped: ['cicd', 'observability'] });
    expect(error.failures[0]!.remedy).toContain('bug');
  });

  it('a file that breaks a consistency rule fails generation with the rule, its message and both files', async () => {
    const broken = STEPS.map((step): Step =>
      step.id === 'deployment'
        ? { ...step, render: (plan) => step.render(plan).map((f) => (f.path.endsWith('deployment.yaml') ? { ...f, content: f.content.replace(`image: ${plan.image.placeholder}`, 'image: nginx') } : f)) }
        : step,
    );
    const error = await failureOf(broken);
    expect(error.findings.map((f) => f.rule)).toContain('image-pushed-is-pulled');
    const finding = error.findings.find((f) => f.rule === 'image-pushed-is-pulled')!;
    expect(finding.files).toEqual(['.github/workflows/deploy.yml', 'deploy/k8s/deployment.yaml']);
  });

  it('a T2 canary whose analysis queries a metric observability does not collect fails, naming both files', async () => {
    const t2 = withDefaults({ ...DEFAULT_ANSWERS, tier: 'T2', strategy: 'canary' });
    const broken = STEPS.map((step): Step =>
      step.id === 'deployment'
        ? {
            ...step,
            render: (plan) =>
              step.render(plan).map((f) => (f.content.includes('kind: AnalysisTemplate') ? { ...f, content: f.content.replaceAll('http_requests_total', 'http_server_requests_seconds_count') } : f)),
          }
        : step,
    );
    let failure: GenerationFailed | undefined;
    try {
      await generate(t2, { steps: broken });
    } catch (error) {
      if (!(error instanceof GenerationFailed)) throw error;
      failure = error;
    }
    const finding = failure?.findings.find((f) => f.rule === 'metrics-used-are-collected');
    expect(finding, 'the rule must fire').toBeDefined();
    expect(finding!.message).toContain('http_server_requests_seconds_count');
    expect(finding!.files[0]).toMatch(/analysis/i);
    expect(finding!.files[1]).toContain('servicemonitor.yaml');
  });
});
