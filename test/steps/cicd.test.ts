import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Stack } from '../../src/config/answers.js';
import { buildTree, type FileTree } from '../../src/core/files.js';
import { ACTION_PINS, type PinnedAction } from '../../src/data/action-pins.js';
import type { Plan } from '../../src/plan/types.js';
import { cicdStep } from '../../src/steps/cicd/index.js';
import { planFor } from '../fixtures.js';

type Obj = Record<string, any>;
const STACKS: Stack[] = ['node', 'python', 'go', 'java'];
const AWS_LOGIN = /^aws-actions\/configure-aws-credentials@/;

function generate(plan: Plan): FileTree {
  return buildTree(cicdStep.render(plan));
}
function workflow(tree: FileTree, path: string): Obj {
  return load(tree.get(path)!.content) as Obj;
}
function workflows(plan: Plan, tree = generate(plan)): Obj[] {
  return [plan.paths.ciWorkflow, plan.paths.deployWorkflow].map((p) => workflow(tree, p));
}
const jobsOf = (wf: Obj): [string, Obj][] => Object.entries(wf.jobs as Obj);
const stepsOf = (wf: Obj): Obj[] => jobsOf(wf).flatMap(([, job]) => job.steps as Obj[]);
const assumesRole = (job: Obj): boolean => (job.steps as Obj[]).some((s) => AWS_LOGIN.test(s.uses ?? ''));
function edit(tree: FileTree, path: string, change: (text: string) => string): FileTree {
  const file = tree.get(path)!;
  return buildTree([...tree.values()].filter((f) => f.path !== path).concat({ ...file, content: change(file.content) }));
}

describe.each(STACKS)('the CI/CD step for a %s service', (stack) => {
  const plan = planFor({ stack });
  const tree = generate(plan);

  it('writes both workflows, a Dockerfile and a .dockerignore, identically on every run', () => {
    const { ciWorkflow, deployWorkflow, dockerfile, dockerignore } = plan.paths;
    expect([...tree.keys()].sort()).toEqual([ciWorkflow, deployWorkflow, dockerfile, dockerignore].sort());
    expect(cicdStep.render(plan)).toEqual(cicdStep.render(plan));
    for (const file of tree.values()) expect(file.producer).toBe('cicd');
  });

  it('pins every action to the commit SHA of its release, with the tag as a comment', () => {
    for (const [path, file] of tree) {
      if (!path.endsWith('.yml')) continue;
      const lines = file.content.split('\n').filter((l) => /^\s*(- )?uses:/.test(l));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const m = /uses: ([^@\s]+)@([0-9a-f]{40}) # (\S+)$/.exec(line);
        expect(m, line).not.toBeNull();
        const pin = ACTION_PINS[m![1] as PinnedAction];
        expect(pin, line).toBeDefined();
        expect([m![2], m![3]]).toEqual([pin.sha, pin.tag]);
      }
    }
  });

  it('grants contents: read at the top and id-token: write only to the jobs that assume the deploy role', () => {
    for (const wf of workflows(plan, tree)) {
      expect(wf.permissions).toEqual({ contents: 'read' });
      expect(Object.keys(wf.on)).not.toContain('pull_request_target');
      expect(Object.keys(wf.on)).not.toContain('workflow_run');
      for (const [id, job] of jobsOf(wf)) {
        expect(job['timeout-minutes'], id).toBeGreaterThan(0);
        expect(job['runs-on'], id).toBe('ubuntu-24.04');
        if (assumesRole(job)) {
          expect(job.permissions, id).toEqual({ contents: 'read', 'id-token': 'write' });
          expect(job.environment, id).toBeTruthy();
        } else {
          expect(JSON.stringify(job.permissions ?? {}), id).not.toContain('id-token');
        }
      }
    }
  });

  it('checks out without persisting credentials and never expands an expression inside a script', () => {
    for (const wf of workflows(plan, tree)) {
      for (const step of stepsOf(wf)) {
        if (String(step.uses).startsWith('actions/checkout@')) expect(step.with['persist-credentials']).toBe(false);
        if (step.run) expect(step.run).not.toContain('${{');
      }
    }
  });

  it('tests with the language toolchain and its dependency cache, and builds the image without pushing', () => {
    const ci = workflow(tree, plan.paths.ciWorkflow);
    expect(ci.concurrency).toEqual({ group: '${{ github.workflow }}-${{ github.ref }}', 'cancel-in-progress': true });
    const test = (ci.jobs.test.steps as Obj[]).map((s) => s.run).filter(Boolean);
    const expected = { node: ['npm ci', 'npm test'], python: ['pip install -r requirements.txt', 'python -m pytest'], go: ['go vet ./...', 'go test ./...'], java: ['mvn -B verify'] };
    expect(test).toEqual(expected[stack]);
    const setup = (ci.jobs.test.steps as Obj[])[1]!;
    expect(setup.uses).toMatch(/^actions\/setup-(node|python|go|java)@/);
    expect(setup.with.cache).toBeTruthy();
    const build = (ci.jobs.build.steps as Obj[]).find((s) => String(s.uses).startsWith('docker/build-push-action@'))!;
    expect(build.with).toMatchObject({ push: false, 'cache-from': 'type=gha', 'cache-to': 'type=gha,mode=max' });
  });

  it('writes a multi-stage, non-root Dockerfile on versioned base images', () => {
    const text = tree.get(plan.paths.dockerfile)!.content;
    const from = text.split('\n').filter((l) => l.startsWith('FROM '));
    expect(from).toHaveLength(2);
    // An explicit tag, and a version in it or in the name (distroless: static-debian12:nonroot).
    for (const line of from) expect(line).toMatch(/^FROM (?=\S*\d)[^\s:]+:(?!latest\b)\S+( AS \w+)?$/);
    expect(text).not.toMatch(/:latest\b/);
    expect(text).toContain(`USER ${plan.app.uid}:${plan.app.uid}\n`);
    expect(text).toContain(`EXPOSE ${plan.app.port}\n`);
    expect(tree.get(plan.paths.dockerignore)!.content).toMatch(/^\.git$/m);
  });
});

describe('the deploy workflow', () => {
  it('runs, per environment, exactly the commands the plan gives the guides', () => {
    const plan = planFor();
    const deploy = workflow(generate(plan), plan.paths.deployWorkflow);
    expect(Object.keys(deploy.jobs)).toEqual(['terraform-prod', 'deploy-prod']);
    const scripts = stepsOf(deploy).map((s) => s.run).filter(Boolean).join('\n');
    const c = plan.commands.perEnvironment.prod!;
    for (const command of Object.values(c)) expect(scripts).toContain(command.run);
    const job = deploy.jobs['deploy-prod'];
    expect(job.env).toEqual({ AWS_REGION: 'us-east-1', EKS_CLUSTER: 'shop-api-prod', ECR_REPOSITORY: 'shop-api', IMAGE_NAME: 'shop-api' });
    for (const id of ['terraform-prod', 'deploy-prod']) {
      expect(deploy.jobs[id].environment).toBe('prod');
      expect(deploy.jobs[id].concurrency).toEqual({ group: 'deploy-prod', 'cancel-in-progress': false });
    }
    const rollback = (job.steps as Obj[]).at(-1)!;
    expect(rollback).toMatchObject({ if: "failure() && steps.rollout.outcome == 'failure'", run: c.rollback.run });
    expect((job.steps as Obj[]).find((s) => s.id === 'rollout')!.run).toContain(c.waitForRollout.run);
  });

  it('promotes in order: each environment waits for the previous rollout', () => {
    const plan = planFor({ environments: ['staging', 'prod'] });
    const deploy = workflow(generate(plan), plan.paths.deployWorkflow);
    const needs = Object.fromEntries(jobsOf(deploy).map(([id, job]) => [id, job.needs]));
    expect(needs).toEqual({
      'terraform-staging': undefined,
      'deploy-staging': 'terraform-staging',
      'terraform-prod': 'deploy-staging',
      'deploy-prod': 'terraform-prod',
    });
  });
});

describe('cicdStep.extract', () => {
  it('reads back deploy facts equal to the plan, and the role ARN variable the prod environment needs', () => {
    const plan = planFor();
    const facts = cicdStep.extract(generate(plan), plan);
    const env = plan.environments[0]!;
    expect(facts.workflows).toEqual([plan.paths.ciWorkflow, plan.paths.deployWorkflow]);
    expect(facts.deploys).toEqual([
      {
        environment: 'prod',
        file: plan.paths.deployWorkflow,
        cloud: 'aws',
        region: env.region,
        clusterName: env.clusterName,
        registryRepository: plan.image.repository,
        imagePlaceholder: plan.image.placeholder,
        kustomizeDir: plan.paths.k8sDir,
        applies: [plan.paths.observabilityDir, plan.paths.k8sDir],
        terraformDir: plan.paths.terraformDir,
        backendConfig: env.backendConfigPath,
        varFile: env.tfvarsPath,
      },
    ]);
    expect(facts.needs).toHaveLength(1);
    expect(facts.needs[0]).toMatchObject({
      kind: 'variable',
      name: plan.roleArnVariable,
      scope: { type: 'environment', environment: 'prod' },
      source: 'terraform -chdir=infra/bootstrap output deploy_role_arns',
      file: plan.paths.deployWorkflow,
    });
    expect(facts.needs[0]!.description).toContain(env.deployRoleName);
  });

  it('reports one deploy per environment of a multi-environment pipeline', () => {
    const plan = planFor({ environments: ['staging', 'prod'] });
    const facts = cicdStep.extract(generate(plan), plan);
    expect(facts.deploys.map((d) => [d.environment, d.clusterName, d.varFile])).toEqual([
      ['staging', 'shop-api-staging', 'environments/staging.tfvars'],
      ['prod', 'shop-api-prod', 'environments/prod.tfvars'],
    ]);
    expect(facts.needs.map((n) => n.scope)).toEqual([
      { type: 'environment', environment: 'prod' },
      { type: 'environment', environment: 'staging' },
    ]);
  });

  it('returns the edited value when someone changes the deploy workflow by hand', () => {
    const plan = planFor();
    const tree = edit(generate(plan), plan.paths.deployWorkflow, (t) =>
      t.replace('EKS_CLUSTER: shop-api-prod', 'EKS_CLUSTER: other-cluster').replace('kubectl apply -k deploy/observability', 'kubectl apply -k monitoring'),
    );
    const [deploy] = cicdStep.extract(tree, plan).deploys;
    expect(deploy!.clusterName).toBe('other-cluster');
    expect(deploy!.applies).toEqual(['monitoring', plan.paths.k8sDir]);
  });

  it('gives empty strings for what a hand-written workflow leaves out, and lists settings it does not know', () => {
    const plan = planFor();
    const handWritten = [
      'on: push',
      'env: { SLACK: "${{ secrets.SLACK_WEBHOOK }}" }',
      'jobs:',
      '  ship:',
      '    environment: { name: prod }',
      '    runs-on: ubuntu-24.04',
      '    steps:',
      '      - run: echo "${{ secrets.GITHUB_TOKEN }} ${{ vars[\'REGION\'] }}"',
      '  broken: 42',
      '  pages:',
      '    environment: github-pages',
      '    steps: [{ run: mkdocs gh-deploy }]',
    ].join('\n');
    const files = [
      { path: plan.paths.deployWorkflow, content: handWritten, producer: 'cicd' as const, summary: '' },
      { path: '.github/workflows/bad.yaml', content: 'jobs: [unclosed', producer: 'cicd' as const, summary: '' },
      { path: '.github/workflows/empty.yml', content: '', producer: 'cicd' as const, summary: '' },
    ];
    const facts = cicdStep.extract(buildTree(files), plan);
    expect(facts.workflows).toHaveLength(3);
    expect(facts.deploys).toEqual([
      {
        environment: 'prod',
        file: plan.paths.deployWorkflow,
        cloud: '',
        region: '',
        clusterName: '',
        registryRepository: '',
        imagePlaceholder: '',
        kustomizeDir: '',
        applies: [],
        terraformDir: '',
        backendConfig: '',
        varFile: '',
      },
    ]);
    expect(facts.needs.map((n) => [n.kind, n.name, n.scope.type])).toEqual([
      ['secret', 'SLACK_WEBHOOK', 'repository'],
      ['variable', 'REGION', 'environment'],
    ]);
    expect(facts.needs[0]!.description).toContain('not generated by create-devops-stack');
  });
});

it('keeps the CI/CD files of the default stack within 1,800 tokens', () => {
  const tokens = cicdStep.render(planFor()).reduce((sum, f) => sum + countTokens(f.content), 0);
  expect(tokens).toBeLessThanOrEqual(1800);
});
