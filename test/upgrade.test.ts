import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../src/core/hash.js';
import { gitBlobId } from '../src/lock/blob.js';
import { LOCK_PATH, parseLock, serializeLock } from '../src/lock/lock.js';
import { VERSION } from '../src/version.js';
import { readTree, runCli, tempDir } from './helpers/run-cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const git = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

/** A git repository with the default T1 stack generated and committed. */
async function generatedRepo(): Promise<string> {
  const { dir: cwd, cleanup } = tempDir('cds-upgrade-');
  cleanups.push(cleanup);
  const dir = join(cwd, 'shop-api');
  mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  const run = await runCli([dir, '--yes'], cwd);
  expect(run.code, run.stderr).toBe(0);
  commit(dir, 'generate');
  return dir;
}

function commit(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

/** The work tree without .git (git status refreshes its index). */
const workTree = (dir: string): Map<string, string> => new Map([...readTree(dir)].filter(([p]) => !p.startsWith('.git/')));
const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');
const edit = (dir: string, path: string, change: (text: string) => string): void => writeFileSync(join(dir, path), change(read(dir, path)));
const DEPLOY = '.github/workflows/deploy.yml';
const TFVARS = 'infra/terraform/environments/prod.tfvars';
const OLD = 'deploy/k8s/base/rollout.yaml';
const OLD_EDITED = 'deploy/k8s/base/analysistemplate.yaml';
const HAND_COMMENT = '# Deploys also start from the release checklist (hand edit).\n';

function changeRegion(dir: string): void {
  edit(dir, 'devops-stack.yaml', (t) => t.replace('region: us-east-1', 'region: eu-west-1'));
}

describe('create-devops-stack upgrade', () => {
  it('generate writes a lock with the version, the answers hash and every file with its owner and hash', async () => {
    const dir = await generatedRepo();
    const lock = parseLock(read(dir, LOCK_PATH));
    expect(lock.version).toBe(VERSION);
    expect(lock.answers).toMatch(/^[0-9a-f]{64}$/);
    expect(lock.files[DEPLOY]).toEqual({ mode: 'managed', sha256: sha256(read(dir, DEPLOY)), base: gitBlobId(read(dir, DEPLOY)) });
    expect(lock.files['Dockerfile']?.mode).toBe('seeded');
    expect(lock.files['docs/devops/setup-guide.md']?.mode).toBe('seeded');
    expect(lock.files['devops-stack.yaml']).toBeUndefined();
    // The blob id is git's own: the merge base is found in history without storing it.
    expect(git(dir, 'hash-object', DEPLOY).trim()).toBe(lock.files[DEPLOY]!.base);
  });

  it('keeps a hand edit (a YAML comment, a changed value) and applies a changed answer in the same file', async () => {
    const dir = await generatedRepo();
    edit(dir, DEPLOY, (t) => t.replace('  workflow_dispatch: {}\n', `  workflow_dispatch: {}\n${HAND_COMMENT}`).replace('timeout-minutes: 20', 'timeout-minutes: 45'));
    commit(dir, 'hand edit');
    changeRegion(dir);
    commit(dir, 'move to eu-west-1');
    const run = await runCli(['upgrade', dir, '--json'], dir);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { files: { path: string; action: string }[]; conflicts: string[]; answersChanged: boolean };
    const action = (p: string): string | undefined => report.files.find((f) => f.path === p)?.action;
    expect(report).toMatchObject({ conflicts: [], answersChanged: true });
    expect(action(DEPLOY)).toBe('merged');
    expect(action(TFVARS)).toBe('updated');
    const deploy = read(dir, DEPLOY);
    expect(deploy).toContain(HAND_COMMENT);
    expect(deploy).toContain('timeout-minutes: 45');
    expect(deploy).toContain('aws-region: eu-west-1');
    expect(deploy).not.toContain('us-east-1');
    expect(read(dir, TFVARS)).toContain('eu-west-1');
    // The lock follows what was written; the render is kept inline as the next merge base.
    const lock = parseLock(read(dir, LOCK_PATH));
    expect(lock.files[DEPLOY]!.sha256).toBe(sha256(deploy));
    expect(lock.files[DEPLOY]!.baseContent).toBeDefined();
    expect(lock.files[TFVARS]!.sha256).toBe(sha256(read(dir, TFVARS)));
  });

  it('merges again on the next upgrade, from the render kept inline in the lock', async () => {
    const dir = await generatedRepo();
    edit(dir, DEPLOY, (t) => t.replace('timeout-minutes: 20', 'timeout-minutes: 45'));
    changeRegion(dir);
    commit(dir, 'first change');
    expect((await runCli(['upgrade', dir], dir)).code).toBe(0);
    commit(dir, 'first upgrade');
    edit(dir, 'devops-stack.yaml', (t) => t.replace('region: eu-west-1', 'region: eu-central-1'));
    commit(dir, 'second change');
    const run = await runCli(['upgrade', dir, '--json'], dir);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { files: { path: string; action: string }[] }).files.find((f) => f.path === DEPLOY)?.action).toBe('merged');
    expect(read(dir, DEPLOY)).toContain('timeout-minutes: 45');
    expect(read(dir, DEPLOY)).toContain('aws-region: eu-central-1');
  });

  it('a plain re-run of generate replaces files nobody edited, without --force, and still refuses edited ones', async () => {
    const dir = await generatedRepo();
    changeRegion(dir);
    const rerun = await runCli([dir, '--yes'], dir);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(read(dir, TFVARS)).toContain('eu-west-1');
    edit(dir, DEPLOY, (t) => t.replace('timeout-minutes: 20', 'timeout-minutes: 45'));
    edit(dir, 'devops-stack.yaml', (t) => t.replace('region: eu-west-1', 'region: eu-central-1'));
    const refused = await runCli([dir, '--yes'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(DEPLOY);
    expect(refused.stderr).not.toContain(TFVARS);
  });

  it('writes conflict markers labelled with the versions, lists the file and exits 1', async () => {
    const dir = await generatedRepo();
    edit(dir, DEPLOY, (t) => t.replace('aws-region: us-east-1', 'aws-region: us-west-2'));
    changeRegion(dir);
    commit(dir, 'conflicting edits');
    const run = await runCli(['upgrade', dir], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/conflict\s+\.github\/workflows\/deploy\.yml/);
    expect(run.stdout).toContain('file(s) with conflicts');
    const deploy = read(dir, DEPLOY);
    expect(deploy).toContain('<<<<<<< yours (edited)\n          aws-region: us-west-2\n');
    expect(deploy).toContain(`||||||| create-devops-stack ${VERSION}\n          aws-region: us-east-1\n`);
    expect(deploy).toContain(`=======\n          aws-region: eu-west-1\n>>>>>>> create-devops-stack ${VERSION}\n`);
  });

  it('--dry-run prints the merge as a unified diff and writes nothing', async () => {
    const dir = await generatedRepo();
    edit(dir, DEPLOY, (t) => t.replace('timeout-minutes: 20', 'timeout-minutes: 45'));
    changeRegion(dir);
    const before = workTree(dir);
    const run = await runCli(['upgrade', dir, '--dry-run'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`--- a/${DEPLOY}\n+++ b/${DEPLOY}\n`);
    expect(run.stdout).toContain('-          aws-region: us-east-1\n+          aws-region: eu-west-1\n');
    expect(run.stdout).not.toContain('-    timeout-minutes: 45');
    expect(run.stdout).toContain('Dry run: nothing was written.');
    expect(workTree(dir)).toEqual(before);
  });

  it('runs every preflight check before writing: a dirty tree and a downgrade are both reported', async () => {
    const dir = await generatedRepo();
    edit(dir, LOCK_PATH, (t) => serializeLock({ ...parseLock(t), version: '99.0.0' }));
    changeRegion(dir);
    const before = workTree(dir);
    const run = await runCli(['upgrade', dir], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('uncommitted changes');
    expect(run.stderr).toContain('--allow-dirty');
    expect(run.stderr).toContain('newer than this');
    expect(workTree(dir)).toEqual(before);
  });

  it('leaves seeded files, deleted files and edited orphans alone, removes unmodified orphans, and reports each', async () => {
    const dir = await generatedRepo();
    edit(dir, 'Dockerfile', (t) => `${t}# our own final stage\n`);
    rmSync(join(dir, 'deploy/rollback.sh'));
    // Two files this generator writes for other answers (T2's rollout) that these answers no longer need.
    mkdirSync(join(dir, 'deploy/k8s/base'));
    writeFileSync(join(dir, OLD), 'kind: Old\n');
    writeFileSync(join(dir, OLD_EDITED), 'kind: Old\n# edited\n');
    edit(dir, LOCK_PATH, (t) => {
      const lock = parseLock(t);
      for (const p of [OLD, OLD_EDITED]) lock.files[p] = { mode: 'managed', sha256: sha256('kind: Old\n'), base: gitBlobId('kind: Old\n') };
      return serializeLock(lock);
    });
    changeRegion(dir);
    commit(dir, 'changes');
    const dockerfile = read(dir, 'Dockerfile');
    const run = await runCli(['upgrade', dir, '--json'], dir);
    // The deleted rollback script stays deleted, and the upgrade says what that leaves broken (exit 1).
    expect(run.code, run.stderr + run.stdout).toBe(1);
    const report = JSON.parse(run.stdout) as { files: { path: string; action: string }[]; findings: { ruleId: string; message: string }[] };
    expect(report.findings.map((f) => f.message)).toEqual([expect.stringMatching(/runs deploy\/rollback\.sh, which is not in the repository$/)]);
    const actions = Object.fromEntries(report.files.map((f) => [f.path, f.action]));
    expect(actions).toMatchObject({ Dockerfile: 'unchanged', 'deploy/rollback.sh': 'deleted', [OLD]: 'removed', [OLD_EDITED]: 'orphaned' });
    expect(read(dir, 'Dockerfile')).toBe(dockerfile);
    expect(existsSync(join(dir, 'deploy/rollback.sh'))).toBe(false);
    expect(existsSync(join(dir, OLD))).toBe(false);
    expect(existsSync(join(dir, OLD_EDITED))).toBe(true);
    const lock = parseLock(read(dir, LOCK_PATH));
    expect(lock.files[OLD]).toBeUndefined();
    expect(lock.files[OLD_EDITED]).toBeDefined();
  });

  it('without a merge base (the render was never committed) leaves an edited file for review instead of guessing', async () => {
    const dir = await generatedRepo();
    edit(dir, LOCK_PATH, (t) => {
      const lock = parseLock(t);
      lock.files[DEPLOY] = { ...lock.files[DEPLOY]!, base: '0'.repeat(40) };
      return serializeLock(lock);
    });
    edit(dir, DEPLOY, (t) => t.replace('timeout-minutes: 20', 'timeout-minutes: 45'));
    changeRegion(dir);
    commit(dir, 'changes');
    const edited = read(dir, DEPLOY);
    const run = await runCli(['upgrade', dir], dir);
    // The stack is left short of the new version (deploy.yml still deploys to the old region): never exit 0.
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/review\s+\.github\/workflows\/deploy\.yml/);
    expect(run.stdout).toMatch(/not brought to .*deploy\.yml/);
    expect(read(dir, DEPLOY)).toBe(edited);
  });

  it('an ownership entry in the answers makes a managed file the user\'s: upgrade never touches it', async () => {
    const dir = await generatedRepo();
    edit(dir, 'devops-stack.yaml', (t) => `${t}ownership:\n  ${DEPLOY}: user\n`);
    changeRegion(dir);
    commit(dir, 'own the deploy workflow');
    const deploy = read(dir, DEPLOY);
    const run = await runCli(['upgrade', dir], dir);
    // Untouched, and so still deploying to the old region: the upgrade says the files now disagree (as check would).
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/consistency\/cluster-matches-iac/);
    expect(read(dir, DEPLOY)).toBe(deploy);
    expect(parseLock(read(dir, LOCK_PATH)).files[DEPLOY]!.mode).toBe('user');
  });

  it('rejects an unknown owner mode in the answers, naming the path', async () => {
    const dir = await generatedRepo();
    edit(dir, 'devops-stack.yaml', (t) => `${t}ownership:\n  Dockerfile: mine\n`);
    commit(dir, 'bad mode');
    const run = await runCli(['upgrade', dir], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ownership.Dockerfile');
  });
});
