import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { runCli, tempDir } from './helpers/run-cli.js';

// The published CLI is the bundle: an entry (dist/cli.cjs) that answers --version and check of
// unchanged stacks alone, the rest of the CLI (dist/main.cjs), and the tokenizer in a worker
// thread over the compact rank table. These run it as users do, in a process of its own.

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.cjs');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
beforeAll(() => {
  if (!existsSync(cli)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
});

function bundle(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function workspace(): string {
  const { dir, cleanup } = tempDir('cds-bundle-');
  cleanups.push(cleanup);
  return dir;
}

interface GenerateJson {
  ok: boolean;
  tokens: { byStep: { step: string; tokens: number }[] };
}

describe('the bundled CLI', () => {
  it('prints its version from the entry alone', () => {
    expect(bundle(['--version'], workspace())).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('generates with the same token counts as the sources, run after run', async () => {
    const cwd = workspace();
    const args = ['--yes', '--json', '--tier', 'T2', '--strategy', 'canary', '--name', 'shop-api'];
    const fromSources = await runCli(['in-process', ...args], cwd);
    const runs = ['a', 'b', 'c'].map((dir) => bundle([dir, ...args], cwd));
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as GenerateJson;
      expect(report.ok).toBe(true);
      expect(report.tokens.byStep).toEqual((JSON.parse(fromSources.stdout) as GenerateJson).tokens.byStep);
    }
    expect(new Set(runs.map((r) => r.stdout.replace(/"dir": "[abc]"/, ''))).size).toBe(1);
  });

  it('checks a stack unchanged since generation as the full CLI does', async () => {
    const cwd = workspace();
    expect(bundle(['app', '--yes'], cwd).code).toBe(0);
    for (const argv of [['check', 'app', '--json'], ['check', 'app'], ['check', 'app', '--sarif', 'out.sarif']]) {
      const inProcess = await runCli(argv, cwd);
      expect(bundle(argv, cwd)).toEqual({ code: 0, stdout: inProcess.stdout, stderr: '' });
    }
  });

  it('fails fast on bad input, with the reason and exit 2, tokenizer worker or not', () => {
    const run = bundle(['app', '--yes', '--tier', 'T9'], workspace());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('tier');
    expect(run.stderr).not.toContain('internal error');
  });
});
