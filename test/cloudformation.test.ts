import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../src/config/load.js';
import { generate } from '../src/core/pipeline.js';
import { extractFacts } from '../src/integration/facts.js';
import { RULES } from '../src/integration/rules/index.js';

const base = { name: 'shop', repository: 'acme/shop', cloud: 'aws', iac: 'cloudformation' } as const;

describe('CloudFormation', () => {
  it('is refused on another cloud and at T3, naming the field and the way out', () => {
    expect(() => resolveAnswers({ ...base, cloud: 'gcp', gcp: { project: 'shop-prod-1' } })).toThrow(/iac: CloudFormation writes aws resources only, not gcp/);
    expect(() => resolveAnswers({ ...base, tier: 'T3' })).toThrow(/CloudFormation stacks are generated for T1 and T2 so far, not T3/);
  });

  it('reads the facts back from the templates and parameter files: targets, identities, trusted subjects', async () => {
    const { facts, tree } = await generate(resolveAnswers({ ...base, tier: 'T2', environments: ['staging', 'prod'] }));
    expect(facts.iac.cloud.value).toBe('aws');
    expect(facts.iac.environments.map((e) => [e.environment, e.clusterName, e.registryRepository])).toEqual([['staging', 'shop-staging', 'shop-staging'], ['prod', 'shop-prod', 'shop-prod']]);
    expect(facts.iac.identities.map((i) => `${i.environment}/${i.purpose}/${i.name}`)).toContain('prod/infrastructure/shop-cfn-prod');
    expect(facts.iac.oidcSubjects.some((s) => s.value.includes('environment:prod'))).toBe(true);
    // CI runs the change set of the parameter file the IaC wrote, as the environment's execution role.
    const deploy = facts.cicd.deploys.find((d) => d.environment === 'prod')!;
    expect([deploy.iacDir, deploy.varFile]).toEqual(['infra/cloudformation', 'platform.prod.json']);
    expect(tree.get('infra/cloudformation/platform.yaml')!.content).toMatch(/Type: AWS::EKS::Cluster\n    DeletionPolicy: Retain/);
  });

  it("a hand edit widening an environment's role to another's resources fails identities-stay-in-environment", async () => {
    const answers = resolveAnswers({ ...base, tier: 'T2', environments: ['staging', 'prod'] });
    const { plan, tree } = await generate(answers);
    const file = tree.get('infra/cloudformation/bootstrap.yaml')!;
    // The deploy role may push to every repository of the account: prod's too.
    const edited = { ...file, content: file.content.replace(':repository/${RepositoryName}', ':repository/shop-*') };
    const widened = new Map(tree);
    widened.set(edited.path, edited);
    const facts = extractFacts(widened, plan);
    const rule = RULES.find((r) => r.id === 'identities-stay-in-environment')!;
    expect(rule.check({ facts, plan, tree: widened }).map((p) => p.message).join('\n')).toMatch(/shop-deploy-staging \(staging\).*repository\/shop-\*.*of prod/);
  });
});
