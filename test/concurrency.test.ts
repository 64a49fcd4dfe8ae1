/**
 * Issue 11, item 7: two runs on one stack at once never mix their output. A writing run holds the
 * stack's run lock (.devops-stack.run.lock) from before it reads the disk until it has written;
 * another run meanwhile stops with exit 2, naming the process that holds it. A lock left by a
 * killed run is taken over.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireRunLock, releaseRunLock, RUN_LOCK } from '../src/write/run-lock.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const CLI = join(import.meta.dirname, '..', 'dist', 'cli.cjs');

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function scratch(): string {
  const { dir, cleanup } = tempDir('cds-concurrent-');
  cleanups.push(cleanup);
  return dir;
}

function child(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const run = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    run.on('close', (code) => done({ code, stderr }));
  });
}

describe('the run lock', () => {
  it('a run while another holds the lock stops with exit 2, naming the process, and writes nothing', async () => {
    const root = scratch();
    const dir = join(root, 's');
    mkdirSync(dir);
    const lock = acquireRunLock(dir, 'create-devops-stack generate', false);
    try {
      const run = await runCli([dir, '--yes'], root);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('another create-devops-stack run is writing this stack');
      expect(run.stderr).toContain(`process ${process.pid} on ${hostname()}`);
      expect(existsSync(join(dir, 'devops-stack.yaml'))).toBe(false);
    } finally {
      releaseRunLock(lock);
    }
    expect(existsSync(join(dir, RUN_LOCK))).toBe(false);
    expect((await runCli([dir, '--yes'], root)).code).toBe(0);
  });

  it('a lock left by a process that is gone is taken over', async () => {
    const root = scratch();
    const dir = join(root, 's');
    mkdirSync(dir);
    // A pid far above any live process on this machine.
    writeFileSync(join(dir, RUN_LOCK), JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), command: 'create-devops-stack generate', started: '2020-01-01T00:00:00.000Z', id: 'gone' }));
    const run = await runCli([dir, '--yes'], root);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(dir, RUN_LOCK))).toBe(false);
  });

  it('concurrent runs with different answers leave one complete stack: check --full clean, nothing left behind', async () => {
    const root = scratch();
    const dir = join(root, 's');
    mkdirSync(dir);
    expect((await runCli([dir, '--yes', '--name', 'shop'], root)).code).toBe(0);
    for (let round = 0; round < 2; round++) {
      const runs = await Promise.all(['us-east-1', 'eu-west-1', 'us-west-2', 'eu-central-1', 'ap-south-1', 'sa-east-1'].map((region) => child([dir, '--yes', '--force', '--name', 'shop', '--region', region], root)));
      for (const run of runs) {
        expect([0, 2], run.stderr).toContain(run.code);
        if (run.code === 2) expect(run.stderr).toContain('another create-devops-stack run is writing this stack');
      }
      const check = await runCli(['check', dir, '--full'], root);
      expect(check.code, check.stdout).toBe(0);
      expect(existsSync(join(dir, RUN_LOCK))).toBe(false);
      const region = /region: (\S+)/.exec(readFileSync(join(dir, 'devops-stack.yaml'), 'utf8'))![1]!;
      expect(readFileSync(join(dir, '.github/workflows/deploy.yml'), 'utf8')).toContain(`aws-region: ${region}`);
    }
  }, 120_000);
});
