import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/core/files.js';
import { extractFacts } from '../src/integration/facts.js';
import { renderGuides } from '../src/integration/guides.js';
import type { RuleContext } from '../src/integration/rule.js';
import { RULES } from '../src/integration/rules/index.js';
import { imageName } from '../src/integration/rules/image-pushed-is-pulled.js';
import type { StackFacts } from '../src/steps/facts.js';
import { STEPS } from '../src/steps/index.js';
import { planFor } from './fixtures.js';

/** A consistent T1 stack's context (or another stack's); each case breaks one link of a fresh copy. */
function context(overrides: Parameters<typeof planFor>[0] = {}): RuleContext {
  const plan = planFor(overrides);
  const stepTree = buildTree(STEPS.flatMap((s) => s.render(plan)));
  const facts = extractFacts(stepTree, plan);
  const tree = buildTree([...stepTree.values(), ...renderGuides(plan, facts)]);
  return { plan, tree, facts };
}

type Breaker = (facts: StackFacts, ctx: RuleContext) => void;

/** One way to break each rule, and what its message must say. */
const BREAKS: Record<string, { brk: Breaker; says: RegExp }> = {
  'ci-applies-generated-manifests': {
    brk: (f) => void (f.cicd.deploys[0]!.applies = ['deploy/k8s']),
    says: /never applies deploy\/observability/,
  },
  'cluster-matches-iac': {
    brk: (f) => void (f.cicd.deploys[0]!.clusterName = 'other-cluster'),
    says: /deploys prod to cluster "other-cluster", but infra\/terraform\/environments\/prod\.tfvars creates "shop-api-prod"/,
  },
  'commands-available': {
    brk: (f) => void f.cicd.jobs.find((j) => j.id === 'deploy-prod')!.commands.push('skopeo copy oci-archive:image.tar docker://x', 'helmfile apply'),
    says: /deploy\.yml job deploy-prod runs helmfile, which the hosted runner does not have and no earlier step installs/,
  },
  'environments-agree': {
    brk: (f) => void (f.cicd.environmentOrder = ['staging']),
    says: /deploy\.yml deploys staging, but the answers list prod/,
  },
  'identities-stay-in-environment': {
    brk: (f) => void f.iac.identities.find((i) => i.purpose === 'infrastructure')!.statements.push({ effect: 'allow', actions: ['ec2:DeleteVpc'], resources: ['*'], environments: null, readOnly: false, accountSetting: false }),
    says: /policies\/infrastructure\.json lets shop-api-infra-prod \(prod\) ec2:DeleteVpc on \*, whatever environment its tag names/,
  },
  'image-pushed-is-pulled': {
    brk: (f) => void (f.deployment.workload!.image = 'someone-else:1.0'),
    says: /replaces image "shop-api", but deploy\/k8s\/deployment\.yaml runs image "someone-else:1\.0"/,
  },
  'metrics-used-are-collected': {
    brk: (f) => void f.observability.metricsUsed.push({ value: 'http_requests_totl', file: 'deploy/observability/prometheusrule.yaml' }),
    says: /prometheusrule\.yaml queries metric "http_requests_totl", which .* does not collect/,
  },
  'migration-before-traffic': {
    brk: (f) => {
      f.deployment.migrationJob = { file: 'deploy/k8s/migration/job.yaml', name: 'shop-api-migrate' };
      f.iac.environments[0]!.database = true;
      const deploy = f.cicd.deploys[0]!;
      deploy.commands = [...deploy.commands, 'kubectl apply -k deploy/k8s/migration', 'kubectl wait --for=condition=complete job/shop-api-migrate -n shop-api --timeout=10m'];
    },
    says: /applies deploy\/k8s before the migration Job shop-api-migrate has completed/,
  },
  'monitor-selects-service': {
    brk: (f) => void (f.observability.serviceMonitor!.selector = { 'app.kubernetes.io/name': 'other' }),
    says: /selects app\.kubernetes\.io\/name=other, but the Service/,
  },
  'names-unique': {
    brk: (f) => void f.iac.uniqueNames.push({ ...f.iac.uniqueNames.find((n) => n.scope === 'account')!, targetId: 'prod-us-west-2', region: 'us-west-2', file: 'infra/terraform/environments/prod-us-west-2.tfvars' }),
    says: /prod-us-west-2\.tfvars creates IAM role \(EKS cluster\) "shop-api-prod-cluster", which infra\/terraform\/environments\/prod\.tfvars creates too: it must be unique within the account/,
  },
  'oidc-trusts-deploy-jobs': {
    brk: (f) => void (f.iac.oidcSubjects = [{ value: 'repo:acme/other:environment:prod', file: 'infra/bootstrap/main.tf' }]),
    says: /OIDC subject "repo:acme\/shop-api:environment:prod" or "repo:acme@\*\/shop-api@\*:environment:prod", but no identity in infra\/bootstrap trusts it/,
  },
  'one-cloud': {
    brk: (f) => void (f.cicd.deploys[0]!.cloud = ''),
    says: /authenticates to cloud "" for prod, but the answers choose "aws"/,
  },
  'probe-paths-match-app': {
    brk: (f) => void (f.deployment.workload!.probes.find((p) => p.kind === 'readiness')!.path = '/ready'),
    says: /readiness probe in deploy\/k8s\/deployment\.yaml checks "\/ready", but the app serves readiness on "\/readyz"/,
  },
  'registry-matches-iac': {
    brk: (f) => void (f.cicd.deploys[0]!.registryRepository = 'shop'),
    says: /pushes the prod image to repository "shop", but .*prod\.tfvars creates "shop-api-prod"/,
  },
  'settings-documented': {
    brk: (f) =>
      void f.cicd.needs.push({ kind: 'secret', name: 'SLACK_WEBHOOK', scope: { type: 'repository' }, description: '', source: '', file: '.github/workflows/ci.yml' }),
    says: /ci\.yml uses secret SLACK_WEBHOOK \(repository\), but docs\/devops\/integration-guide\.md does not list it/,
  },
  'terraform-inputs-exist': {
    brk: (f) => void (f.cicd.deploys[0]!.varFile = 'environments/production.tfvars'),
    says: /-var-file=environments\/production\.tfvars, which infra\/terraform does not have/,
  },
};

describe('consistency rules', () => {
  it('every rule has a case here, an id, a description, and the registry is sorted', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual(Object.keys(BREAKS).sort());
    expect(RULES.map((r) => r.id)).toEqual([...RULES.map((r) => r.id)].sort());
    for (const rule of RULES) expect(rule.description.length, rule.id).toBeGreaterThan(20);
  });

  it('every rule declares the steps whose facts it reads (needs), and reads no other', () => {
    const stepIds = STEPS.map((s) => s.id);
    for (const rule of RULES) {
      expect(rule.needs.length, rule.id).toBeGreaterThan(0);
      expect(new Set(rule.needs).size, rule.id).toBe(rule.needs.length);
      for (const step of rule.needs) expect(stepIds, rule.id).toContain(step);
      // Record which steps' facts the check touches, on the consistent stack and on the broken one.
      for (const broken of [false, true]) {
        const ctx = context();
        if (broken) BREAKS[rule.id]!.brk(ctx.facts, ctx);
        const read = new Set<string>();
        const facts = new Proxy(ctx.facts, { get: (target, key, receiver) => (read.add(String(key)), Reflect.get(target, key, receiver)) });
        rule.check({ ...ctx, facts });
        for (const step of read) expect(rule.needs, `${rule.id} reads ${step}`).toContain(step);
      }
    }
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it('passes on the generated default stack', () => {
        expect(rule.check(context())).toEqual([]);
      });

      it('fails when the link it guards is broken, naming both files and a remedy', () => {
        const ctx = context();
        const entry = BREAKS[rule.id]!;
        entry.brk(ctx.facts, ctx);
        const findings = rule.check(ctx);
        expect(findings.length).toBeGreaterThan(0);
        expect(findings.map((f) => f.message).join('\n')).toMatch(entry.says);
        for (const finding of findings) {
          expect(finding.files.length).toBeGreaterThan(0);
          expect(finding.remedy.length).toBeGreaterThan(10);
        }
      });
    });
  }

  it('migration-before-traffic passes when the deploy waits for the Job before applying the workload', () => {
    const ctx = context();
    ctx.facts.deployment.migrationJob = { file: 'deploy/k8s/migration/job.yaml', name: 'shop-api-migrate' };
    ctx.facts.iac.environments[0]!.database = true;
    const deploy = ctx.facts.cicd.deploys[0]!;
    const apply = deploy.commands.findIndex((c) => c.startsWith('kubectl apply -k deploy/k8s'));
    deploy.commands.splice(apply, 0, 'kubectl apply -k deploy/k8s/migration', 'kubectl wait --for=condition=complete job/shop-api-migrate -n shop-api --timeout=10m');
    const rule = RULES.find((r) => r.id === 'migration-before-traffic')!;
    expect(rule.check(ctx)).toEqual([]);
  });

  it('migration-before-traffic fails a deploy that migrates where IaC creates no database (a second region)', () => {
    const ctx = context();
    ctx.facts.deployment.migrationJob = { file: 'deploy/k8s/migration/job.yaml', name: 'shop-api-migrate' };
    const deploy = ctx.facts.cicd.deploys[0]!;
    deploy.commands.unshift('kubectl wait --for=condition=complete job/shop-api-migrate -n shop-api --timeout=10m');
    const findings = RULES.find((r) => r.id === 'migration-before-traffic')!.check(ctx);
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/runs the migration Job shop-api-migrate in prod, where .*prod\.tfvars creates no database/)]);
  });

  describe('identities-stay-in-environment across environments (T2: dev, staging, prod)', () => {
    const rule = RULES.find((r) => r.id === 'identities-stay-in-environment')!;
    const dev = (ctx: RuleContext) => ctx.facts.iac.identities.find((i) => i.environment === 'dev' && i.purpose === 'infrastructure')!;

    it('passes on the generated stack', () => {
      expect(rule.check(context({ tier: 'T2' }))).toEqual([]);
    });

    it("fails when dev's role reaches a production resource by name", () => {
      const ctx = context({ tier: 'T2' });
      dev(ctx).statements.push({ effect: 'allow', actions: ['eks:DeleteCluster'], resources: ['arn:aws:eks:*:${account}:cluster/shop-api-*'], environments: null, readOnly: false, accountSetting: false });
      expect(rule.check(ctx).map((f) => f.message)).toEqual([
        expect.stringMatching(
          /lets shop-api-infra-dev \(dev\) eks:DeleteCluster on arn:aws:eks:\*:\$\{account\}:cluster\/shop-api-\*, which reaches arn:aws:eks:us-east-1:\*:cluster\/shop-api-staging of staging and arn:aws:eks:us-east-1:\*:cluster\/shop-api-prod of prod$/,
        ),
      ]);
    });

    it("fails when dev's role is granted by another environment's tag", () => {
      const ctx = context({ tier: 'T2' });
      dev(ctx).statements.push({ effect: 'allow', actions: ['ec2:*'], resources: ['*'], environments: ['dev', 'prod'], readOnly: false, accountSetting: false });
      expect(rule.check(ctx).map((f) => f.message)).toEqual([expect.stringMatching(/lets shop-api-infra-dev \(dev\) ec2:\* on resources tagged environment "prod"/)]);
    });

    it("fails when dev's deploy role may change prod's deploy role, and lets reads through", () => {
      const ctx = context({ tier: 'T2' });
      const deploy = ctx.facts.iac.identities.find((i) => i.environment === 'dev' && i.purpose === 'deploy')!;
      deploy.statements.push({ effect: 'allow', actions: ['iam:Get*'], resources: ['*'], environments: null, readOnly: true, accountSetting: false });
      expect(rule.check(ctx)).toEqual([]);
      deploy.statements.push({ effect: 'allow', actions: ['iam:UpdateAssumeRolePolicy'], resources: ['arn:aws:iam::*:role/shop-api-deploy-*'], environments: null, readOnly: false, accountSetting: false });
      expect(rule.check(ctx).map((f) => f.message)).toEqual([
        expect.stringMatching(/shop-api-deploy-dev \(dev\) iam:UpdateAssumeRolePolicy on .*, which reaches arn:aws:iam::\*:role\/shop-api-deploy-staging of staging and arn:aws:iam::\*:role\/shop-api-deploy-prod of prod$/),
      ]);
    });
  });

  it('reads an image name without its tag or digest', () => {
    expect(imageName('shop-api')).toBe('shop-api');
    expect(imageName('shop-api:1.2')).toBe('shop-api');
    expect(imageName('localhost:5000/shop-api@sha256:abc')).toBe('localhost:5000/shop-api');
  });
});
