/**
 * Target containers (ECS on Fargate): the stacks generate with every rule passing, the deploy
 * is a target-provided rollout of the neutral pipeline (so every CI platform runs it), the image
 * pushed is the one registered, and what the target cannot do yet is refused with alternatives.
 */
import { describe, expect, it } from 'vitest';
import { buildTree } from '../src/core/files.js';
import { InputError } from '../src/core/errors.js';
import { extractFacts } from '../src/integration/facts.js';
import { renderGuides } from '../src/integration/guides.js';
import { runRules, type RuleContext } from '../src/integration/rule.js';
import { RULES } from '../src/integration/rules/index.js';
import { STEPS } from '../src/steps/index.js';
import { resolveAnswers } from '../src/config/load.js';
import { extractEcsObservability } from '../src/platforms/target/containers/observability.js';
import { planFor } from './fixtures.js';
import type { PartialAnswers } from '../src/config/defaults.js';

const ECS: PartialAnswers = { target: 'containers', cloud: 'aws' };

function generate(overrides: PartialAnswers): RuleContext {
  const plan = planFor({ ...ECS, ...overrides });
  const stepTree = buildTree(STEPS.flatMap((s) => s.render(plan)));
  const facts = extractFacts(stepTree, plan);
  return { plan, tree: buildTree([...stepTree.values(), ...renderGuides(plan, facts)]), facts };
}

const findings = (ctx: RuleContext) => runRules(RULES, ctx).map((f) => `${f.rule}: ${f.message}`);

describe('target containers (ECS on Fargate)', () => {
  for (const [ci, tier] of [['github-actions', 'T1'], ['github-actions', 'T2'], ['gitlab-ci', 'T1'], ['gitlab-ci', 'T2']] as const) {
    it(`${ci} ${tier}: every consistency rule passes`, () => {
      const ctx = generate({ ci, tier, ...(tier === 'T2' ? { environments: ['staging', 'prod'] } : {}), repository: ci === 'gitlab-ci' ? 'acme/group/app' : 'acme/app' });
      expect(findings(ctx)).toEqual([]);
      expect([...ctx.tree.keys()].filter((p) => p.startsWith('deploy/k8s'))).toEqual([]);
    });
  }

  it('the deploy job registers the pushed image by digest and waits for ECS, on GitHub Actions and GitLab CI alike', () => {
    for (const ci of ['github-actions', 'gitlab-ci'] as const) {
      const ctx = generate({ ci, tier: 'T2', environments: ['staging', 'prod'], repository: 'acme/group/app'.replace(ci === 'github-actions' ? '/group' : '', '') });
      for (const deploy of ctx.facts.cicd.deploys) {
        const commands = deploy.commands.join('\n');
        expect(commands, ci).toContain(`sed -e "s|@ACCOUNT_ID@|\${ACCOUNT_ID}|g" -e "s|shop-api:@IMAGE@|\${IMAGE}|" deploy/ecs/${deploy.environment}/task-definition.json`);
        expect(commands, ci).toMatch(/aws ecs register-task-definition .*--cli-input-json file:\/\/task-definition\.rendered\.json/);
        expect(commands, ci).toMatch(new RegExp(`aws ecs update-service .*--cluster shop-api-${deploy.environment} --service shop-api`));
        expect(commands, ci).toContain(`timeout 15m deploy/ecs/wait-for-deployment.sh shop-api-${deploy.environment} shop-api`);
        // The rollback runs only when the rollout failed, and the job outlasts both.
        const job = deploy.jobs.find((j) => j.id.startsWith('deploy-'))!;
        expect(job.onFailure.join('\n'), ci).toContain(`deploy/rollback.sh shop-api-${deploy.environment} shop-api`);
        expect(job.timeoutMinutes, ci).toBeGreaterThanOrEqual(15 + 15 + 5);
        // The task definition it registers runs the image CI pushes.
        expect(deploy.imagePlaceholder).toBe('shop-api');
      }
      expect(ctx.facts.deployment.workload?.image).toBe('shop-api:@IMAGE@');
    }
  });

  it('health checks use the app’s endpoints, or its port when it serves none', () => {
    const ready = generate({});
    expect(ready.tree.get('infra/terraform/ecs.tf')!.content).toMatch(/path\s+= "\/readyz"\n\s+matcher\s+= "200-299"/);
    expect(ready.facts.deployment.workload!.probes).toEqual([{ kind: 'readiness', handler: 'http', path: '/readyz', port: 8080 }]);
    const none = generate({ app: { healthPath: 'none', readinessPath: 'none', metricsPath: 'none' } as never });
    expect(none.tree.get('infra/terraform/ecs.tf')!.content).toMatch(/path\s+= "\/"\n\s+matcher\s+= "200-499"/);
    expect(findings(none)).toEqual([]);
  });

  it('the deploy role updates only its own environment’s service and passes only its own task roles', () => {
    const ctx = generate({ tier: 'T2', environments: ['staging', 'prod'] });
    for (const env of ['staging', 'prod']) {
      const deploy = ctx.facts.iac.identities.find((i) => i.environment === env && i.purpose === 'deploy')!;
      const update = deploy.statements.filter((s) => s.effect === 'allow' && s.actions.includes('ecs:UpdateService'));
      expect(update.flatMap((s) => s.resources)).toEqual([`arn:aws:ecs:us-east-1:\${account}:service/shop-api-${env}/shop-api`]);
      const pass = deploy.statements.filter((s) => s.effect === 'allow' && s.actions.includes('iam:PassRole'));
      expect(pass.flatMap((s) => s.resources).sort()).toEqual([`arn:aws:iam::\${account}:role/shop-api-${env}-execution`, `arn:aws:iam::\${account}:role/shop-api-${env}-task`]);
      const register = deploy.statements.find((s) => s.actions.includes('ecs:RegisterTaskDefinition'))!;
      expect(register.environments).toEqual([env]);
    }
    // identities-stay-in-environment sees a deploy role reaching another environment's service.
    const rule = RULES.find((r) => r.id === 'identities-stay-in-environment')!;
    const staging = ctx.facts.iac.identities.find((i) => i.environment === 'staging' && i.purpose === 'deploy')!;
    staging.statements.push({ ...staging.statements.find((s) => s.actions.includes('ecs:UpdateService'))!, resources: ['arn:aws:ecs:us-east-1:${account}:service/shop-api-prod/shop-api'] });
    expect(rule.check(ctx).map((f) => f.message).join('\n')).toMatch(/shop-api-deploy-staging \(staging\) .*service\/shop-api-prod\/shop-api/);
  });

  it('the alarms a deployment rolls back on are the ones observability defines (rollback-alarms-are-defined)', () => {
    const ctx = generate({ tier: 'T2', environments: ['staging', 'prod'] });
    expect(ctx.facts.observability.rollbackAlarms?.map((a) => a.value)).toEqual(['${var.cluster_name}-errors']);
    expect(ctx.facts.observability.alerts.map((a) => a.value)).toContain('${var.cluster_name}-errors');
    const rule = RULES.find((r) => r.id === 'rollback-alarms-are-defined')!;
    expect(rule.check(ctx)).toEqual([]);
    // An alarms.tf whose 5xx alarm resource was renamed: the service still watches the old one.
    const alarms = ctx.tree.get('infra/terraform/alarms.tf')!;
    const tree = new Map(ctx.tree);
    tree.set(alarms.path, { ...alarms, content: alarms.content.replace('"aws_cloudwatch_metric_alarm" "errors"', '"aws_cloudwatch_metric_alarm" "server_errors"') });
    const facts = { ...ctx.facts, observability: extractEcsObservability(tree, ctx.plan) };
    expect(rule.check({ ...ctx, tree, facts }).map((f) => f.message)).toEqual([
      'infra/terraform/ecs.tf rolls deployments back on alarm "aws_cloudwatch_metric_alarm.errors", which observability does not define (it defines ${var.cluster_name}-no-healthy-tasks, ${var.cluster_name}-unhealthy-tasks, ${var.cluster_name}-cpu-high, ${var.cluster_name}-memory-high, ${var.cluster_name}-errors)',
    ]);
  });

  it('T1 has the pages (P1, P2); tickets (P3, P4) come with routing at T2', () => {
    const names = (ctx: RuleContext) => ctx.facts.observability.alerts.map((a) => a.value.replace('${var.cluster_name}-', '')).sort();
    expect(names(generate({}))).toEqual(['errors', 'no-healthy-tasks']);
    expect(names(generate({ tier: 'T2', environments: ['staging', 'prod'] }))).toEqual(['cpu-high', 'errors', 'memory-high', 'no-healthy-tasks', 'unhealthy-tasks']);
  });

  it('refuses what it does not generate yet, with the reason and the alternatives', () => {
    const refused = (answers: PartialAnswers): string => {
      try {
        resolveAnswers({ name: 'shop-api', repository: 'acme/shop-api', ...ECS, ...answers });
        return '';
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return error.problems.map((p) => `${p.where}: ${p.message} → ${p.remedy}`).join('\n');
      }
    };
    expect(refused({ cloud: 'gcp', gcp: { project: 'acme-shop' } } as PartialAnswers)).toMatch(/target: containers runs on AWS \(ECS on Fargate\) only so far.* → Choose --cloud aws with --target containers, or --target kubernetes/);
    expect(refused({ tier: 'T3' })).toMatch(/tier: containers is generated at T1 and T2 so far.* → Choose --tier T2 with --target containers/);
    expect(refused({ tier: 'T2', environments: ['staging', 'prod'], strategy: 'canary' })).toMatch(/strategy: canary on ECS is not generated yet.*→ Choose --strategy rolling \(or recreate\) with --target containers/);
    expect(refused({ tier: 'T2', environments: ['staging', 'prod'], strategy: 'recreate' })).toBe('');
  });

  it('recreate stops every old task first (ECS minimum healthy 0%, maximum 100%)', () => {
    const tf = generate({ strategy: 'recreate' }).tree.get('infra/terraform/ecs.tf')!.content;
    expect(tf).toMatch(/deployment_minimum_healthy_percent = 0\n\s+deployment_maximum_percent\s+= 100/);
  });
});

describe('target containers in the goal and the guided run', () => {
  it('goal words select it: ECS, Fargate, and "no kubernetes"', async () => {
    const { inferGoal, applyGoal } = await import('../src/goal/infer.js');
    expect(inferGoal('node API on ECS Fargate').answers).toMatchObject({ stack: 'node', cloud: 'aws', target: 'containers' });
    expect(applyGoal({}, inferGoal('python API, no kubernetes'))).toMatchObject({ target: 'containers' });
    // An answer given explicitly wins over the goal.
    expect(applyGoal({ target: 'kubernetes' }, inferGoal('python API, no kubernetes'))['target']).toBe('kubernetes');
    expect(inferGoal('serverless on lambda').unsupported.find((u) => u.value === 'lambda')?.alternatives).toEqual(['containers (ECS on Fargate)', 'kubernetes (EKS)']);
  });

  it('the guided run offers it on AWS, and no strategy it does not generate', async () => {
    const { QUESTIONS } = await import('../src/prompt/questions.js');
    const answers = resolveAnswers({ name: 'shop-api', repository: 'acme/shop-api', ...ECS, tier: 'T2', environments: ['staging', 'prod'] });
    const target = QUESTIONS.find((q) => q.id === 'target')!;
    expect(target.choices!(answers).find((c) => c.value === 'containers')).toMatchObject({ label: 'Containers (ECS on Fargate)' });
    const strategy = QUESTIONS.find((q) => q.id === 'strategy')!;
    expect(strategy.choices!(answers).filter((c) => !c.disabled).map((c) => c.value)).toEqual(['rolling', 'recreate']);
    expect(strategy.choices!({ ...answers, target: 'kubernetes' }).filter((c) => !c.disabled).map((c) => c.value)).toEqual(['rolling', 'recreate', 'canary', 'blue-green']);
  });
});
