import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withDefaults, type PartialAnswers } from '../../src/config/defaults.js';
import { buildTree, type FileTree } from '../../src/core/files.js';
import { generate } from '../../src/core/pipeline.js';
import { circleci } from '../../src/platforms/ci/circleci/index.js';
import { aws } from '../../src/platforms/cloud/aws/index.js';
import type { Plan } from '../../src/plan/types.js';
import { cicdStep } from '../../src/steps/cicd/index.js';
import { planFor } from '../fixtures.js';
import { formatFindings, validateTree } from '../validators/index.js';
import { settingsDocumented } from '../../src/integration/rules/settings-documented.js';

type Obj = Record<string, any>;
const IDS = { organization: '0f1e2d3c-aaaa-bbbb-cccc-123456789abc', project: '9a8b7c6d-1111-2222-3333-444455556666' };

const circle = (overrides: PartialAnswers = {}): Plan => planFor({ ci: 'circleci', ...overrides });
const render = (plan: Plan): FileTree => buildTree(cicdStep.render(plan));
const configOf = (plan: Plan, tree = render(plan)): Obj => load(tree.get(plan.paths.ciWorkflow)!.content) as Obj;

/** A workflow's entries by name: the job it runs and its spec (requires, context, serial group, type). */
function entries(config: Obj, workflow: string): Map<string, Obj> {
  const map = new Map<string, Obj>();
  for (const entry of config.workflows[workflow].jobs as (string | Obj)[]) {
    if (typeof entry === 'string') map.set(entry, {});
    else for (const [name, spec] of Object.entries(entry)) map.set(name, spec as Obj);
  }
  return map;
}
const runsOf = (job: Obj): Obj[] => (job.steps as (string | Obj)[]).filter((s): s is Obj => typeof s === 'object' && 'run' in s).map((s) => (typeof s.run === 'string' ? { command: s.run } : s.run));

/** Every job a workflow entry transitively requires. */
function upstream(workflow: Map<string, Obj>, name: string, seen = new Set<string>()): Set<string> {
  for (const r of (workflow.get(name)?.requires ?? []) as (string | Obj)[]) {
    const id = typeof r === 'string' ? r : Object.keys(r)[0]!;
    if (!seen.has(id)) {
      seen.add(id);
      upstream(workflow, id, seen);
    }
  }
  return seen;
}

describe.each(['T1', 'T2', 'T3'] as const)('CircleCI at %s', (tier) => {
  const plan = circle({ tier, ciIdentity: IDS });
  const tree = render(plan);
  const config = configOf(plan, tree);
  const deploy = entries(config, 'deploy');
  const production = plan.environments.at(-1)!.name;

  it('writes one config, version 2.1, identically on every run, with no orbs and every image pinned', () => {
    expect(config.version).toBe(2.1);
    expect(config.orbs).toBeUndefined();
    expect(cicdStep.render(plan)).toEqual(cicdStep.render(plan));
    for (const executor of Object.values(config.executors as Obj)) {
      for (const { image } of executor.docker as Obj[]) expect(image, image).toMatch(/@sha256:[0-9a-f]{64}$|:\d[\w.]*$/);
    }
  });

  it('runs the CI workflow on every branch and the deploy workflow on the deploy branch only; every requires names a job of its workflow', () => {
    expect(config.workflows.ci.when).toBeUndefined();
    expect(config.workflows.deploy.when).toEqual({ equal: ['main', '<< pipeline.git.branch >>'] });
    for (const name of ['ci', 'deploy']) {
      const wf = entries(config, name);
      for (const [entry, spec] of wf) {
        if (spec.type !== 'approval') expect(config.jobs[entry], entry).toBeDefined();
        for (const r of (spec.requires ?? []) as (string | Obj)[]) expect(wf.has(typeof r === 'string' ? r : Object.keys(r)[0]!), `${entry} requires ${JSON.stringify(r)}`).toBe(true);
      }
    }
  });

  it('deploys the environments in promotion order, production only through its approval job', () => {
    const approval = `approve-${production}`;
    expect(deploy.get(approval)).toMatchObject({ type: 'approval' });
    expect(config.jobs[approval]).toBeUndefined();
    const prodJobs = [...deploy].filter(([, s]) => s.context === `shop-api-${production}`).map(([n]) => n);
    expect(prodJobs.length).toBeGreaterThan(0);
    // Every production job waits for the approval; the approval waits for the environment before.
    for (const job of prodJobs) expect(upstream(deploy, job)).toContain(approval);
    const previous = plan.environments.at(-2);
    if (previous) expect(upstream(deploy, approval)).toContain(tier === 'T3' ? `deploy-${previous.name}` : `deploy-${previous.name}`);
    // Environments in order: each one's jobs require the one before.
    plan.environments.slice(1).forEach((env, i) => {
      const first = [...deploy].find(([, s]) => s.context === `shop-api-${env.name}`)![0];
      expect(upstream(deploy, first), env.name).toContain(`deploy-${plan.environments[i]!.name}`);
    });
  });

  it('binds each deploy job to its environment\'s context and one serial group, never two jobs of a workflow on one key', () => {
    const keys = [...deploy.values()].map((s) => s['serial-group']).filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
    for (const env of plan.environments) {
      const jobs = [...deploy].filter(([, s]) => s.context === `shop-api-${env.name}`);
      for (const [name, spec] of jobs) expect(spec['serial-group'], name).toMatch(new RegExp(`^acme/shop-api/deploy-${env.name}(-[a-z0-9-]+)?(/[a-z0-9-]+)?$`));
    }
    if (tier !== 'T3') {
      // One job per target: Terraform and the rollout hold the same lock, with nothing in between.
      const job = config.jobs[`deploy-${production}`];
      const commands = runsOf(job).map((r) => r.command).join('\n');
      expect(commands.indexOf('terraform -chdir=infra/terraform apply')).toBeLessThan(commands.indexOf('kubectl apply -k'));
      expect(deploy.get(`deploy-${production}`)!['serial-group']).toBe(`acme/shop-api/deploy-${production}`);
    }
  });

  it('logs in with the job\'s V2 OIDC token written to a file, for the audience the cloud trusts: the organization id', () => {
    const job = config.jobs[tier === 'T3' ? `push-${production}` : `deploy-${production}`];
    const login = runsOf(job).find((r) => r.command.includes('CIRCLE_OIDC_TOKEN_V2'))!;
    expect(login.command).toContain(`printf '%s' "$CIRCLE_OIDC_TOKEN_V2" > /tmp/oidc-token`);
    expect(login.command).toContain('export AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/oidc-token');
    expect(aws.shell.audience(plan)).toBe(IDS.organization);
    const trust = plan.environments.at(-1)!.trust;
    expect(trust).toEqual({
      issuer: `oidc.circleci.com/org/${IDS.organization}`,
      audience: IDS.organization,
      subjects: [`org/${IDS.organization}/project/${IDS.project}/user/*/vcs-origin/github.com/acme/shop-api/vcs-ref/refs/heads/main`],
      // What a cloud that binds on claims reads (Google Cloud): the environment is the context's id.
      claims: expect.objectContaining({ environment: 'oidc.circleci.com/context-ids', values: expect.objectContaining({ 'oidc.circleci.com/project-id': IDS.project }) }),
    });
  });

  it('rolls back only when the rollout step itself failed', () => {
    for (const [name, job] of Object.entries(config.jobs as Obj)) {
      const runs = runsOf(job);
      const rollback = runs.find((r) => r.when === 'on_fail');
      if (!rollback) continue;
      expect(rollback.command, name).toContain('deploy/rollback.sh');
      const rollout = runs.find((r) => r.command.includes('touch /tmp/rollout.failed'))!;
      expect(runs.indexOf(rollout)).toBeLessThan(runs.indexOf(rollback));
    }
  });
});

describe('the rollback of a CircleCI deploy job, run', () => {
  const plan = circle();
  const job = configOf(plan).jobs['deploy-prod'];
  const runs = runsOf(job);
  const rollout = runs.find((r) => r.command.includes('touch /tmp/rollout.failed'))!.command as string;
  const rollback = runs.find((r) => r.when === 'on_fail')!.command as string;
  let dir = '';
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync('/tmp/rollout.failed', { force: true });
  });

  /** CircleCI's semantics: steps in order in a new bash each, stopping at the first failure; `when: on_fail` steps run after one. */
  function runJob(steps: string[], kubectlFails: boolean): string[] {
    dir = mkdtempSync(join(tmpdir(), 'cci-rollback-'));
    const log = join(dir, 'calls');
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(join(dir, 'bin', 'kubectl'), `#!/bin/sh\necho "kubectl $*" >> ${log}\nexit ${kubectlFails ? 1 : 0}\n`);
    writeFileSync(join(dir, 'deploy', 'rollback.sh'), `#!/bin/sh\necho rollback >> ${log}\n`);
    chmodSync(join(dir, 'bin', 'kubectl'), 0o755);
    chmodSync(join(dir, 'deploy', 'rollback.sh'), 0o755);
    let failed = false;
    for (const step of [...steps, rollback]) {
      const onFail = step === rollback;
      if (failed !== onFail) continue;
      try {
        execFileSync('bash', ['-eo', 'pipefail', '-c', step], { cwd: dir, env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` }, stdio: 'pipe' });
      } catch {
        failed = true;
      }
    }
    return existsSync(log) ? execFileSync('cat', [log], { encoding: 'utf8' }).trim().split('\n') : [];
  }

  it('rolls back a rollout that fails', () => {
    expect(runJob(['true', rollout], true)).toContain('rollback');
  });

  it('does not roll back when an earlier step failed (the rollout never started)', () => {
    expect(runJob(['exit 1', rollout], true)).not.toContain('rollback');
  });

  it('does not roll back after a rollout that succeeded, whatever fails later', () => {
    expect(runJob([rollout, 'exit 1'], false)).not.toContain('rollback');
  });
});

describe('CircleCI facts', () => {
  it.each([
    ['T1', {}],
    ['T2', { tier: 'T2', strategy: 'canary' }],
    ['T3', { tier: 'T3', stack: 'java', strategy: 'blue-green', backingServices: ['postgres', 'redis'] }],
  ] as const)('are the neutral facts GitHub Actions gives for the same plan (%s)', async (_tier, answers) => {
    const base = { name: 'shop-api', repository: 'acme/shop-api', ...answers } as PartialAnswers;
    const github = (await generate(withDefaults(base))).facts.cicd;
    const circleFacts = (await generate(withDefaults({ ...base, ci: 'circleci' }))).facts.cicd;
    const neutral = (d: (typeof github.deploys)[number]) => {
      const { file: _f, commands: _c, jobs: _j, ...rest } = d;
      return rest;
    };
    expect(circleFacts.environmentOrder).toEqual(github.environmentOrder);
    expect(circleFacts.deploys.map(neutral)).toEqual(github.deploys.map(neutral));
    expect(circleFacts.needs.map(({ kind, name, scope }) => ({ kind, name, scope }))).toEqual(github.needs.map(({ kind, name, scope }) => ({ kind, name, scope })));
    // The rollout's commands, in order, as GitHub runs them.
    for (const [i, d] of circleFacts.deploys.entries()) {
      const ours = d.commands.filter((c) => /^(kubectl|aws eks|terraform|cd )/.test(c));
      const theirs = github.deploys[i]!.commands.filter((c) => /^(kubectl|aws eks|terraform|cd )/.test(c));
      expect(ours).toEqual(theirs);
    }
  });

  it('read each job\'s tools from its image and from what it installs', async () => {
    const { facts } = await generate(withDefaults({ name: 'shop-api', repository: 'acme/shop-api', ci: 'circleci', tier: 'T2' }));
    const job = facts.cicd.jobs.find((j) => j.id === 'deploy-prod')!;
    expect(job.available).toEqual(expect.arrayContaining(['aws', 'docker', 'jq', 'circleci']));
    expect(job.installs).toEqual(['terraform', 'kubectl', 'kustomize', 'crane']);
    expect(facts.cicd.jobs.find((j) => j.id === 'build-ci')!.available).toContain('trivy');
  });

  it('find a deploy job that logs in to no cloud after a hand edit', () => {
    const plan = circle();
    const tree = render(plan);
    const file = tree.get(plan.paths.ciWorkflow)!;
    const edited = buildTree([...tree.values()].filter((f) => f !== file).concat({ ...file, content: file.content.replace(/CIRCLE_OIDC_TOKEN_V2/g, 'SOME_TOKEN') }));
    const facts = circleci.extract(edited, plan);
    expect(facts.deploys[0]).toMatchObject({ environment: 'prod', cloud: '' });
    expect(circleci.extract(tree, plan).deploys[0]).toMatchObject({ environment: 'prod', cloud: 'aws', region: 'us-east-1', clusterName: 'shop-api-prod' });
  });
});

describe('CircleCI OIDC and signing', () => {
  it('mints a token for another audience where a cloud expects its own', () => {
    const plan = circle({ ciIdentity: IDS });
    const spy = vi.spyOn(aws.shell, 'audience').mockReturnValue('sts.amazonaws.com');
    try {
      const job = configOf(plan).jobs['deploy-prod'];
      expect(runsOf(job).map((r) => r.command).join('\n')).toContain(`circleci run oidc get --claims '{"aud":"sts.amazonaws.com"}' > /tmp/oidc-token`);
    } finally {
      spy.mockRestore();
    }
  });

  it('trusts placeholders until the answers give the ids, and says so', () => {
    const plan = circle();
    expect(plan.environments[0]!.trust.issuer).toBe('oidc.circleci.com/org/CIRCLECI_ORG_ID');
    expect(circleci.guide.fixAnswers!(plan).join('\n')).toContain('ciIdentity');
    expect(circleci.guide.fixAnswers!(circle({ ciIdentity: IDS }))).toEqual([]);
  });

  it('signs keylessly with a token for Sigstore, verifiable against the project\'s pipeline definition', () => {
    const plan = circle({ tier: 'T3', ciIdentity: IDS });
    const text = render(plan).get(plan.paths.ciWorkflow)!.content;
    expect(text).toContain(`SIGSTORE_ID_TOKEN="$(circleci run oidc get --claims '{"aud":"sigstore"}')" cosign sign --yes "$IMAGE"`);
    expect(text).toContain(`# cosign verify --certificate-oidc-issuer https://oidc.circleci.com/org/${IDS.organization} --certificate-identity-regexp '^https://circleci.com/api/v2/projects/${IDS.project}/pipeline-definitions/'`.replace('# ', '#   '));
  });
});

describe('a CircleCI stack below the repository root', () => {
  const plan = circle({ tier: 'T2', directory: 'services/api' });
  const tree = render(plan);
  const config = configOf(plan, tree);

  it('keeps its config in its own directory, never the root\'s', () => {
    expect(plan.paths.ciWorkflow).toBe('.circleci/config.yml');
    expect([...tree.keys()].some((p) => p.startsWith('..'))).toBe(false);
  });

  it('names every job, executor and workflow after the stack (configs merge) and runs in its directory', () => {
    for (const section of ['jobs', 'executors', 'workflows']) for (const name of Object.keys(config[section])) expect(name, section).toMatch(/^shop-api-/);
    for (const executor of Object.values(config.executors as Obj)) expect(executor.working_directory).toBe('~/project/services/api');
    for (const job of Object.values(config.jobs as Obj)) {
      const checkout = (job.steps as (string | Obj)[]).find((s) => typeof s === 'object' && 'checkout' in s) as Obj | undefined;
      if (checkout) expect(checkout.checkout).toEqual({ path: '~/project' });
    }
    expect(config.parameters).toEqual({ 'shop-api-changed': { type: 'boolean', default: false } });
  });
});

describe('CircleCI stacks the validation matrix does not build', () => {
  // The matrix varies the schema's enums; a stack below the repository root with the CircleCI ids given is not among them.
  // Observability is left out: its files are the same for every CI platform, and the matrix validates them.
  it('a T3 stack below the repository root, ids given, passes every validator and rule', async () => {
    const { tree } = await generate(withDefaults({ name: 'shop-api', repository: 'acme/shop-api', ci: 'circleci', tier: 'T3', stack: 'go', directory: 'services/api', ciIdentity: IDS, skip: ['observability'] }));
    const { findings, skipped } = await validateTree(tree);
    for (const s of skipped) console.warn(`skipped ${s.validator}: ${s.reason}`);
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 300_000);
});

describe('CircleCI settings in the integration guide', () => {
  it('are listed by context, and settings-documented finds a row that names the environment instead', async () => {
    const { plan, facts, tree } = await generate(withDefaults({ name: 'shop-api', repository: 'acme/shop-api', ci: 'circleci', tier: 'T2' }));
    const path = `${plan.paths.docsDir}/integration-guide.md`;
    const guide = tree.get(path)!;
    expect(guide.content).toContain('| `AWS_DEPLOY_ROLE_ARN` | variable | context `shop-api-staging` | `.circleci/config.yml` |');
    expect(guide.content).toContain('production waits for the approval job `approve-prod`');
    expect(settingsDocumented.check({ plan, facts, tree })).toEqual([]);
    const edited = buildTree([...tree.values()].filter((f) => f !== guide).concat({ ...guide, content: guide.content.replace('context `shop-api-staging`', 'environment `staging`') }));
    const [finding] = settingsDocumented.check({ plan, facts, tree: edited });
    expect(finding?.message).toMatch(/uses variable AWS_DEPLOY_ROLE_ARN \(context `shop-api-staging`\), but docs\/devops\/integration-guide\.md does not list it/);
  });
});
