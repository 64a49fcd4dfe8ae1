import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { runCli, tempDir } from './helpers/run-cli.js';

// The published CLI is the bundle: an entry (dist/cli.cjs) that answers --version and check of
// unchanged stacks alone, the rest of the CLI (dist/main.cjs), and the token counter's tables
// (dist/cl100k_pieces.json, dist/cl100k_base.bin). These run it as users do, in a process of its own.

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli.cjs');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
beforeAll(() => {
  if (!existsSync(cli)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
});

function bundle(args: string[], cwd: string, entry = cli): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [entry, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function workspace(): string {
  const { dir, cleanup } = tempDir('cds-bundle-');
  cleanups.push(cleanup);
  return dir;
}

interface GenerateJson {
  ok: boolean;
  tokens: { byFile: Record<string, number>; byStep: { step: string; tokens: number }[] };
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
    // The lock (hashes, git blob ids, the render digest) is the sources' too.
    const lock = (dir: string): unknown => JSON.parse(readFileSync(join(cwd, dir, 'devops-stack.lock.json'), 'utf8'));
    expect(lock('a')).toEqual(lock('in-process'));
  });

  it('counts names no table of pieces holds (the rank table) as the sources do, file by file', async () => {
    const cwd = workspace();
    const args = ['--yes', '--json', '--tier', 'T3', '--name', 'quokka-ledger', '--repository', 'zebra-works/quokka-ledger'];
    const fromSources = JSON.parse((await runCli(['in-process', ...args], cwd)).stdout) as GenerateJson;
    const run = bundle(['app', ...args], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as GenerateJson).tokens).toEqual(fromSources.tokens);
  });

  it.each(['cl100k_base.bin', 'cl100k_pieces.json'])('says the install is broken, writing nothing, when the token table %s is missing', (table) => {
    const cwd = workspace();
    const copy = join(cwd, 'dist');
    cpSync(join(root, 'dist'), copy, { recursive: true });
    rmSync(join(copy, table));
    const run = bundle(['app', '--yes', '--name', 'quokka-ledger'], cwd, join(copy, 'cli.cjs'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot read the token table ${table}`);
    expect(run.stderr).toContain('reinstall create-devops-stack');
    expect(run.stderr).not.toContain('    at ');
    expect(existsSync(join(cwd, 'app'))).toBe(false);
  });

  it('runs alike with the code cache the install writes, with a stale one and with a corrupt one', () => {
    const cwd = workspace();
    const copy = join(cwd, 'dist');
    cpSync(join(root, 'dist'), copy, { recursive: true, filter: (path) => !path.endsWith('.cache') });
    const cache = join(copy, 'main.cjs.cache');
    const entry = join(copy, 'cli.cjs');
    const outputs = (tag: string): string[] => {
      const generate = bundle([`app-${tag}`, '--yes', '--json', '--name', 'shop-api'], cwd, entry);
      expect(generate.code, generate.stderr).toBe(0);
      const check = bundle(['check', `app-${tag}`, '--full'], cwd, entry);
      expect(check.code, check.stderr).toBe(0);
      return [generate.stdout.replace(`app-${tag}`, 'app'), check.stdout.replaceAll(`app-${tag}`, 'app'), generate.stderr, check.stderr];
    };
    const without = outputs('none');
    const install = spawnSync(process.execPath, [join(copy, 'install.cjs')], { encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    expect(install.stderr).toBe('');
    expect(existsSync(cache)).toBe(true);
    expect(outputs('cached')).toEqual(without);
    // Another build's cache (its header): never offered to V8.
    const written = readFileSync(cache);
    const header = written.toString('latin1', 0, 256);
    writeFileSync(cache, Buffer.concat([Buffer.from(header.replace(/"build":"[^"]*"/, (b) => b.replace(/[0-9a-f]/g, '0')), 'latin1'), written.subarray(256)]));
    expect(outputs('stale')).toEqual(without);
    // This build's header over damaged data: refused (V8 would crash on it) and compiled as usual.
    const damaged = Buffer.from(written);
    for (let i = 256 + 64; i < damaged.length; i += 97) damaged[i] ^= 0xff;
    writeFileSync(cache, damaged);
    expect(outputs('damaged')).toEqual(without);
  });

  it('checks a stack unchanged since generation as the full CLI does', async () => {
    const cwd = workspace();
    expect(bundle(['app', '--yes'], cwd).code).toBe(0);
    for (const argv of [['check', 'app', '--json'], ['check', 'app'], ['check', 'app', '--sarif', 'out.sarif']]) {
      const inProcess = await runCli(argv, cwd);
      expect(bundle(argv, cwd)).toEqual({ code: 0, stdout: inProcess.stdout, stderr: '' });
    }
  });

  it('fails fast on bad input, with the reason and exit 2', () => {
    const run = bundle(['app', '--yes', '--tier', 'T9'], workspace());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('tier');
    expect(run.stderr).not.toContain('internal error');
  });
});
