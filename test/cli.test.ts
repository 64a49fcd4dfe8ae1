import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUDGETS } from '../src/integration/budgets.js';
import { readTree, runCli, tempDir } from './helpers/run-cli.js';

const cleanups: (() => void)[] = [];
function workspace(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return dir;
}
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('create-devops-stack (default T1 stack)', () => {
  it('writes the whole stack and the answers, and exits 0', async () => {
    const cwd = workspace();
    const run = await runCli(['shop-api', '--yes'], cwd);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const files = readTree(join(cwd, 'shop-api'));
    for (const path of [
      '.github/workflows/ci.yml',
      '.github/workflows/deploy.yml',
      'Dockerfile',
      'infra/terraform/versions.tf',
      'infra/bootstrap/main.tf',
      'deploy/k8s/deployment.yaml',
      'deploy/observability/servicemonitor.yaml',
      'deploy/rollback.sh',
      'docs/devops/setup-guide.md',
      'docs/devops/integration-guide.md',
      'docs/devops/validation-checklist.md',
      'docs/devops/deployment-strategy.md',
      'devops-stack.yaml',
    ]) {
      expect(files.has(path), path).toBe(true);
    }
    expect(statSync(join(cwd, 'shop-api/deploy/rollback.sh')).mode & 0o111).not.toBe(0);
    expect(run.stdout).toContain('Next steps');
    expect(run.stdout).toContain('terraform -chdir=infra/bootstrap init');
  });

  it('is deterministic, and --config with the written answers reproduces every byte', async () => {
    const cwd = workspace();
    await runCli(['one', '--yes', '--name', 'shop-api', '--region', 'eu-west-1'], cwd);
    await runCli(['two', '--yes', '--name', 'shop-api', '--region', 'eu-west-1'], cwd);
    const one = readTree(join(cwd, 'one'));
    expect(readTree(join(cwd, 'two'))).toEqual(one);
    const again = await runCli(['three', '--yes', '--config', 'one/devops-stack.yaml'], cwd);
    expect(again.code).toBe(0);
    expect(readTree(join(cwd, 'three'))).toEqual(one);
  });

  it('re-running in place changes nothing and says so', async () => {
    const cwd = workspace();
    await runCli(['app', '--yes'], cwd);
    const run = await runCli(['app', '--yes', '--json'], cwd);
    const report = JSON.parse(run.stdout) as { files: { status: string }[]; written: boolean };
    expect(report.written).toBe(false);
    expect(new Set(report.files.map((f) => f.status))).toEqual(new Set(['unchanged']));
  });

  it('exits 2 on invalid input, naming every bad field, with no stack trace and nothing written', async () => {
    const cwd = workspace();
    const run = await runCli(['out', '--yes', '--name', 'Bad_Name', '--stack', 'ruby'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('name: "Bad_Name"');
    expect(run.stderr).toContain('stack: "ruby" is not supported');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('exits 2 on an unknown field in the answers file', async () => {
    const cwd = workspace();
    writeFileSync(join(cwd, 'answers.yaml'), 'name: shop-api\nreplica: 3\n');
    const run = await runCli(['out', '--yes', '--config', 'answers.yaml'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('replica: unknown field');
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });

  it('never overwrites a changed file without --force, and writes nothing else either', async () => {
    const cwd = workspace();
    await runCli(['app', '--yes'], cwd);
    const workflow = join(cwd, 'app/.github/workflows/ci.yml');
    writeFileSync(workflow, 'my own workflow\n');
    writeFileSync(join(cwd, 'app/devops-stack.yaml'), readFileSync(join(cwd, 'app/devops-stack.yaml'), 'utf8').replace('us-east-1', 'eu-west-1'));
    const before = readTree(join(cwd, 'app'));
    const refused = await runCli(['app', '--yes'], cwd);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('.github/workflows/ci.yml');
    expect(refused.stderr).toContain('--force');
    expect(readTree(join(cwd, 'app'))).toEqual(before);
    const forced = await runCli(['app', '--yes', '--force'], cwd);
    expect(forced.code).toBe(0);
    expect(readFileSync(workflow, 'utf8')).not.toBe('my own workflow\n');
  });

  it('--dry-run reports new, changed and unchanged files and writes nothing', async () => {
    const cwd = workspace();
    const run = await runCli(['app', '--yes', '--dry-run', '--json'], cwd);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { written: boolean; dryRun: boolean; files: { status: string }[] };
    expect(report).toMatchObject({ written: false, dryRun: true });
    expect(report.files.every((f) => f.status === 'new')).toBe(true);
    expect(existsSync(join(cwd, 'app'))).toBe(false);
  });

  it('--json reports files, per-step tokens within budget, and a T1 total within its budget', async () => {
    const cwd = workspace();
    const run = await runCli(['app', '--yes', '--json'], cwd);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      files: { path: string; step: string; bytes: number; tokens: number }[];
      tokens: { step: string; tokens: number; budget: number; over: boolean }[];
      findings: unknown[];
    };
    expect(report.ok).toBe(true);
    expect(report.files.length).toBeGreaterThan(20);
    for (const f of report.files) expect(f.bytes).toBeGreaterThan(0);
    const steps = Object.fromEntries(report.tokens.map((t) => [t.step, t]));
    expect(Object.keys(steps)).toEqual(['cicd', 'iac', 'observability', 'deployment', 'integration', 'total']);
    for (const t of report.tokens) expect(t.tokens, t.step).toBeLessThanOrEqual(t.budget);
    expect(steps['total']!.tokens).toBeLessThanOrEqual(BUDGETS.T1.total);
    expect(steps['total']!.tokens).toBe(report.tokens.slice(0, -1).reduce((s, t) => s + t.tokens, 0));
  });

  it('--json on bad input prints a JSON error report', async () => {
    const cwd = workspace();
    const run = await runCli(['app', '--yes', '--json', '--tier', 'T7'], cwd);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, errors: [{ where: 'tier' }] });
  });

  it('uses the GitHub origin remote as the repository the deploy roles trust', async () => {
    const cwd = workspace();
    await runCli(['app', '--yes', '--dry-run'], cwd);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(cwd, 'app/.git'), { recursive: true });
    writeFileSync(join(cwd, 'app/.git/config'), '[remote "origin"]\n\turl = https://github.com/acme/app.git\n');
    await runCli(['app', '--yes'], cwd);
    expect(readFileSync(join(cwd, 'app/devops-stack.yaml'), 'utf8')).toContain('repository: acme/app');
    expect(readFileSync(join(cwd, 'app/infra/bootstrap/main.tf'), 'utf8')).toContain('repo:acme/app:environment:prod');
  });

  it('generates several stacks in one process, each from its own answers, with one --json report', async () => {
    const cwd = workspace();
    const run = await runCli(['services/orders', 'services/payments', '--json'], cwd);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; stacks: { dir: string; ok: boolean; answers: { name: string } }[] };
    expect(report.ok).toBe(true);
    expect(report.stacks.map((s) => [s.dir, s.answers.name])).toEqual([
      ['services/orders', 'orders'],
      ['services/payments', 'payments'],
    ]);
    expect(readFileSync(join(cwd, 'services/payments/devops-stack.yaml'), 'utf8')).toContain('name: payments');
  });

  it('refuses --name for several stacks at once', async () => {
    const cwd = workspace();
    const run = await runCli(['a', 'b', '--yes', '--name', 'x'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot name several stacks at once');
    expect(existsSync(join(cwd, 'a'))).toBe(false);
  });
});
