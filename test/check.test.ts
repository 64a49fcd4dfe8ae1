import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli, tempDir } from './helpers/run-cli.js';

// check runs in CI on every pull request: one process, files only. Any child process fails the test.
vi.mock('node:child_process', () => {
  const refuse = (): never => {
    throw new Error('check must not start a child process');
  };
  return { execFileSync: refuse, execFile: refuse, spawn: refuse, spawnSync: refuse, exec: refuse, execSync: refuse, fork: refuse };
});

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

interface CheckJson {
  ok: boolean;
  counts: Record<string, number>;
  files: { path: string; mode: string; status: string }[];
  findings: { ruleId: string; level: string; message: string; files: string[]; remedy: string }[];
}

async function generated(): Promise<{ cwd: string; dir: string }> {
  const { dir: cwd, cleanup } = tempDir('cds-check-');
  cleanups.push(cleanup);
  const run = await runCli(['app', '--yes', '--name', 'shop-api'], cwd);
  expect(run.code, run.stderr).toBe(0);
  return { cwd, dir: join(cwd, 'app') };
}

async function check(cwd: string, ...extra: string[]): Promise<{ code: number; report: CheckJson }> {
  const run = await runCli(['check', 'app', '--json', ...extra], cwd);
  return { code: run.code, report: JSON.parse(run.stdout) as CheckJson };
}

const edit = (dir: string, path: string, change: (t: string) => string): void => writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));
const DEPLOY = '.github/workflows/deploy.yml';

describe('create-devops-stack check', () => {
  it('is clean right after generation: exit 0, every file clean', async () => {
    const { cwd } = await generated();
    const { code, report } = await check(cwd);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([]);
    expect(report.files.every((f) => f.status === 'clean')).toBe(true);
    expect(report.counts['clean']).toBeGreaterThan(20);
  });

  it('reports a hand-edited managed file as user-modified (exit 1), and an edited seeded file only as a note', async () => {
    const { cwd, dir } = await generated();
    edit(dir, 'deploy/k8s/service.yaml', (t) => `${t}# reviewed by the platform team\n`);
    edit(dir, 'Dockerfile', (t) => `${t}# our own layer\n`);
    const { code, report } = await check(cwd);
    expect(code).toBe(1);
    expect(report.files.find((f) => f.path === 'deploy/k8s/service.yaml')).toMatchObject({ mode: 'managed', status: 'user-modified' });
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'drift/user-modified', level: 'error', files: ['deploy/k8s/service.yaml'] }));
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'drift/user-modified', level: 'note', files: ['Dockerfile'] }));
  });

  it('fails a hand edit that breaks a consistency rule, naming the rule and both files', async () => {
    const { cwd, dir } = await generated();
    edit(dir, DEPLOY, (t) => t.replace('set image "shop-api=', 'set image "shop-web='));
    const { code, report } = await check(cwd);
    expect(code).toBe(1);
    const finding = report.findings.find((f) => f.ruleId === 'consistency/image-pushed-is-pulled');
    expect(finding).toMatchObject({ level: 'error', files: [DEPLOY, 'deploy/k8s/deployment.yaml'] });
    expect(finding!.message).toContain('shop-web');
    const text = await runCli(['check', 'app'], cwd);
    expect(text.stdout).toContain('consistency/image-pushed-is-pulled');
    expect(text.stdout).toContain('deploy/k8s/deployment.yaml');
  });

  it('reports answers edited without a re-run as answers-changed and the affected files as stale', async () => {
    const { cwd, dir } = await generated();
    edit(dir, 'devops-stack.yaml', (t) => t.replace('region: us-east-1', 'region: eu-west-1'));
    const { code, report } = await check(cwd);
    expect(code).toBe(1);
    expect(report.findings[0]).toMatchObject({ ruleId: 'drift/answers-changed', files: ['devops-stack.yaml'] });
    expect(report.files.find((f) => f.path === 'infra/terraform/environments/prod.tfvars')?.status).toBe('stale');
    expect(report.findings.find((f) => f.ruleId === 'drift/stale' && f.level === 'error')?.remedy).toContain('create-devops-stack upgrade');
  });

  it('reports a deleted managed file as missing and a no-longer-generated one as orphaned', async () => {
    const { cwd, dir } = await generated();
    rmSync(join(dir, 'deploy/k8s/pdb.yaml'));
    // A file this generator writes for other answers (a T2 rollout), left over from them.
    mkdirSync(join(dir, 'deploy/k8s/base'));
    writeFileSync(join(dir, 'deploy/k8s/base/rollout.yaml'), 'kind: Old\n');
    edit(dir, 'devops-stack.lock.json', (t) => {
      const lock = JSON.parse(t) as { files: Record<string, unknown> };
      lock.files['deploy/k8s/base/rollout.yaml'] = { mode: 'managed', sha256: '0'.repeat(64) };
      return JSON.stringify(lock, null, 2);
    });
    const { report } = await check(cwd);
    const status = Object.fromEntries(report.files.map((f) => [f.path, f.status]));
    expect(status).toMatchObject({ 'deploy/k8s/pdb.yaml': 'missing', 'deploy/k8s/base/rollout.yaml': 'orphaned' });
  });

  it('--sarif writes SARIF 2.1.0: one result per finding, with its rule and file location', async () => {
    const { cwd, dir } = await generated();
    edit(dir, DEPLOY, (t) => t.replace('set image "shop-api=', 'set image "shop-web='));
    const { report } = await check(cwd, '--sarif', 'check.sarif');
    const sarif = JSON.parse(readFileSync(join(cwd, 'check.sarif'), 'utf8')) as {
      version: string;
      $schema: string;
      runs: { tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toContain('sarif-2.1.0');
    const [run] = sarif.runs;
    expect(run!.tool.driver.name).toBe('create-devops-stack');
    const ids = run!.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['drift/user-modified', 'drift/stale', 'drift/missing', 'drift/orphaned', 'consistency/image-pushed-is-pulled']));
    expect(run!.results).toHaveLength(report.findings.length);
    for (const result of run!.results) {
      expect(ids[result.ruleIndex]).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
    }
    const rule = run!.results.find((r) => r.ruleId === 'consistency/image-pushed-is-pulled');
    expect(rule!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(`app/${DEPLOY}`);
  });

  it('exits 2 when it cannot run: no lock to compare with', async () => {
    const { cwd, dir } = await generated();
    rmSync(join(dir, 'devops-stack.lock.json'));
    const run = await runCli(['check', 'app'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('devops-stack.lock.json');
  });

  it('checks every stack of a monorepo in one process, from its root or by directory', async () => {
    const { dir: cwd, cleanup } = tempDir('cds-mono-');
    cleanups.push(cleanup);
    for (const name of ['orders', 'payments']) expect((await runCli([`services/${name}`, '--yes'], cwd)).code).toBe(0);
    const root = await runCli(['check', '--json'], cwd);
    expect(root.code, root.stdout).toBe(0);
    const all = JSON.parse(root.stdout) as { ok: boolean; stacks: { dir: string; ok: boolean }[] };
    expect(all.stacks.map((s) => s.dir)).toEqual(['services/orders', 'services/payments']);
    edit(join(cwd, 'services/payments'), DEPLOY, (t) => t.replace('update-kubeconfig --name payments-prod', 'update-kubeconfig --name somewhere-else'));
    const after = await runCli(['check', 'services', '--json'], cwd);
    expect(after.code).toBe(1);
    const stacks = (JSON.parse(after.stdout) as { stacks: { dir: string; ok: boolean }[] }).stacks;
    expect(stacks.map((s) => [s.dir, s.ok])).toEqual([['services/orders', true], ['services/payments', false]]);
    const one = await runCli(['check', 'services/orders', 'services/payments'], cwd);
    expect(one.stdout).toContain('1 of 2 stacks clean.');
  });

  it('after a re-run with other answers, files no longer generated are removed if untouched, and kept and reported if edited', async () => {
    const { dir: cwd, cleanup } = tempDir('cds-check-');
    cleanups.push(cleanup);
    expect((await runCli(['app', '--yes', '--name', 'shop-api', '--tier', 'T2', '--strategy', 'canary'], cwd)).code).toBe(0);
    const dir = join(cwd, 'app');
    const EDITED = 'deploy/k8s/overlays/staging/kustomization.yaml';
    edit(dir, EDITED, (t) => `${t}# ours\n`);
    edit(dir, 'devops-stack.yaml', (t) => t.replace('tier: T2', 'tier: T1').replace('strategy: canary', 'strategy: rolling').replace(/^environments:\n(  - .*\n)+/m, 'environments:\n  - prod\n'));
    const rerun = await runCli(['app', '--config', 'app/devops-stack.yaml', '--yes', '--json'], cwd);
    expect(rerun.code, rerun.stderr).toBe(0);
    const report = JSON.parse(rerun.stdout) as { removed: string[]; kept: { path: string; reason: string }[] };
    expect(report.removed).toContain('deploy/k8s/base/rollout.yaml');
    expect(existsSync(join(dir, 'deploy/k8s/base/rollout.yaml'))).toBe(false);
    expect(report.kept).toContainEqual(expect.objectContaining({ path: EDITED, reason: 'orphaned' }));
    const { code, report: checked } = await check(cwd);
    expect(code).toBe(1);
    expect(checked.files.find((f) => f.path === EDITED)).toMatchObject({ status: 'orphaned' });
  });

  it('exits 2 for a directory with no stack in or below it', async () => {
    const { dir: cwd, cleanup } = tempDir('cds-empty-');
    cleanups.push(cleanup);
    const run = await runCli(['check'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('has no devops-stack.yaml');
  });
});
