import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Tier } from '../../src/config/answers.js';
import { withDefaults, type PartialAnswers } from '../../src/config/defaults.js';
import { resolveAnswers } from '../../src/config/load.js';
import { InputError } from '../../src/core/errors.js';
import { buildTree, type FileTree } from '../../src/core/files.js';
import { generate } from '../../src/core/pipeline.js';
import { extractFacts } from '../../src/integration/facts.js';
import { RULES } from '../../src/integration/rules/index.js';
import { runRules } from '../../src/integration/rule.js';
import { derivePlan } from '../../src/plan/derive-plan.js';
import { STAGES } from '../../src/platforms/ci/gitlab-ci/glci.js';
import { gitlabCi } from '../../src/platforms/ci/gitlab-ci/index.js';
import { cloudOf, registry } from '../../src/platforms/registry.js';
import type { Plan } from '../../src/plan/types.js';
import { cicdStep } from '../../src/steps/cicd/index.js';
import { TOOLS } from '../../src/steps/cicd/tools.js';
import { TERRAFORM_CI_VERSION } from '../../src/platforms/ci/github-actions/gha.js';
import { tempDir } from '../helpers/run-cli.js';

type Obj = Record<string, any>;
const TIERS: Tier[] = ['T1', 'T2', 'T3'];
const GITLAB = { name: 'shop-api', repository: 'acme/shop-api', ci: 'gitlab-ci' } as const;

const planOf = (answers: PartialAnswers): Plan => derivePlan(withDefaults({ ...GITLAB, ...answers }));
const render = (plan: Plan): FileTree => buildTree(cicdStep.render(plan));
const pipelineOf = (plan: Plan, tree = render(plan)): Obj => load(tree.get(plan.paths.ciWorkflow)!.content) as Obj;
const jobsOf = (doc: Obj): [string, Obj][] => Object.entries(doc).filter(([k, v]) => !['workflow', 'stages', 'include', 'variables'].includes(k) && typeof v === 'object');
const scriptOf = (job: Obj): string[] => [...(job.before_script ?? []), ...(job.script ?? [])];
const needName = (n: string | { job: string }): string => (typeof n === 'string' ? n : n.job);

describe.each(TIERS)('GitLab CI at %s', (tier) => {
  const plan = planOf({ tier, ...(tier !== 'T1' ? { strategy: 'canary' } : {}), ...(tier === 'T3' ? { backingServices: ['postgres'] } : {}) });
  const tree = render(plan);
  const doc = pipelineOf(plan, tree);
  const jobs = jobsOf(doc);
  const deployJobs = jobs.filter(([, j]) => j.environment);

  it('writes one .gitlab-ci.yml holding CI and deploy jobs, identically on every run', () => {
    expect(plan.paths.ciWorkflow).toBe('.gitlab-ci.yml');
    expect(plan.paths.deployWorkflow).toBe(plan.paths.ciWorkflow);
    expect(cicdStep.render(plan)).toEqual(cicdStep.render(plan));
    expect(jobs.map(([name]) => name)).toEqual(expect.arrayContaining(['test', 'stack-check', `deploy-${plan.environments[0]!.name}`]));
  });

  it('declares its stages, and every job runs in a declared stage after the jobs it needs', () => {
    expect(doc.stages).toEqual([...STAGES]);
    const stageOf = new Map(jobs.map(([name, j]) => [name, STAGES.indexOf(j.stage)]));
    for (const [name, job] of jobs) {
      expect(stageOf.get(name), name).toBeGreaterThanOrEqual(0);
      for (const need of job.needs ?? []) {
        expect(stageOf.has(needName(need)), `${name} needs ${needName(need)}`).toBe(true);
        expect(stageOf.get(needName(need))!, `${name} needs ${needName(need)}`).toBeLessThanOrEqual(stageOf.get(name)!);
      }
    }
  });

  it('runs one pipeline per change (merge request or default branch); CI jobs are interruptible, deploy jobs never', () => {
    expect(doc.workflow.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }, { if: '$CI_COMMIT_BRANCH == "main"' }]);
    expect(jobs.find(([n]) => n === 'test')![1].interruptible).toBe(true);
    for (const [name, job] of deployJobs) {
      expect(job.interruptible, name).toBeUndefined();
      // Merge request pipelines have no CI_COMMIT_BRANCH: deploys never run from them.
      expect(job.rules[0].if, name).toBe('$CI_COMMIT_BRANCH == "main"');
      expect(job.timeout, name).toMatch(/^\d+m$/);
    }
  });

  it("logs in with an ID token for the cloud's audience, through the cloud's own shell login", () => {
    const shell = cloudOf(plan).shell;
    for (const [name, job] of deployJobs) {
      expect(job.id_tokens.OIDC_TOKEN, name).toEqual({ aud: shell.audience(plan) });
      expect(job.image, name).toEqual({ name: shell.cliImage, entrypoint: [''] });
      const script = scriptOf(job).join('\n');
      const region = /export AWS_REGION=(\S+)/.exec(script)?.[1] ?? '';
      // Terraform's jobs take on the environment's infrastructure identity, the others its deploy identity.
      const purpose = name.startsWith('terraform-') ? 'infrastructure' : 'deploy';
      for (const line of shell.login(plan, plan.environments.find((e) => e.name === job.environment.name)!, region, '"$OIDC_TOKEN_FILE"', purpose)) expect(script, name).toContain(line);
    }
    // No job without an environment gets a cloud token.
    for (const [name, job] of jobs.filter(([, j]) => !j.environment)) expect(job.id_tokens?.OIDC_TOKEN, name).toBeUndefined();
  });

  it('binds each deploy job to its environment and tier, one at a time per deploy target', () => {
    for (const env of plan.environments) {
      for (const target of env.targets) {
        const bound = deployJobs.filter(([name]) => /^(deploy|push|terraform)-/.test(name) && name.slice(name.indexOf('-') + 1) === target.id);
        // Inside the VPC (T3), the image is pushed from a job of its own, on a hosted runner.
        const push = target.runner.kind === 'self-hosted' ? [`push-${target.id}`] : [];
        // At T1 an administrator applies Terraform (the setup guide): CI only deploys.
        const terraform = plan.features.infrastructureInCi ? [`terraform-${target.id}`] : [];
        expect(bound.map(([n]) => n).sort(), target.id).toEqual([`deploy-${target.id}`, ...push, ...terraform]);
        for (const [name, job] of bound) {
          expect(job.environment.name, name).toBe(env.name);
          expect(job.environment.deployment_tier === 'production', name).toBe(env.isProduction);
          expect(job.resource_group, name).toBe(target.concurrencyGroup);
        }
        // Terraform prepares the environment; the deploy job is the deployment GitLab records.
        if (terraform.length) expect(bound.find(([n]) => n.startsWith('terraform-'))![1].environment.action).toBe('prepare');
        expect(bound.find(([n]) => n.startsWith('deploy-'))![1].environment.action).toBeUndefined();
      }
    }
  });

  it('waits for a manual, blocking approval before production (T1 too: nothing else approves it)', () => {
    const production = plan.environments.find((e) => e.isProduction)!;
    const gate = jobs.find(([n]) => n === `approve-${production.name}`);
    if (!production.previous) {
      expect(gate![1].rules).toEqual([{ if: '$CI_COMMIT_BRANCH == "main"', when: 'manual', allow_failure: false }]);
      expect(gate![1].needs).toEqual([]);
      expect(jobs.find(([n]) => n === `deploy-${production.name}`)![1].needs.map(needName)).toContain(`approve-${production.name}`);
      return;
    }
    expect(gate![1].rules).toEqual([{ if: '$CI_COMMIT_BRANCH == "main"', when: 'manual', allow_failure: false }]);
    expect(gate![1].needs.map(needName)).toEqual([`deploy-${production.previous}`]);
    expect(jobs.find(([n]) => n === `terraform-${production.name}`)![1].needs).toEqual([`approve-${production.name}`]);
  });

  it('installs every tool its cloud jobs call, from the checksummed tools script, onto the job PATH', () => {
    const script = tree.get(plan.paths.toolsScript)!.content;
    for (const [name, job] of jobs.filter(([, j]) => j.image?.name === cloudOf(plan).shell.cliImage)) {
      const lines = scriptOf(job);
      const install = lines.find((l) => l.startsWith(`${plan.paths.toolsScript} `));
      expect(install, name).toBeDefined();
      const tools = install!.split(' ').slice(1);
      for (const tool of tools) expect(script, `${name}: ${tool}`).toContain(`    ${tool}) sha256=${TOOLS[tool as keyof typeof TOOLS].sha256} `);
      const onPath = lines.indexOf('export PATH="$CI_PROJECT_DIR/.tools/bin:$PATH"');
      expect(onPath, name).toBeGreaterThanOrEqual(0);
      const commands = lines.join('\n');
      // On the PATH before any installed tool is called.
      const firstCall = lines.findIndex((l) => tools.some((t) => new RegExp(`(^|[\\s(|])${t}\\s`).test(l)));
      if (firstCall >= 0) expect(onPath, name).toBeLessThan(firstCall);
      for (const called of ['terraform', 'kubectl', 'kustomize', 'crane', 'cosign', 'jq']) {
        if (new RegExp(`(^|[\\s(|])${called}\\s`, 'm').test(commands)) expect(tools, `${name} calls ${called}`).toContain(called);
      }
    }
  });

  it('pins every image: single-purpose ones by digest, toolchains by version', () => {
    for (const [name, job] of jobs) {
      const image = typeof job.image === 'string' ? job.image : job.image.name;
      expect(image, name).toMatch(/(@sha256:[0-9a-f]{64}|:[\w.-]+)$/);
      expect(image, name).not.toMatch(/:latest$/);
      if (typeof job.image === 'object') expect(job.image.name, name).toMatch(/@sha256:[0-9a-f]{64}$/);
    }
  });

  it('promotes the one image it built, pushed with its digest and checked where the digest is known', () => {
    const pushing = deployJobs.filter(([, j]) => scriptOf(j).some((l) => l.startsWith('crane push')));
    const pusher = (t: Plan['environments'][number]['targets'][number]) => `${t.runner.kind === 'self-hosted' ? 'push' : 'deploy'}-${t.id}`;
    expect(pushing.map(([n]) => n).sort()).toEqual(plan.environments.flatMap((e) => e.targets.map(pusher)).sort());
    for (const [name, job] of pushing) {
      expect(scriptOf(job), name).toContain('IMAGE="$(cat image.ref)"');
      if (plan.features.multiEnvironment) expect(scriptOf(job), name).toContain('test "$IMAGE" = "$REGISTRY/$ECR_REPOSITORY@$DEPLOY_BUILD_DIGEST"');
    }
  });

  it("includes GitLab's own SAST and Secret Detection from T2, in merge request pipelines too, and nothing unpinned", () => {
    const includes: Obj[] = doc.include ?? [];
    if (tier === 'T1') expect(includes).toEqual([]);
    else {
      expect(includes).toEqual([{ template: 'Jobs/SAST.gitlab-ci.yml' }, { template: 'Jobs/Secret-Detection.gitlab-ci.yml' }]);
      expect(doc.variables.AST_ENABLE_MR_PIPELINES).toBe('true');
      // The templates' jobs run in stage test.
      expect(doc.stages).toContain('test');
    }
    // Templates are versioned with the instance; anything from another project names an exact version.
    for (const inc of includes) {
      if ('template' in inc) continue;
      const version = String(inc.component ?? '').split('@')[1] ?? inc.ref ?? '';
      expect(version, JSON.stringify(inc)).toMatch(/^([0-9a-f]{40}|\d+\.\d+\.\d+)$/);
    }
  });

  it('builds the image once per pipeline for the deploys: a job that reads the archive downloads it from the job that built it', () => {
    const builders = new Set(jobs.filter(([, j]) => (j.artifacts?.paths ?? []).includes('image.tar') && scriptOf(j).some((l) => l.startsWith('buildctl-daemonless.sh build'))).map(([n]) => n));
    // T1: CI's build keeps its image for the deploy (both run in the default branch's pipeline), no second build.
    if (tier === 'T1') expect([...builders]).toEqual(['build']);
    const readers = jobs.filter(([n, j]) => !builders.has(n) && scriptOf(j).some((l) => /tar -xf image\.tar|--input image\.tar/.test(l)));
    expect(readers.length).toBeGreaterThan(0);
    for (const [name, job] of readers) {
      // A need as a plain name downloads that job's artifacts.
      const downloads = (job.needs ?? []).filter((n: unknown) => typeof n === 'string');
      expect(downloads.some((n: string) => builders.has(n)), `${name} needs ${JSON.stringify(job.needs)}`).toBe(true);
    }
  });
});

/** Runs a job's script in bash with every external command stubbed; `failing` lists the command lines (prefixes) that fail. */
function runJob(job: Obj, failing: string[]): { code: number; rolledBack: boolean } {
  const { dir, cleanup } = tempDir('cds-gitlab-job-');
  try {
    const bin = join(dir, 'bin');
    for (const d of ['bin', 'deploy/k8s', '.gitlab/scripts']) mkdirSync(join(dir, d), { recursive: true });
    const stub = (path: string, body: string) => {
      writeFileSync(path, `#!/usr/bin/env bash\n${body}\n`);
      chmodSync(path, 0o755);
    };
    for (const command of ['aws', 'kubectl', 'kustomize', 'crane', 'tar', 'terraform']) {
      const fails = failing.filter((f) => f.startsWith(`${command} `)).map((f) => `[[ "${command} $*" == "${f}"* ]] && exit 1`);
      // crane writes the pushed reference where --image-refs says.
      const refs = command === 'crane' ? 'for a in "$@"; do last="$a"; done\n[ "$1" = push ] && echo "registry/repo@sha256:1" > "$last"' : '';
      stub(join(bin, command), [...fails, refs, 'exit 0'].join('\n'));
    }
    stub(join(dir, '.gitlab/scripts/install-tools.sh'), 'exit 0');
    stub(join(dir, 'deploy/rollback.sh'), `touch "${join(dir, 'rolled-back')}"`);
    const script = ['set -eo pipefail', ...scriptOf(job)].join('\n');
    const run = spawnSync('bash', ['-c', script], { cwd: dir, env: { PATH: `${bin}:/usr/bin:/bin`, OIDC_TOKEN: 'token', CI_PROJECT_DIR: dir, HOME: dir }, encoding: 'utf8' });
    return { code: run.status ?? -1, rolledBack: existsSync(join(dir, 'rolled-back')) };
  } finally {
    cleanup();
  }
}

describe('the rollback of a GitLab deploy job', () => {
  const plan = planOf({ tier: 'T1' });
  const job = jobsOf(pipelineOf(plan)).find(([n]) => n === 'deploy-prod')![1];

  it('runs exactly when the rollout fails, in the same job, and fails the job', () => {
    expect(runJob(job, [])).toEqual({ code: 0, rolledBack: false });
    expect(runJob(job, ['kubectl rollout status'])).toEqual({ code: 1, rolledBack: true });
    expect(runJob(job, ['kubectl apply -k deploy/k8s'])).toEqual({ code: 1, rolledBack: true });
  });

  it('does not run when a step before the rollout fails (nothing new was applied)', () => {
    const early = runJob(job, ['kustomize edit']);
    expect(early.code).not.toBe(0);
    expect(early.rolledBack).toBe(false);
    expect(runJob(job, ['aws eks']).rolledBack).toBe(false);
  });
});

describe('GitLab CI OIDC trust', () => {
  it('trusts the project and deploy branch GitLab puts in the subject, from gitlab.com or the self-managed server', () => {
    expect(gitlabCi.oidc({ name: 'shop-api', directory: '', repository: 'acme/platform/shop-api', branch: 'main' }, 'prod')).toEqual({
      issuer: 'gitlab.com',
      subjects: ['project_path:acme/platform/shop-api:ref_type:branch:ref:main'],
      // google.subject joins the bounded claims: `sub` with a long project path passes Google's 127 bytes.
      claims: { values: { project_path: 'acme/platform/shop-api', ref: 'main', ref_protected: 'true', environment: 'prod' }, environment: 'environment', subject: ['project_id', 'environment'] },
    });
    expect(gitlabCi.oidc({ name: 'shop-api', directory: '', repository: 'acme/shop-api', branch: 'main', ciServer: 'https://gitlab.example.com' }, 'prod').issuer).toBe('gitlab.example.com');
    // The subject names no environment: isolation is the protected branch's (capabilities, guide).
    expect(gitlabCi.capabilities.environmentInSubject.inToken).toBe(false);
    expect(gitlabCi.capabilities.codeScanning).toBe(false);
  });

  it('deploys from the branch the answers name, which is the one the deploy roles trust', async () => {
    const { findings, tree, plan } = await generate(withDefaults({ ...GITLAB, tier: 'T2', branch: 'release/v2' }), { budgets: false });
    expect(findings).toEqual([]);
    const doc = pipelineOf(plan, tree);
    expect(doc.workflow.rules[1]).toEqual({ if: '$CI_COMMIT_BRANCH == "release/v2"' });
    for (const [name, job] of jobsOf(doc).filter(([, j]) => j.environment)) expect(job.rules[0].if, name).toBe('$CI_COMMIT_BRANCH == "release/v2"');
    expect(tree.get(`${plan.paths.bootstrapDir}/main.tf`)!.content).toContain('"project_path:acme/shop-api:ref_type:branch:ref:release/v2"');
    expect(tree.get('docs/devops/setup-guide.md')!.content).toContain('Protect `release/v2`');
  });

  it.each(TIERS)('every consistency rule passes for GitLab × AWS at %s, and the bootstrap trusts the subject', async (tier) => {
    const { findings, tree, plan } = await generate(withDefaults({ ...GITLAB, tier }), { budgets: false });
    expect(findings).toEqual([]);
    const bootstrap = tree.get(`${plan.paths.bootstrapDir}/main.tf`)!.content;
    expect(bootstrap).toMatch(/url\s+= "https:\/\/gitlab\.com"/);
    expect(bootstrap).toContain('"project_path:acme/shop-api:ref_type:branch:ref:main"');
  });
});

describe('GitLab CI × Google Cloud', () => {
  const GCP = { ...GITLAB, cloud: 'gcp', gcp: { project: 'acme-shop' } } as const;

  it.each(TIERS)('at %s: every consistency rule passes, and the WIF provider admits exactly the claims GitLab issues to each deploy job', async (tier) => {
    const { findings, tree, plan } = await generate(withDefaults({ ...GCP, tier, ...(tier !== 'T1' ? { strategy: 'canary' } : {}) }), { budgets: false });
    expect(findings).toEqual([]);
    const bootstrap = tree.get(`${plan.paths.bootstrapDir}/main.tf`)!.content;
    const names = plan.environments.map((e) => `'${e.name}'`).join(', ');
    // GitLab's issuer (no trailing slash), its claim names and string values, as jwt_v2.rb writes them.
    expect(bootstrap).toContain('issuer_uri = "https://gitlab.com"');
    expect(bootstrap).toContain(`attribute_condition = "assertion.project_path == 'acme/shop-api' && assertion.ref == 'main' && assertion.ref_protected == 'true' && assertion.environment in [${names}]"`);
    expect(bootstrap).toContain('"attribute.environment" = "assertion.environment"');
    const shell = cloudOf(plan).shell;
    const doc = pipelineOf(plan, tree);
    const loggingIn = jobsOf(doc).filter(([, j]) => j.id_tokens?.OIDC_TOKEN);
    expect(loggingIn.length).toBeGreaterThan(0);
    for (const [name, job] of loggingIn) {
      // The audience the job asks for is one the provider allows.
      expect(job.id_tokens.OIDC_TOKEN, name).toEqual({ aud: shell.audience(plan) });
      expect(bootstrap, name).toContain(`"${shell.audience(plan)}"`);
      // GitLab puts `environment` in the token only for a job with `environment:`: every job that logs in has one, a planned one.
      expect(plan.environments.map((e) => e.name), name).toContain(job.environment?.name);
      expect(job.image, name).toEqual({ name: shell.cliImage, entrypoint: [''] });
      expect(scriptOf(job).join('\n'), name).toContain('gcloud iam workload-identity-pools create-cred-config "${GCP_WORKLOAD_IDENTITY_PROVIDER}"');
    }
  });

  it('a hand edit admitting another project or dropping an environment fails oidc-trusts-deploy-jobs', async () => {
    const { tree, plan } = await generate(withDefaults({ ...GCP, tier: 'T2', strategy: 'canary' }), { budgets: false });
    for (const [from, to] of [["assertion.project_path == 'acme/shop-api'", "assertion.project_path == 'acme/other'"], ["'dev', 'staging', 'prod'", "'dev', 'staging'"]] as const) {
      const edited = new Map(tree);
      const file = edited.get('infra/bootstrap/main.tf')!;
      expect(file.content).toContain(from);
      edited.set(file.path, { ...file, content: file.content.replace(from, to) });
      const findings = runRules(RULES.filter((r) => r.id === 'oidc-trusts-deploy-jobs'), { plan, facts: extractFacts(edited, plan), tree: edited });
      expect(findings.length, to).toBeGreaterThan(0);
    }
  });
});

describe('reading .gitlab-ci.yml back', () => {
  it('gives the neutral CI facts GitHub Actions gives for the same stack', async () => {
    const answers: PartialAnswers = { name: 'shop-api', repository: 'acme/shop-api', tier: 'T3', stack: 'java', strategy: 'blue-green', backingServices: ['postgres', 'redis'] };
    const github = await generate(withDefaults(answers), { budgets: false });
    const gitlab = await generate(withDefaults({ ...answers, ci: 'gitlab-ci' }), { budgets: false });
    const neutral = (facts: typeof github.facts.cicd) => ({
      environmentOrder: facts.environmentOrder,
      deploys: facts.deploys.map(({ file: _f, commands: _c, jobs, ...d }) => ({ ...d, jobs: jobs.map((j) => ({ id: j.id, timeoutMinutes: j.timeoutMinutes, rollsBack: j.onFailure.length > 0 })) })),
      needs: facts.needs.map((n) => ({ name: n.name, kind: n.kind, scope: n.scope, description: n.description })),
    });
    expect(gitlab.facts.cicd.deploys.length).toBe(4);
    expect(neutral(gitlab.facts.cicd)).toEqual(neutral(github.facts.cicd));
    expect(gitlab.facts.cicd.workflows).toEqual(['.gitlab-ci.yml']);
  });

  it('finds a CI/CD variable a hand edit adds, scoped to the environment of its job', () => {
    const plan = planOf({ tier: 'T2' });
    const tree = render(plan);
    const file = tree.get(plan.paths.ciWorkflow)!;
    const edited = buildTree([{ ...file, content: file.content.replaceAll('- .gitlab/scripts/install-tools.sh terraform\n', '- .gitlab/scripts/install-tools.sh terraform\n    - echo "$SLACK_WEBHOOK"\n') }]);
    const needs = gitlabCi.extract(edited, plan).needs.filter((n) => n.name === 'SLACK_WEBHOOK');
    expect(needs.map((n) => n.scope)).toEqual([{ type: 'environment', environment: 'dev' }, { type: 'environment', environment: 'prod' }, { type: 'environment', environment: 'staging' }]);
    expect(needs[0]!.source).toBe('Whoever added it to the pipeline');
  });

  it('never crashes on a file that does not parse: it deploys nothing', () => {
    const plan = planOf({});
    const tree = buildTree([{ path: '.gitlab-ci.yml', content: 'jobs: [unclosed\n', producer: 'cicd', summary: '' }]);
    expect(gitlabCi.extract(tree, plan)).toMatchObject({ workflows: ['.gitlab-ci.yml'], deploys: [] });
  });
});

describe('a GitLab stack below the repository root', () => {
  const plan = planOf({ tier: 'T2', directory: 'services/api' });
  const doc = pipelineOf(plan);
  const jobs = jobsOf(doc);

  it('has its own .gitlab-ci.yml in its directory, which the root one includes: nothing is written outside', () => {
    expect(plan.paths.ciWorkflow).toBe('.gitlab-ci.yml');
    expect([...render(plan).keys()].every((p) => !p.startsWith('../'))).toBe(true);
  });

  it('names its jobs after the stack, runs them when its directory changes, in its directory', () => {
    for (const [name, job] of jobs) {
      expect(name).toMatch(/^shop-api:/);
      expect(job.rules[0].changes, name).toEqual(['services/api/**/*']);
      if (!name.includes(':approve-')) expect(job.script[0], name).toBe('cd services/api || exit');
      for (const need of job.needs ?? []) expect(needName(need), name).toMatch(/^shop-api:/);
      for (const path of job.artifacts?.paths ?? []) expect(path, name).toMatch(/^services\/api\//);
    }
  });
});

describe('GitLab answers', () => {
  const problem = (answers: Record<string, unknown>): string => {
    try {
      resolveAnswers(answers);
      return '';
    } catch (error) {
      return error instanceof InputError ? error.problems.map((p) => `${p.where}: ${p.message}`).join('\n') : String(error);
    }
  };

  it('takes a GitLab project path with subgroups, which GitHub Actions refuses', () => {
    expect(problem({ name: 'api', ci: 'gitlab-ci', repository: 'acme/platform/api' })).toBe('');
    expect(problem({ name: 'api', repository: 'acme/platform/api' })).toMatch(/^repository: .*not a GitHub repository/);
  });

  it('takes a self-managed server for GitLab only, as an https URL', () => {
    expect(problem({ name: 'api', ci: 'gitlab-ci', repository: 'a/b', ciServer: 'https://gitlab.example.com:8443/gitlab' })).toBe('');
    expect(problem({ name: 'api', ci: 'gitlab-ci', repository: 'a/b', ciServer: 'http://gitlab.example.com' })).toMatch(/^ciServer/);
    expect(problem({ name: 'api', repository: 'a/b', ciServer: 'https://gitlab.example.com' })).toMatch(/^ciServer: .*but ci is github-actions/);
  });

  it('every GitLab adapter value is in the registry and the schema', () => {
    expect(registry().ci['gitlab-ci']).toBe(gitlabCi);
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../schemas/devops-stack.schema.json'), 'utf8')) as Obj;
    expect(schema.properties.ci.enum).toContain('gitlab-ci');
  });
});

describe('the tools GitLab jobs install', () => {
  it('each archive holds its tool under its own name (the compact script extracts it so)', () => {
    for (const [name, tool] of Object.entries(TOOLS)) if ('member' in tool) expect(tool.member, name).toBe(name);
  });

  it('Terraform is the version the GitHub workflows set up', () => {
    expect(TOOLS.terraform.version).toBe(TERRAFORM_CI_VERSION);
  });
});
