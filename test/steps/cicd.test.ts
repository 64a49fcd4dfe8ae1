import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { load } from 'js-yaml';
import { commandsAvailable } from '../../src/integration/rules/commands-available.js';
import type { StackFacts } from '../../src/steps/facts.js';
import { describe, expect, it } from 'vitest';
import type { Stack } from '../../src/config/answers.js';
import { buildTree, type FileTree } from '../../src/core/files.js';
import { ACTION_PINS, type PinnedAction } from '../../src/platforms/ci/github-actions/action-pins.js';
import type { Plan } from '../../src/plan/types.js';
import { cicdStep } from '../../src/steps/cicd/index.js';
import { VERSION } from '../../src/version.js';
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
    expect(Object.keys(workflow(tree, ciWorkflow).jobs)).toEqual(['test', 'build', 'stack-check']);
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

/** A self-hosted target's runner label. */
const label = (t: { runner: { kind: string; label?: string } }): string | undefined => t.runner.label;

describe('the deploy workflow', () => {
  it('runs, per environment, exactly the commands the plan gives the guides', () => {
    const plan = planFor();
    const deploy = workflow(generate(plan), plan.paths.deployWorkflow);
    // T1: an administrator applies Terraform (the setup guide); CI only deploys.
    expect(Object.keys(deploy.jobs)).toEqual(['deploy-prod']);
    const scripts = stepsOf(deploy).map((s) => s.run).filter(Boolean).join('\n');
    const c = plan.commands.perEnvironment.prod!;
    for (const [name, command] of Object.entries(c)) {
      if (name.startsWith('infra')) expect(scripts).not.toContain(command.run);
      else expect(scripts).toContain(command.run);
    }
    const job = deploy.jobs['deploy-prod'];
    // Only what the steps read: region, cluster and image name are in the inputs and commands that use them.
    expect(job.env).toEqual({ ECR_REPOSITORY: 'shop-api-prod' });
    expect((job.steps as Obj[])[1]!.with).toMatchObject({ 'aws-region': 'us-east-1' });
    for (const id of ['deploy-prod']) {
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
    expect(needs).toEqual({ 'deploy-staging': undefined, 'deploy-prod': 'deploy-staging' });
  });
});

describe('cicdStep.extract', () => {
  it('reads back deploy facts equal to the plan, and the deploy role ARN variable the prod environment needs (T1: no Terraform in CI)', () => {
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
        registryRepository: env.targets[0]!.registryRepository,
        imagePlaceholder: plan.image.placeholder,
        kustomizeDir: plan.paths.k8sDir,
        applies: [plan.paths.observabilityDir, plan.paths.k8sDir],
        iacDir: '',
        backendConfig: '',
        varFile: '',
        targetId: 'prod',
        commands: expect.arrayContaining([plan.commands.perEnvironment.prod!.waitForRollout.run]),
        jobs: [
          { id: 'deploy-prod', timeoutMinutes: 20, commands: expect.arrayContaining([plan.commands.perEnvironment.prod!.waitForRollout.run]), onFailure: [plan.commands.perEnvironment.prod!.rollback.run] },
        ],
      },
    ]);
    const byName = Object.fromEntries(facts.needs.map((n) => [n.name, n]));
    expect(Object.keys(byName).sort()).toEqual(['AWS_DEPLOY_ROLE_ARN']);
    expect(byName['AWS_DEPLOY_ROLE_ARN']).toMatchObject({
      kind: 'variable',
      name: plan.identityVariables.roleArn,
      scope: { type: 'environment', environment: 'prod' },
      source: 'terraform -chdir=infra/bootstrap output deploy_role_arns',
      file: plan.paths.deployWorkflow,
    });
    expect(byName['AWS_DEPLOY_ROLE_ARN']!.description).toContain(env.deployIdentity);
  });

  it("reads the infrastructure role ARN variable Terraform's jobs need (T2)", () => {
    const plan = planFor({ tier: 'T2', environments: ['staging', 'prod'] });
    const facts = cicdStep.extract(generate(plan), plan);
    const byName = Object.fromEntries(facts.needs.filter((n) => n.scope.type === 'environment' && n.scope.environment === 'prod').map((n) => [n.name, n]));
    expect(byName['AWS_INFRA_ROLE_ARN']).toMatchObject({
      name: plan.identityVariables.infrastructureRoleArn,
      scope: { type: 'environment', environment: 'prod' },
      source: 'terraform -chdir=infra/bootstrap output infrastructure_role_arns',
    });
    expect(byName['AWS_INFRA_ROLE_ARN']!.description).toContain('shop-api-infra-prod');
  });

  it('logs Terraform in as the infrastructure role and every push, deploy and gate job as the deploy role', () => {
    const plan = planFor({ tier: 'T3', strategy: 'canary' });
    const deploy = workflow(generate(plan), plan.paths.deployWorkflow);
    const logins = jobsOf(deploy).flatMap(([id, job]) =>
      (job.steps as { uses?: string; with?: Record<string, unknown> }[])
        .filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'))
        .map((s) => [id.replace(/-.*/, ''), s.with!['role-to-assume']]),
    );
    expect(new Set(logins.map(([kind, role]) => `${kind} ${role}`))).toEqual(
      new Set(['terraform ${{ vars.AWS_INFRA_ROLE_ARN }}', 'push ${{ vars.AWS_DEPLOY_ROLE_ARN }}', 'deploy ${{ vars.AWS_DEPLOY_ROLE_ARN }}', 'gate ${{ vars.AWS_DEPLOY_ROLE_ARN }}']),
    );
  });

  it('reports one deploy per environment of a multi-environment pipeline', () => {
    const plan = planFor({ tier: 'T2', environments: ['staging', 'prod'] });
    const facts = cicdStep.extract(generate(plan), plan);
    expect(facts.deploys.map((d) => [d.environment, d.clusterName, d.varFile])).toEqual([
      ['staging', 'shop-api-staging', 'environments/staging.tfvars'],
      ['prod', 'shop-api-prod', 'environments/prod.tfvars'],
    ]);
    expect(facts.needs.map((n) => [n.name, n.scope])).toEqual([
      ['AWS_DEPLOY_ROLE_ARN', { type: 'environment', environment: 'prod' }],
      ['AWS_DEPLOY_ROLE_ARN', { type: 'environment', environment: 'staging' }],
      ['AWS_INFRA_ROLE_ARN', { type: 'environment', environment: 'prod' }],
      ['AWS_INFRA_ROLE_ARN', { type: 'environment', environment: 'staging' }],
    ]);
  });

  it('returns the edited value when someone changes the deploy workflow by hand', () => {
    const plan = planFor();
    const tree = edit(generate(plan), plan.paths.deployWorkflow, (t) =>
      t.replace('update-kubeconfig --name shop-api-prod', 'update-kubeconfig --name other-cluster').replace('kubectl apply -k deploy/observability', 'kubectl apply -k monitoring'),
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
        iacDir: '',
        backendConfig: '',
        varFile: '',
        targetId: 'prod',
        commands: ['echo "${{ secrets.GITHUB_TOKEN }} ${{ vars[\'REGION\'] }}"'],
        // No timeout-minutes: GitHub's default, 360.
        jobs: [{ id: 'ship', timeoutMinutes: 360, commands: ['echo "${{ secrets.GITHUB_TOKEN }} ${{ vars[\'REGION\'] }}"'], onFailure: [] }],
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

describe('the stack-check job', () => {
  it('runs the exact generator version at every tier, with SARIF and security-events: write only from T2', () => {
    const t1 = workflow(generate(planFor()), '.github/workflows/ci.yml').jobs['stack-check'];
    expect(t1.permissions).toBeUndefined();
    expect(t1.steps.at(-1).run).toBe(`npx --yes create-devops-stack@${VERSION} check`);
    const t2 = workflow(generate(planFor({ tier: 'T2' })), '.github/workflows/ci.yml').jobs['stack-check'];
    expect(t2.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    expect(t2.steps[1].run).toBe(`npx --yes create-devops-stack@${VERSION} check --sarif stack-check.sarif`);
    expect(t2.steps[2]).toMatchObject({ uses: expect.stringMatching(/^github\/codeql-action\/upload-sarif@/), with: { sarif_file: 'stack-check.sarif' } });
  });
});

describe.each(STACKS)('the T2 security gates for a %s service', (stack) => {
  const plan = planFor({ tier: 'T2', stack });
  const tree = generate(plan);
  const ci = workflow(tree, plan.paths.ciWorkflow);

  it('fail the pipeline on findings: dependency audit, CodeQL, secret scan and image scan', () => {
    expect(Object.keys(ci.jobs)).toEqual(['test', 'build', 'stack-check', 'alert-tests', 'audit', 'codeql', 'secret-scan']);
    const trivySteps = stepsOf(ci).filter((s) => String(s.uses).startsWith('aquasecurity/trivy-action@'));
    for (const s of trivySteps) {
      const gate = s.with.scanners === 'secret' ? { 'exit-code': '1' } : { 'exit-code': '1', severity: 'HIGH,CRITICAL', 'ignore-unfixed': true };
      expect(s.with).toMatchObject(gate);
    }
    expect(trivySteps.map((s) => s.with.scanners).sort()).toEqual((stack === 'java' ? ['secret', 'vuln', 'vuln'] : ['secret', 'vuln']).sort());
    const audit = (ci.jobs.audit.steps as Obj[]).map((s) => s.run).filter(Boolean);
    const expected = { node: ['npm audit --audit-level=high'], python: ['pip install pip-audit==2.10.1', 'pip-audit -r requirements.txt'], go: ['go run golang.org/x/vuln/cmd/govulncheck@v1.1.4 ./...'], java: [] };
    expect(audit).toEqual(expected[stack]);
    const init = (ci.jobs.codeql.steps as Obj[]).find((s) => String(s.uses).startsWith('github/codeql-action/init@'))!;
    expect(init.with.languages).toBe({ node: 'javascript-typescript', python: 'python', go: 'go', java: 'java-kotlin' }[stack]);
    expect(init.with['build-mode']).toBe(stack === 'go' ? 'autobuild' : 'none');
    const build = (ci.jobs.build.steps as Obj[]).find((s) => String(s.uses).startsWith('docker/build-push-action@'))!;
    const scan = (ci.jobs.build.steps as Obj[]).at(-1)!;
    expect(build.with).toMatchObject({ push: false, load: true, tags: 'shop-api:ci' });
    expect(scan.with['image-ref']).toBe('shop-api:ci');
  });

  it('grant security-events: write only to the jobs that upload SARIF', () => {
    for (const wf of workflows(plan, tree)) {
      for (const [id, job] of jobsOf(wf)) {
        const writes = Object.entries(job.permissions ?? {}).filter(([, v]) => v === 'write').map(([k]) => k).sort();
        const expected = id === 'codeql' || id === 'stack-check' ? ['security-events'] : assumesRole(job) ? ['id-token'] : [];
        expect(writes, id).toEqual(expected);
      }
    }
  });

  it('keeps dependencies current with grouped weekly Dependabot updates', () => {
    const config = load(tree.get('.github/dependabot.yml')!.content) as Obj;
    const ecosystems = (config.updates as Obj[]).map((u) => [u['package-ecosystem'], u.directory ?? u.directories]);
    expect(ecosystems).toEqual([
      ['github-actions', '/'],
      ['docker', '/'],
      ['terraform', ['/infra/terraform', '/infra/bootstrap']],
      [{ node: 'npm', python: 'pip', go: 'gomod', java: 'maven' }[stack], '/'],
    ]);
    for (const u of config.updates as Obj[]) {
      expect(u.schedule).toEqual({ interval: 'weekly' });
      expect(u.groups).toBeTruthy();
    }
  });
});

describe('the T2 deploy workflow', () => {
  const plan = planFor({ tier: 'T2' });
  const deploy = workflow(generate(plan), plan.paths.deployWorkflow);

  it('promotes in order: each environment waits for the previous rollout, every deploy for the one build', () => {
    const needs = Object.fromEntries(jobsOf(deploy).map(([id, job]) => [id, job.needs]));
    expect(needs).toEqual({
      build: undefined,
      'terraform-dev': undefined,
      'deploy-dev': ['terraform-dev', 'build'],
      'terraform-staging': 'deploy-dev',
      'deploy-staging': ['terraform-staging', 'build'],
      'terraform-prod': 'deploy-staging',
      'deploy-prod': ['terraform-prod', 'build'],
    });
    for (const env of plan.environments) {
      expect(deploy.jobs[`terraform-${env.name}`].environment).toBe(env.name);
      expect(deploy.jobs[`deploy-${env.name}`].environment).toBe(env.name);
    }
  });

  it('builds once into an OCI archive and pushes that archive to every environment with its digest preserved', () => {
    const build = (deploy.jobs.build.steps as Obj[]).find((s) => s.id === 'build')!;
    expect(build.with).toMatchObject({ outputs: 'type=oci,dest=image.tar', provenance: false });
    expect(deploy.jobs.build.outputs.digest).toBe('${{ steps.build.outputs.digest }}');
    for (const env of plan.environments) {
      const job = deploy.jobs[`deploy-${env.name}`];
      expect(job.env).toEqual({ ECR_REPOSITORY: `shop-api-${env.name}`, DIGEST: '${{ needs.build.outputs.digest }}' });
      expect((job.steps as Obj[])[1]!.with).toMatchObject({ 'aws-region': env.region });
      const scripts = (job.steps as Obj[]).map((s) => s.run ?? '').join('\n');
      expect(scripts).toContain('skopeo copy --preserve-digests oci-archive:image.tar "docker://');
      expect(scripts).toContain('echo "IMAGE=${REGISTRY}/${ECR_REPOSITORY}@${DIGEST}" >> "$GITHUB_ENV"');
      expect(scripts).toContain(plan.commands.perTarget[env.name]!.setImage.run);
      expect(scripts).not.toMatch(/docker build|build-push-action/);
      expect(job['runs-on']).toBe('ubuntu-24.04');
    }
  });

  it('waits for an Argo Rollout with the pinned, checksum-verified kubectl plugin', () => {
    const canary = planFor({ tier: 'T2', strategy: 'canary' });
    const tree = generate(canary);
    const steps = workflow(tree, canary.paths.deployWorkflow).jobs['deploy-prod'].steps as Obj[];
    const install = steps.findIndex((s) => s.run === '.github/scripts/install-tools.sh kubectl-argo-rollouts');
    const rollout = steps.findIndex((s) => s.id === 'rollout');
    expect(install).toBeGreaterThan(-1);
    expect(install).toBeLessThan(rollout);
    const script = tree.get('.github/scripts/install-tools.sh')!;
    expect(script.executable).toBe(true);
    expect(script.content).toMatch(/url=https:\/\/github\.com\/argoproj\/argo-rollouts\/releases\/download\/v[\d.]+\/kubectl-argo-rollouts-linux-amd64\n\s+sha256=[0-9a-f]{64}\n/);
    expect(script.content).toContain('echo "$sha256  $bin/$tool.download" | sha256sum -c -');
    expect(script.content).not.toMatch(/\| *(ba)?sh\b/);
    expect(steps[rollout]!.run).toContain(canary.commands.perTarget.prod!.waitForRollout.run);
    expect(steps.at(-1)!.run).toBe(canary.commands.perTarget.prod!.rollback.run);
    expect(generate(planFor({ tier: 'T2' })).has('.github/scripts/install-tools.sh')).toBe(false);
  });

  it('reads back one deploy fact per environment, in promotion order', () => {
    const facts = cicdStep.extract(generate(plan), plan);
    expect(facts.environmentOrder).toEqual(['dev', 'staging', 'prod']);
    expect(facts.deploys.map((d) => [d.targetId, d.kustomizeDir])).toEqual(plan.environments.map((e) => [e.name, e.kustomizeDir]));
  });
});

describe('the T3 deploy workflow', () => {
  const plan = planFor({ tier: 'T3', backingServices: ['postgres'] });
  const tree = generate(plan);
  const deploy = workflow(tree, plan.paths.deployWorkflow);
  const runs = (job: Obj): string[] => (job.steps as Obj[]).map((s) => s.run ?? '');
  const indexOf = (job: Obj, text: string): number => runs(job).findIndex((r) => r.includes(text));

  it('grants supply-chain permissions only to the jobs that sign and attest', () => {
    for (const [id, job] of jobsOf(deploy)) {
      const signs = (job.steps as Obj[]).some((s) => String(s.uses).startsWith('actions/attest-build-provenance@'));
      // At T3 the deploy runs inside the VPC; the push (and signing) runs before it on a hosted runner.
      expect(signs, id).toBe(id.startsWith('push-'));
      if (signs) expect(job.permissions, id).toEqual({ contents: 'read', 'id-token': 'write', attestations: 'write' });
      else expect(JSON.stringify(job.permissions ?? {}), id).not.toContain('attestations');
    }
    const job = deploy.jobs['push-prod'];
    expect(runs(job)).toContain('cosign sign --yes "$IMAGE"');
    const attest = (job.steps as Obj[]).find((s) => String(s.uses).startsWith('actions/attest-build-provenance@'))!;
    expect(attest.with).toEqual({ 'subject-name': '${{ steps.ecr.outputs.registry }}/${{ env.ECR_REPOSITORY }}', 'subject-digest': '${{ needs.build.outputs.digest }}', 'push-to-registry': true });
    const sbom = (deploy.jobs.build.steps as Obj[]).find((s) => String(s.uses).startsWith('anchore/sbom-action@'))!;
    expect(sbom.with.format).toBe('spdx-json');
    // How to verify is written where the signing happens.
    const header = tree.get(plan.paths.deployWorkflow)!.content.split('\nname:')[0]!;
    expect(header).toContain('#   cosign verify "$IMAGE"');
    expect(header).toContain('#   gh attestation verify "oci://$IMAGE" --repo acme/shop-api');
  });

  it('tests the plan and the rendered manifests with conftest before applying them', () => {
    for (const target of plan.environments.flatMap((e) => e.targets)) {
      const tf = deploy.jobs[`terraform-${target.id}`];
      const c = plan.commands.perTarget[target.id]!;
      expect(indexOf(tf, 'conftest test tfplan.json -p policy')).toBeGreaterThan(indexOf(tf, c.infraPlan.run));
      expect(indexOf(tf, 'conftest test tfplan.json')).toBeLessThan(indexOf(tf, c.infraApply.run));
      const job = deploy.jobs[`deploy-${target.id}`];
      const conftest = indexOf(job, '| conftest test -p policy -');
      expect(conftest).toBeGreaterThan(indexOf(job, c.setImage.run));
      expect(conftest).toBeLessThan(indexOf(job, c.applyObservability!.run));
      expect(conftest).toBeLessThan(indexOf(job, c.applyManifests.run));
    }
    expect(runs(deploy.jobs['policy-test'])).toContain('opa test policy -v');
    expect(deploy.jobs['terraform-dev'].needs).toBe('policy-test');
    for (const name of ['terraform.rego', 'terraform_test.rego', 'kubernetes.rego', 'kubernetes_test.rego']) {
      const rego = tree.get(`policy/${name}`)!.content;
      expect(rego).toMatch(/^package main\n\nimport rego\.v1\n/m);
    }
    expect(tree.get('policy/kubernetes.rego')!.content).toContain('deny contains msg if {');
  });

  it('runs migrations after the image is pushed and before the workload is applied', () => {
    for (const target of plan.environments.flatMap((e) => e.targets)) {
      const job = deploy.jobs[`deploy-${target.id}`];
      const c = plan.commands.perTarget[target.id]!;
      // The second region keeps backups of the primary's database, and has none to migrate.
      if (!target.primary) {
        expect(c.runMigrations).toBeUndefined();
        expect(runs(job).join('\n')).not.toContain('job/shop-api-migrate');
        continue;
      }
      // The image is pushed by the job before (the runner inside the VPC does not push).
      expect(job.needs).toBe(`push-${target.id}`);
      expect(indexOf(deploy.jobs[`push-${target.id}`], 'skopeo copy')).toBeGreaterThanOrEqual(0);
      expect(indexOf(job, c.runMigrations!.run)).toBeLessThan(indexOf(job, c.applyManifests.run));
    }
    const facts = cicdStep.extract(tree, plan);
    for (const d of facts.deploys.filter((d) => plan.environments.some((e) => e.targets.some((t) => t.id === d.targetId && t.primary)))) {
      const first = (line: string): number => d.commands.findIndex((c) => c.includes(line));
      expect(first('kubectl wait --for=condition=complete'), d.targetId).toBeLessThan(first(`kubectl apply -k ${plan.environments.find((e) => e.name === d.environment)!.kustomizeDir}`));
    }
  });

  it('finds what a job inside the VPC lacks when its runner image does not add the tools (commands-available)', () => {
    const without = new Map(tree);
    without.delete('.github/runner/Dockerfile');
    const facts = cicdStep.extract(without, plan);
    const findings = commandsAvailable.check({ plan, facts: { cicd: facts } as StackFacts, tree: without });
    const deployProd = findings.find((f) => f.message.includes('job deploy-prod ') && f.message.includes('does not have'))!.message;
    for (const tool of ['aws', 'kustomize', 'kubectl']) expect(deployProd).toContain(tool);
    expect(findings.some((f) => /job push-prod /.test(f.message))).toBe(false);
  });

  it('deploys the second region only after the primary passed its gate', () => {
    const prod = plan.environments.at(-1)!;
    const second = prod.targets[1]!;
    expect(deploy.jobs['gate-prod'].needs).toBe('deploy-prod');
    expect(deploy.jobs[`terraform-${second.id}`].needs).toBe('gate-prod');
    expect(deploy.jobs[`push-${second.id}`].needs).toEqual([`terraform-${second.id}`, 'build']);
    expect(deploy.jobs[`deploy-${second.id}`].needs).toBe(`push-${second.id}`);
    for (const id of ['gate-prod', `terraform-${second.id}`, `push-${second.id}`, `deploy-${second.id}`]) expect(deploy.jobs[id].environment).toBe('prod');
    const gate = runs(deploy.jobs['gate-prod']).join('\n');
    expect(gate).toContain(plan.commands.perTarget.prod!.waitForRollout.run);
    expect(gate).toContain("kubectl get --raw '/api/v1/namespaces/monitoring/services/kube-prometheus-stack-prometheus:9090/proxy/api/v1/alerts' | jq -e");
    expect((deploy.jobs[`deploy-${second.id}`].steps as Obj[])[1]!.with).toMatchObject({ 'aws-region': second.region });
    expect((deploy.jobs[`push-${second.id}`].steps as Obj[])[0]!.with).toMatchObject({ 'aws-region': second.region });
    // The runners inside the VPC have the tools their jobs run: the runner image adds them to actions-runner.
    expect(tree.get('.github/runner/Dockerfile')!.content).toMatch(/^FROM ghcr\.io\/actions\/actions-runner:/m);
    expect(deploy.jobs[`deploy-${second.id}`].env).toEqual({ IMAGE: `\${{ needs.push-${second.id}.outputs.image }}` });
    // T3 deploys from runners inside each target's VPC (private API endpoint); actionlint is told their labels.
    expect(deploy.jobs[`deploy-${second.id}`]['runs-on']).toBe(label(second));
    expect(deploy.jobs['gate-prod']['runs-on']).toBe(label(prod.targets[0]!));
    const labels = (load(tree.get('.github/actionlint.yaml')!.content) as Obj)['self-hosted-runner'].labels;
    expect(labels).toEqual(plan.environments.flatMap((e) => e.targets.map((t) => label(t))));
    const facts = cicdStep.extract(tree, plan);
    expect(facts.deploys.map((d) => d.targetId)).toEqual(['dev', 'staging', 'prod', second.id]);
    expect(facts.environmentOrder).toEqual(['dev', 'staging', 'prod']);
  });

  it('collects every gate into a compliance report, even when one failed', () => {
    const report = deploy.jobs['compliance-report'];
    expect(report.if).toBe('always()');
    expect(report.needs).toEqual(Object.keys(deploy.jobs).filter((id) => id !== 'compliance-report'));
    expect(runs(report).join('\n')).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect((report.steps as Obj[]).at(-1)!.uses).toMatch(/^actions\/upload-artifact@/);
  });
});
