import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { load } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { unchangedReport } from '../src/check/unchanged.js';
import { withDefaults } from '../src/config/defaults.js';
import { resolveAnswers } from '../src/config/load.js';
import { InputError } from '../src/core/errors.js';
import { buildTree } from '../src/core/files.js';
import { generate } from '../src/core/pipeline.js';
import { parseLock } from '../src/lock/lock.js';
import { diffAgainstDisk } from '../src/write/writer.js';
import { readTree, runCli, tempDir } from './helpers/run-cli.js';
import { formatFindings, validateTree, type Tree } from './validators/index.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const git = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');
const commit = (dir: string, message: string): void => {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
};
const API_CI = '.github/workflows/api-ci.yml';
const WORKFLOW_VALIDATORS = ['actionlint', 'shellcheck', 'actions-hardening', 'yamllint'];

/** A git repository with services/api and services/web generated in one run, and committed. */
async function monorepo(): Promise<string> {
  const { dir: root, cleanup } = tempDir('cds-monorepo-');
  cleanups.push(cleanup);
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.name', 'Test');
  git(root, 'config', 'user.email', 'test@example.com');
  git(root, 'config', 'commit.gpgsign', 'false');
  git(root, 'remote', 'add', 'origin', 'https://github.com/acme/shop.git');
  for (const s of ['api', 'web']) mkdirSync(join(root, 'services', s), { recursive: true });
  const run = await runCli(['services/api', 'services/web', '--yes'], root);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  commit(root, 'generate');
  return root;
}

/** A stack's files as the repository sees them (its directory prefixed, root files at the root). */
async function repositoryTree(answers: Parameters<typeof withDefaults>[0]): Promise<Tree> {
  const { tree } = await generate(withDefaults(answers));
  const dir = answers.directory ?? '';
  return new Map([...tree.values()].map((f) => [posix.join(dir, f.path), { ...f, path: posix.join(dir, f.path) }]));
}

interface CheckJson {
  ok: boolean;
  stacks: { dir: string; ok: boolean; files: { path: string; status: string }[] }[];
}

describe('stacks below the repository root (monorepo)', () => {
  it('writes each stack\'s workflows at the repository root, filtered to its directory and running in it', async () => {
    const root = await monorepo();
    const files = [...readTree(root).keys()].filter((p) => !p.startsWith('.git/'));
    expect(files.filter((p) => p.startsWith('.github/')).sort()).toEqual([
      '.github/workflows/api-ci.yml',
      '.github/workflows/api-deploy.yml',
      '.github/workflows/web-ci.yml',
      '.github/workflows/web-deploy.yml',
    ]);
    expect(files.filter((p) => p.startsWith('services/') && p.includes('.github/'))).toEqual([]);
    for (const [name, kind] of [['api', 'ci'], ['api', 'deploy'], ['web', 'ci'], ['web', 'deploy']] as const) {
      const file = `.github/workflows/${name}-${kind}.yml`;
      const doc = load(read(root, file)) as { name: string; on: Record<string, { paths?: string[] }>; defaults: unknown; jobs: Record<string, { steps: { with?: Record<string, unknown> }[] }> };
      expect(doc.name).toBe(`${kind === 'ci' ? 'CI' : 'Deploy'} (${name})`);
      // CI also runs on an edit of the stack's deploy workflow (one pattern for both), so that stack-check sees it.
      const own = kind === 'ci' ? `.github/workflows/${name}-*.yml` : file;
      expect(doc.on['push']?.paths).toEqual([`services/${name}/**`, own]);
      if (kind === 'ci') expect(doc.on['pull_request']?.paths).toEqual([`services/${name}/**`, own]);
      expect(doc.defaults).toEqual({ run: { 'working-directory': `services/${name}` } });
      const contexts = Object.values(doc.jobs).flatMap((j) => j.steps.flatMap((s) => (s.with?.['context'] === undefined ? [] : [s.with['context']])));
      expect(contexts.length).toBeGreaterThan(0);
      expect(new Set(contexts)).toEqual(new Set([`services/${name}`]));
    }
    expect(read(root, 'services/api/devops-stack.yaml')).toContain('directory: services/api\n');
    expect(read(root, 'services/api/devops-stack.yaml')).toContain('repository: acme/shop\n');
    const lock = parseLock(read(root, 'services/api/devops-stack.lock.json'));
    expect(lock.files['../../.github/workflows/api-ci.yml']?.mode).toBe('managed');
    expect(Object.keys(lock.files).filter((p) => p.includes('web-'))).toEqual([]);
    // Each stack its own role variable and concurrency groups: they share the repository's environments.
    expect(read(root, '.github/workflows/api-deploy.yml')).toContain('vars.AWS_DEPLOY_ROLE_ARN_API');
    expect(read(root, '.github/workflows/web-deploy.yml')).toContain('group: web-deploy-prod');
  });

  it('the root workflows pass actionlint, shellcheck, the hardening rules and yamllint', async () => {
    const root = await monorepo();
    const tree: Tree = new Map([...readTree(root)].filter(([p]) => p.startsWith('.github/')).map(([path, content]) => [path, { path, content }]));
    const { findings } = await validateTree(tree, { only: WORKFLOW_VALIDATORS });
    expect(findings, formatFindings(findings)).toEqual([]);
  });

  it.each([
    ['T2', { stack: 'python' as const }],
    ['T3', { stack: 'go' as const, backingServices: ['postgres' as const] }],
  ])('%s workflows below the root pass the same validators, every action path prefixed', async (tier, extra) => {
    const tree = await repositoryTree({ name: 'api', tier: tier as 'T2' | 'T3', directory: 'services/api', ...extra });
    const workflows = [...tree.values()].filter((f) => f.path.startsWith('.github/'));
    expect(workflows.map((f) => f.path).sort()).toEqual(['.github/workflows/api-ci.yml', '.github/workflows/api-deploy.yml']);
    // The repository's own actionlint.yaml lists the labels the integration guide names (T3 self-hosted runners).
    const guide = tree.get('services/api/docs/devops/integration-guide.md')!.content;
    const labels = [...(/Under `self-hosted-runner\.labels:`: (.*)\./.exec(guide)?.[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    expect(labels.length > 0).toBe(tier === 'T3');
    const config = { path: '.github/actionlint.yaml', content: `self-hosted-runner:\n  labels:\n${labels.map((l) => `    - ${l}\n`).join('')}` };
    const { findings } = await validateTree(new Map([...workflows.map((f) => [f.path, f] as const), [config.path, config]]), { only: WORKFLOW_VALIDATORS });
    expect(findings, formatFindings(findings)).toEqual([]);
    type Job = { defaults?: { run: { 'working-directory': string } }; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] };
    const PATH_INPUTS = ['context', 'sarif_file', 'scan-ref', 'cache-dependency-path', 'go-version-file', 'path', 'input', 'output-file'];
    for (const workflow of workflows) {
      const { jobs } = load(workflow.content) as { jobs: Record<string, Job> };
      for (const [id, job] of Object.entries(jobs)) {
        const checksOut = job.steps.some((step) => step.uses?.startsWith('actions/checkout@'));
        // A job that checks nothing out has no stack directory: it runs in the workspace, or bash would not start.
        if (!checksOut && job.steps.some((step) => step.run)) expect(job.defaults?.run['working-directory'], `${workflow.path} ${id}`).toBe('.');
        for (const step of checksOut ? job.steps : []) {
          for (const input of PATH_INPUTS.filter((name) => step.with && name in step.with)) {
            // The stack's directory itself (build context, scan root, download-artifact), or a path in it.
            expect(String(step.with![input]), `${workflow.path} ${id} ${input}`).toMatch(/^services\/api(\/|$)/);
          }
          // CodeQL is limited to the stack by its paths, not source-root (which would misplace every alert).
          if (step.uses?.startsWith('github/codeql-action/init@')) expect(step.with).toMatchObject({ config: 'paths: [services/api]' });
          expect(step.with ?? {}).not.toHaveProperty('source-root');
        }
      }
    }
    // CI runs on an edit of either of the stack's workflows, so that stack-check sees them all.
    const ci = load(tree.get('.github/workflows/api-ci.yml')!.content) as { on: { pull_request: { paths: string[] } } };
    expect(ci.on.pull_request.paths).toEqual(['services/api/**', '.github/workflows/api-*.yml']);
    // Each stack keeps its own image build cache.
    expect(workflows.map((f) => f.content).join('\n')).toContain('cache-from: type=gha,scope=api');
    // Dependabot reads one file per repository: the stack documents its entries instead of writing it.
    expect(tree.has('.github/dependabot.yml')).toBe(false);
    expect(guide).toContain('directory: /services/api\n');
    expect(guide).toContain('- /services/api/infra/terraform\n');
  });

  it('check at the root reports both stacks clean, and a hand edit of one root workflow for that stack only', async () => {
    const root = await monorepo();
    const clean = await runCli(['check', '--json'], root);
    expect(clean.code, clean.stdout).toBe(0);
    const report = JSON.parse(clean.stdout) as CheckJson;
    expect(report.stacks.map((s) => [s.dir, s.ok])).toEqual([['services/api', true], ['services/web', true]]);
    expect(report.stacks[0]!.files.find((f) => f.path === `../../${API_CI}`)?.status).toBe('clean');

    writeFileSync(join(root, API_CI), `${read(root, API_CI)}# reviewed by the platform team\n`);
    const edited = await runCli(['check', '--json'], root);
    expect(edited.code).toBe(1);
    const after = JSON.parse(edited.stdout) as CheckJson;
    expect(after.stacks.map((s) => [s.dir, s.ok])).toEqual([['services/api', false], ['services/web', true]]);
    expect(after.stacks[0]!.files.filter((f) => f.status !== 'clean')).toEqual([expect.objectContaining({ path: `../../${API_CI}`, status: 'user-modified' })]);
  });

  it('check answers an unchanged stack from its lock, but not once the stack moved from its directory', async () => {
    const root = await monorepo();
    expect(parseLock(read(root, 'services/api/devops-stack.lock.json')).directory).toBe('services/api');
    expect(unchangedReport(join(root, 'services/api'), 'services/api')?.ok).toBe(true);
    // The lock's directory is bound into its digest: taken out alone, the shortcut steps aside.
    const lockPath = join(root, 'services/api/devops-stack.lock.json');
    const lockText = readFileSync(lockPath, 'utf8');
    const { directory: _, ...withoutDirectory } = JSON.parse(lockText) as Record<string, unknown>;
    writeFileSync(lockPath, JSON.stringify(withoutDirectory, null, 2));
    expect(unchangedReport(join(root, 'services/api'), 'services/api')).toBeUndefined();
    writeFileSync(lockPath, lockText);
    // Moved to apps/api: the root workflows are untouched, but they filter on services/api.
    mkdirSync(join(root, 'apps'));
    renameSync(join(root, 'services', 'api'), join(root, 'apps', 'api'));
    expect(unchangedReport(join(root, 'apps/api'), 'apps/api')).toBeUndefined();
    const moved = await runCli(['check', 'apps/api'], root);
    expect(moved.code).toBe(2);
    expect(moved.stderr).toContain('directory');
  });

  it('upgrade of one stack keeps the edit of its root workflow and touches nothing of the other', async () => {
    const root = await monorepo();
    const HAND = '# reviewed by the platform team\n';
    writeFileSync(join(root, API_CI), `${read(root, API_CI)}${HAND}`);
    // An uncommitted edit of a root workflow makes the tree dirty for that stack's upgrade.
    const dirty = await runCli(['upgrade', 'services/api'], root);
    expect(dirty.code, dirty.stdout + dirty.stderr).toBe(2);
    expect(dirty.stderr).toContain('api-ci.yml');
    commit(root, 'hand edit');
    const api = join(root, 'services/api');
    writeFileSync(join(api, 'devops-stack.yaml'), read(api, 'devops-stack.yaml').replace('region: us-east-1', 'region: eu-west-1'));
    commit(root, 'api to eu-west-1');
    const before = readTree(join(root, 'services/web'));
    const webDeploy = read(root, '.github/workflows/web-deploy.yml');
    const run = await runCli(['upgrade', 'services/api', '--json'], root);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { files: { path: string; action: string }[] };
    expect(report.files.find((f) => f.path === `../../${API_CI}`)?.action).toBe('kept-edit');
    expect(report.files.find((f) => f.path === '../../.github/workflows/api-deploy.yml')?.action).toBe('updated');
    expect(read(root, API_CI)).toContain(HAND);
    expect(read(root, '.github/workflows/api-deploy.yml')).toContain('aws-region: eu-west-1');
    expect(readTree(join(root, 'services/web'))).toEqual(before);
    expect(read(root, '.github/workflows/web-deploy.yml')).toBe(webDeploy);
  });

  it('upgrade stops, writing nothing, when the answers drop the directory of a stack with root workflows', async () => {
    const root = await monorepo();
    const api = join(root, 'services/api');
    writeFileSync(join(api, 'devops-stack.yaml'), read(api, 'devops-stack.yaml').replace('directory: services/api\n', ''));
    commit(root, 'api standalone');
    const run = await runCli(['upgrade', 'services/api'], root);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toContain('../../.github/workflows/api-ci.yml');
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('writes nothing when the answers name another directory than the stack\'s, and validates the value', async () => {
    const root = await monorepo();
    mkdirSync(join(root, 'apps/api'), { recursive: true });
    // Copied answers still say services/api: the stack in apps/api must not write that stack's root files.
    writeFileSync(join(root, 'apps/api/devops-stack.yaml'), read(root, 'services/api/devops-stack.yaml'));
    const run = await runCli(['apps/api', '--yes'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('directory');
    expect(existsSync(join(root, 'apps/api/Dockerfile'))).toBe(false);
    // At most 48 characters (the token budgets are measured with the longest directory allowed).
    for (const directory of ['../x', '/abs', 'a/./b', 'a/..', 'a/', 'a b', 'a/*', `services/${'a'.repeat(40)}`]) {
      expect(() => resolveAnswers({ name: 'api', directory }), directory).toThrow(InputError);
    }
    expect(resolveAnswers({ name: 'api', directory: 'services/api' }).directory).toBe('services/api');
  });

  it('links each alert to its runbook in the stack\'s own observability.md', async () => {
    const { tree } = await generate(resolveAnswers({ name: 'api', repository: 'acme/shop', directory: 'services/api' }));
    const rules = tree.get('deploy/observability/prometheusrule.yaml')!.content;
    expect(rules).toContain('runbook_url: https://github.com/acme/shop/blob/main/services/api/docs/devops/observability.md#higherrorratio\n');
    expect(rules).not.toContain('/blob/main/docs/');
  });

  it('the guides name the root workflows by their path in the repository', async () => {
    const root = await monorepo();
    const guides = ['integration-guide.md', 'validation-checklist.md'].map((f) => read(root, `services/api/docs/devops/${f}`)).join('\n');
    expect(guides).toContain('`.github/workflows/api-deploy.yml`');
    expect(guides).toContain('`.github/workflows/api-ci.yml`');
    expect(guides).not.toContain('../');
  });

  it('next to GitLab CI at the repository root, writes the stack its own .gitlab-ci.yml and leaves the root one as it is', async () => {
    const { dir: root, cleanup } = tempDir('cds-monorepo-ci-');
    cleanups.push(cleanup);
    git(root, 'init', '-q', '-b', 'main');
    writeFileSync(join(root, '.gitlab-ci.yml'), 'test:\n  script: make test\n');
    mkdirSync(join(root, 'services/api'), { recursive: true });
    const offered = await runCli(['services/api', '--yes'], root);
    expect(offered.code, offered.stderr).toBe(0);
    expect(read(root, '.gitlab-ci.yml')).toBe('test:\n  script: make test\n');
    expect(read(root, 'services/api/.gitlab-ci.yml')).toContain('api:deploy-prod:');
    expect(read(root, 'services/api/docs/devops/integration-guide.md')).toContain('`- local: services/api/.gitlab-ci.yml`');
    // Travis CI is not generated for: the run stops unless a CI platform is asked for.
    writeFileSync(join(root, '.travis.yml'), 'language: node_js\n');
    mkdirSync(join(root, 'services/web'), { recursive: true });
    rmSync(join(root, '.gitlab-ci.yml'));
    const stopped = await runCli(['services/web', '--yes'], root);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain('../../.travis.yml');
    const chosen = await runCli(['services/web', '--yes', '--ci', 'github-actions'], root);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(existsSync(join(root, '.github/workflows/web-ci.yml'))).toBe(true);
  });

  it('a stack at the root keeps the shared dependabot.yml open to the entries of the stacks below it', async () => {
    const { dir: root, cleanup } = tempDir('cds-monorepo-shared-');
    cleanups.push(cleanup);
    git(root, 'init', '-q', '-b', 'main');
    expect((await runCli(['.', '--yes', '--name', 'web', '--tier', 'T2'], root)).code).toBe(0);
    mkdirSync(join(root, 'services/api'), { recursive: true });
    expect((await runCli(['services/api', '--yes', '--name', 'api', '--tier', 'T2'], root)).code).toBe(0);
    // As the api stack's integration guide says: its entries go into the root's dependabot.yml.
    writeFileSync(join(root, '.github/dependabot.yml'), `${read(root, '.github/dependabot.yml')}  - package-ecosystem: docker\n    directory: /services/api\n    schedule:\n      interval: weekly\n`);
    const run = await runCli(['check', '.', '--json'], root);
    expect(run.code, run.stdout).toBe(0);
    const report = JSON.parse(run.stdout) as { files: { path: string; mode: string; status: string }[] };
    expect(report.files.find((f) => f.path === '.github/dependabot.yml')).toMatchObject({ mode: 'seeded', status: 'user-modified' });
  });

  it('a stack renamed in its answers and generated again leaves no old workflow behind', async () => {
    const root = await monorepo();
    const answersFile = join(root, 'services/api/devops-stack.yaml');
    writeFileSync(answersFile, readFileSync(answersFile, 'utf8').replace(/^name: api$/m, 'name: core'));
    const run = await runCli(['services/api', '--config', 'services/api/devops-stack.yaml', '--yes'], root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('../../.github/workflows/api-deploy.yml');
    expect(existsSync(join(root, API_CI))).toBe(false);
    expect(existsSync(join(root, '.github/workflows/api-deploy.yml'))).toBe(false);
    expect(existsSync(join(root, '.github/workflows/core-ci.yml'))).toBe(true);
    const check = await runCli(['check', 'services/api'], root);
    expect(check.code, check.stdout).toBe(0);
  });

  it('refuses a second stack of the same name, whose root workflows would replace the first one\'s', async () => {
    const root = await monorepo();
    mkdirSync(join(root, 'legacy/api'), { recursive: true });
    const before = read(root, API_CI);
    const run = await runCli(['legacy/api', '--yes', '--name', 'api'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`../../${API_CI}`);
    expect(run.stderr).toContain('another stack with the same name');
    expect(read(root, API_CI)).toBe(before);
  });

  it('the writer reaches the repository root\'s .github/ only when given it', () => {
    const { dir: root, cleanup } = tempDir('cds-reach-');
    cleanups.push(cleanup);
    const stack = join(root, 'services/api');
    const file = (path: string) => buildTree([{ path, content: 'x\n', producer: 'cicd', summary: '' }]);
    const workflows = join(root, '.github', 'workflows');
    expect(() => diffAgainstDisk(file(`../../${API_CI}`), stack)).toThrow(/is outside .* where create-devops-stack may write/);
    expect(diffAgainstDisk(file(`../../${API_CI}`), stack, workflows)[0]?.status).toBe('new');
    expect(() => diffAgainstDisk(file('../../README.md'), stack, workflows)).toThrow(/is outside .* where create-devops-stack may write/);
    expect(() => diffAgainstDisk(file('../../.github'), stack, workflows)).toThrow(/is outside .* where create-devops-stack may write/);
    expect(() => diffAgainstDisk(file('../../.github/CODEOWNERS'), stack, workflows)).toThrow(/is outside .* where create-devops-stack may write/);
  });
});
