/**
 * Issue 11, items 4, 5, 9, 10 and 16 (rollback, answers file): upgrade never re-encodes bytes it
 * does not own, never reports a stack left short as success; generate never downgrades a lock,
 * never silently replaces a stack whose answers file went missing, and completes a short
 * hand-written answers file instead of refusing it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_PATH, parseLock, serializeLock } from '../src/lock/lock.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const git = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
const DEPLOY = '.github/workflows/deploy.yml';
const TFVARS = 'infra/terraform/environments/prod.tfvars';

async function repo(git_ = true): Promise<string> {
  const { dir: cwd, cleanup } = tempDir('cds-safe-upgrade-');
  cleanups.push(cleanup);
  const dir = join(cwd, 'shop-api');
  mkdirSync(dir);
  if (git_) {
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.name', 'Test');
    git(dir, 'config', 'user.email', 'test@example.com');
    git(dir, 'config', 'commit.gpgsign', 'false');
  }
  const run = await runCli([dir, '--yes'], cwd);
  expect(run.code, run.stderr).toBe(0);
  if (git_) commit(dir, 'generate');
  return dir;
}

function commit(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

const bytes = (dir: string, path: string): Buffer => readFileSync(join(dir, path));
const changeRegion = (dir: string): void => writeFileSync(join(dir, 'devops-stack.yaml'), readFileSync(join(dir, 'devops-stack.yaml'), 'utf8').replace('region: us-east-1', 'region: eu-west-1'));

describe('upgrade never re-encodes bytes it does not own', () => {
  it('a Latin-1 comment in a managed file: left byte for byte, reported, exit 1', async () => {
    const dir = await repo();
    const latin1 = Buffer.concat([bytes(dir, DEPLOY), Buffer.from('# r\xe9vis\xe9 par l\x27\xe9quipe\n', 'latin1')]);
    writeFileSync(join(dir, DEPLOY), latin1);
    commit(dir, 'latin-1 comment');
    changeRegion(dir);
    commit(dir, 'region');
    const run = await runCli(['upgrade', dir], dir);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/not-text\s+\.github\/workflows\/deploy\.yml\s+not UTF-8 text/);
    expect(bytes(dir, DEPLOY).equals(latin1)).toBe(true);
    expect(run.stdout).not.toMatch(/merged cleanly/);
  });

  it('a binary file where a generated one was: left as it is, never a conflict file of U+FFFD', async () => {
    const dir = await repo();
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x01]);
    writeFileSync(join(dir, TFVARS), binary);
    commit(dir, 'binary');
    changeRegion(dir);
    commit(dir, 'region');
    const run = await runCli(['upgrade', dir], dir);
    expect(run.code).toBe(1);
    expect(bytes(dir, TFVARS).equals(binary)).toBe(true);
  });
});

describe('upgrade never reports a stack left short as success', () => {
  it('conflict markers committed from an earlier upgrade: a finding on the next upgrade and in check, exit 1', async () => {
    const dir = await repo();
    writeFileSync(join(dir, TFVARS), readFileSync(join(dir, TFVARS), 'utf8').replace(/^region .*$/m, (line) => `${line.replace('us-east-1', 'us-west-2')}`));
    commit(dir, 'hand edit of the region line');
    changeRegion(dir);
    commit(dir, 'region');
    const first = await runCli(['upgrade', dir], dir);
    expect(first.code).toBe(1);
    expect(readFileSync(join(dir, TFVARS), 'utf8')).toContain('<<<<<<< yours (edited)');
    commit(dir, 'conflicted upgrade, committed as it is');
    const second = await runCli(['upgrade', dir], dir);
    expect(second.code, second.stdout).toBe(1);
    expect(second.stdout).toMatch(/unresolved\s+infra\/terraform\/environments\/prod\.tfvars\s+still holds conflict markers/);
    const check = await runCli(['check', dir, '--json'], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('drift/conflict-markers');
  });

  it('without git (--allow-dirty), an edited file with no merge base: review, exit 1, and check agrees', async () => {
    const dir = await repo(false);
    writeFileSync(join(dir, DEPLOY), readFileSync(join(dir, DEPLOY), 'utf8').replace('timeout-minutes: 20', 'timeout-minutes: 45'));
    changeRegion(dir);
    const run = await runCli(['upgrade', dir, '--allow-dirty'], dir);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(/review\s+\.github\/workflows\/deploy\.yml/);
    expect((await runCli(['check', dir, '--full'], dir)).code).toBe(1);
  });

  it('a shallow clone without the merge base: review, exit 1', async () => {
    const dir = await repo();
    writeFileSync(join(dir, DEPLOY), readFileSync(join(dir, DEPLOY), 'utf8').replace('timeout-minutes: 20', 'timeout-minutes: 45'));
    commit(dir, 'edit');
    changeRegion(dir);
    commit(dir, 'region');
    const clone = `${dir}-clone`;
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${dir}`, clone]);
    cleanups.push(() => execFileSync('rm', ['-rf', clone]));
    const run = await runCli(['upgrade', clone], clone);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/review\s+\.github\/workflows\/deploy\.yml/);
  });
});

describe('generate and the lock on disk', () => {
  it('refuses a lock written by a newer version, as upgrade and check do', async () => {
    const dir = await repo(false);
    const lock = parseLock(readFileSync(join(dir, LOCK_PATH), 'utf8'));
    writeFileSync(join(dir, LOCK_PATH), serializeLock({ ...lock, version: '9.0.0' }));
    const before = readFileSync(join(dir, LOCK_PATH), 'utf8');
    const run = await runCli([dir, '--yes'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Invalid devops-stack\.lock\.json; nothing was written:/);
    expect(run.stderr).toContain('was written by create-devops-stack 9.0.0, newer than this');
    expect(readFileSync(join(dir, LOCK_PATH), 'utf8')).toBe(before);
  });

  it('a deleted devops-stack.yaml next to a lock of other answers stops with the reason, nothing written', async () => {
    const { dir: cwd, cleanup } = tempDir('cds-safe-answers-');
    cleanups.push(cleanup);
    const dir = join(cwd, 'x');
    mkdirSync(dir);
    expect((await runCli([dir, '--yes', '--tier', 'T2', '--name', 'shop'], cwd)).code).toBe(0);
    execFileSync('rm', [join(dir, 'devops-stack.yaml')]);
    const lockBefore = readFileSync(join(dir, LOCK_PATH), 'utf8');
    const run = await runCli([dir, '--yes'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('devops-stack.yaml: is missing, but devops-stack.lock.json records a stack generated from other answers');
    expect(readFileSync(join(dir, LOCK_PATH), 'utf8')).toBe(lockBefore);
    expect(existsSync(join(dir, 'deploy/k8s/overlays/staging/kustomization.yaml'))).toBe(true);
    expect(existsSync(join(dir, 'devops-stack.yaml'))).toBe(false);
  });

  it('a short hand-written devops-stack.yaml is completed with every answer, not refused', async () => {
    const { dir: cwd, cleanup } = tempDir('cds-safe-answers-');
    cleanups.push(cleanup);
    const dir = join(cwd, 'x');
    mkdirSync(dir);
    writeFileSync(join(dir, 'devops-stack.yaml'), 'name: shop\ntier: T2\n');
    const run = await runCli([dir, '--yes'], cwd);
    expect(run.code, run.stderr).toBe(0);
    const answers = readFileSync(join(dir, 'devops-stack.yaml'), 'utf8');
    expect(answers).toContain('name: shop\ntier: T2\n');
    expect(answers).toContain('region: us-east-1');
    // Comments would be lost: then it is refused, and says why.
    writeFileSync(join(dir, 'devops-stack.yaml'), '# our service\nname: shop\ntier: T2\n');
    const commented = await runCli([dir, '--yes', '--region', 'eu-west-1'], cwd);
    expect(commented.code).toBe(2);
    expect(commented.stderr).toContain('devops-stack.yaml: would be overwritten');
  });
});
