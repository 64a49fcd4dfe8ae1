import { describe, expect, it } from 'vitest';
import { checkCompleteness, formatCompleteness, type Files } from '../src/completeness/check.js';
import { withDefaults, type PartialAnswers } from '../src/config/defaults.js';
import { generate } from '../src/core/pipeline.js';
import { planFor } from './fixtures.js';
import { readTree } from './helpers/run-cli.js';
import { REFERENCE_STACKS } from './reference-stacks.js';

function golden(name: string): Map<string, { content: string }> {
  return new Map([...readTree(`snapshots/${name}`)].map(([path, content]) => [path, { content }]));
}

function without(files: Files, path: string): Files {
  return new Map([...files].filter(([p]) => p !== path));
}

describe('completeness', () => {
  it.each(Object.entries(REFERENCE_STACKS))('the %s reference stack (golden tree) is 100%% complete', (name, answers) => {
    const report = checkCompleteness(planFor(answers), golden(name));
    expect(report.deliverables.filter((d) => d.status === 'missing')).toEqual([]);
    expect(report.percent).toBe(100);
    expect(report.present).toBeGreaterThan(25);
  });

  it('a generated T3 stack with postgres only is 100% complete', async () => {
    const generation = await generate(withDefaults({ name: 'shop-api', repository: 'acme/shop-api', tier: 'T3', backingServices: ['postgres'] }));
    const report = checkCompleteness(generation.plan, generation.tree);
    expect(report.deliverables.filter((d) => d.status === 'missing')).toEqual([]);
    expect(report.percent).toBe(100);
  });

  it('reports a removed file as missing, with how to get it back', () => {
    const report = checkCompleteness(planFor(), without(golden('t1-default'), 'deploy/k8s/pdb.yaml'));
    const pdb = report.deliverables.find((d) => d.id === 'deployment.disruption-budget');
    expect(pdb).toMatchObject({ status: 'missing', path: 'deploy/k8s/' });
    expect(pdb?.remedy).toContain('create-devops-stack');
    expect(report.percent).toBeLessThan(100);
    expect(formatCompleteness(report).join('\n')).toContain('✖ deploy/k8s/: PodDisruptionBudget');
  });

  it('reports a file that lost what it must contain as missing, naming the failed check', () => {
    const files = new Map(golden('t1-default'));
    const ns = files.get('deploy/k8s/namespace.yaml')!.content.replace(/enforce: restricted/, 'enforce: baseline');
    files.set('deploy/k8s/namespace.yaml', { content: ns });
    const namespace = checkCompleteness(planFor(), files).deliverables.find((d) => d.id === 'deployment.namespace');
    expect(namespace).toMatchObject({ status: 'missing' });
    expect(namespace?.detail).toContain('restricted');
  });

  it('says what is missing and how to get it below 80%', () => {
    const files = new Map([...golden('t1-default')].filter(([p]) => !p.startsWith('deploy/') && !p.startsWith('infra/')));
    const report = checkCompleteness(planFor(), files);
    expect(report.percent).toBeLessThan(80);
    const text = formatCompleteness(report).join('\n');
    expect(text).toContain('below 80%');
    expect(text).toContain('infra/terraform/versions.tf');
  });

  it('marks deliverables of higher tiers as skipped at T1 and expects them at T2 and T3', () => {
    const t1 = checkCompleteness(planFor(), new Map());
    expect(t1.deliverables.find((d) => d.id === 'deployment.rollout')).toMatchObject({ status: 'skipped', detail: 'from T2' });
    const t2 = checkCompleteness(planFor({ tier: 'T2', strategy: 'canary', environments: ['dev', 'staging', 'prod'] }), new Map());
    const ids = t2.deliverables.filter((d) => d.status === 'missing').map((d) => d.id);
    expect(ids).toEqual(expect.arrayContaining(['deployment.rollout', 'observability.slo', 'cicd.deploy-job.staging', 'deployment.kustomization.dev']));
    const t3 = checkCompleteness(planFor({ tier: 'T3', backingServices: ['postgres'], environments: ['dev', 'staging', 'prod'], secondaryRegion: 'us-west-2' }), new Map());
    expect(t3.deliverables.find((d) => d.id === 'iac.tfvars.prod-us-west-2')).toMatchObject({ status: 'missing' });
    expect(t3.deliverables.find((d) => d.id === 'deployment.migration-job')).toMatchObject({ status: 'missing' });
  });
});
