import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { unchangedReport } from '../src/check/unchanged.js';
import { checkStackFully } from '../src/cli/check-command.js';
import { parseCli } from '../src/cli/args.js';
import { quickAnswer } from '../src/cli/quick.js';
import { serializeAnswers } from '../src/config/answers-file.js';
import { resolveAnswers } from '../src/config/load.js';
import type { PartialAnswers } from '../src/config/defaults.js';
import { sha256 } from '../src/core/hash.js';
import { renderDigest } from '../src/lock/render-digest.js';
import { BUILD } from '../src/version.js';
import { REFERENCE_STACKS } from './reference-stacks.js';
import { runCli, tempDir } from './helpers/run-cli.js';

// check's shortcut (src/check/unchanged.ts) must print exactly what the full check prints for an
// unchanged stack, and must step aside whenever anything could make the full check differ.

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function generated(answers: PartialAnswers): Promise<{ cwd: string; dir: string }> {
  const { dir: cwd, cleanup } = tempDir('cds-unchanged-');
  cleanups.push(cleanup);
  const dir = join(cwd, 'app');
  mkdirSync(dir);
  writeFileSync(join(dir, 'devops-stack.yaml'), serializeAnswers(resolveAnswers(answers)));
  const run = await runCli(['app', '--yes'], cwd);
  expect(run.code, run.stderr).toBe(0);
  return { cwd, dir };
}

async function fullReport(cwd: string, dir: string): Promise<unknown> {
  const io = { stdout: () => undefined, stderr: () => undefined, isTTY: false, cwd, env: {} };
  const { directory: _, ...report } = await checkStackFully(dir, 'app', parseCli(['check', 'app']), io);
  return report;
}

const edit = (dir: string, path: string, change: (t: string) => string): void => writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));
const editLock = (dir: string, change: (lock: Record<string, unknown> & { files: Record<string, unknown> }) => void): void =>
  edit(dir, 'devops-stack.lock.json', (t) => {
    const lock = JSON.parse(t) as Record<string, unknown> & { files: Record<string, unknown> };
    change(lock);
    return JSON.stringify(lock, null, 2);
  });

describe('check of a stack unchanged since generation', () => {
  for (const [name, answers] of Object.entries(REFERENCE_STACKS)) {
    it(`reports what the full check reports, without rendering: ${name}`, async () => {
      const { cwd, dir } = await generated(answers);
      const quick = unchangedReport(dir, 'app');
      expect(quick).toBeDefined();
      expect(quick).toEqual(await fullReport(cwd, dir));
      expect(quick!.files.length).toBeGreaterThan(30);
    });
  }

  it('prints the same report through the CLI whichever way it was reached', async () => {
    const { cwd, dir } = await generated(REFERENCE_STACKS['t1-default']!);
    const quick = await runCli(['check', 'app', '--json'], cwd);
    editLock(dir, (lock) => delete lock['render']); // a lock from before the digest: the full check runs
    expect(unchangedReport(dir, 'app')).toBeUndefined();
    const full = await runCli(['check', 'app', '--json'], cwd);
    expect(quick.code).toBe(0);
    expect(full).toEqual(quick);
  });

  it('is answered by the entry alone (no full CLI loaded) only in its plain forms', async () => {
    const { cwd, dir } = await generated(REFERENCE_STACKS['t2-canary']!);
    const quick = (argv: string[]): { code: number | undefined; stdout: string } => {
      let stdout = '';
      const code = quickAnswer(argv, { stdout: (t) => void (stdout += t), stderr: () => undefined, isTTY: false, cwd, env: {} });
      return { code, stdout };
    };
    for (const argv of [['check', 'app', '--json'], ['check', 'app'], ['check']]) {
      const full = await runCli(argv, cwd);
      expect(quick(argv)).toEqual({ code: 0, stdout: full.stdout });
    }
    expect(quick(['--version']).code).toBe(0);
    for (const argv of [['check', 'app', '--sarif', 'out.sarif'], ['check', '--config', 'x.yaml'], ['check', 'missing'], ['app', '--yes'], ['upgrade']]) {
      expect(quick(argv)).toEqual({ code: undefined, stdout: '' });
    }
    edit(dir, 'Makefile', (t) => `${t}# note\n`);
    expect(quick(['check', 'app'])).toEqual({ code: undefined, stdout: '' });
  });

  it('trusts the committed lock, as documented; --full renders and compares regardless', async () => {
    const { cwd, dir } = await generated(REFERENCE_STACKS['t1-default']!);
    // A lock rewritten on purpose to match an edited managed file: the shortcut cannot tell.
    const path = 'deploy/k8s/service.yaml';
    edit(dir, path, (t) => `${t}# edited\n`);
    editLock(dir, (lock) => {
      const files = lock.files as Record<string, { sha256: string }>;
      files[path]!.sha256 = sha256(readFileSync(join(dir, path), 'utf8'));
      const contents = Object.keys(files).map((p) => [p, readFileSync(join(dir, p), 'utf8')] as const);
      lock['render'] = renderDigest(BUILD, lock['answers'] as string, '', contents);
    });
    expect((await runCli(['check', 'app'], cwd)).code).toBe(0);
    const full = await runCli(['check', 'app', '--full', '--json'], cwd);
    expect(full.code).toBe(1);
    expect(full.stdout).toContain('drift/user-modified');
  });

  const changes: [string, (dir: string) => void][] = [
    ['a managed file edited', (dir) => edit(dir, 'deploy/k8s/service.yaml', (t) => `${t}# note\n`)],
    ['a seeded file edited', (dir) => edit(dir, 'Dockerfile', (t) => `${t}# note\n`)],
    ['a generated file deleted', (dir) => rmSync(join(dir, 'Makefile'))],
    ['the answers reformatted, same values', (dir) => edit(dir, 'devops-stack.yaml', (t) => `# ours\n${t}`)],
    ['the answers changed', (dir) => edit(dir, 'devops-stack.yaml', (t) => t.replace('port: 8080', 'port: 8081'))],
    ['a lock written by another version', (dir) => editLock(dir, (lock) => void (lock['version'] = '0.0.9'))],
    ['a lock written by another build', (dir) => editLock(dir, (lock) => void (lock['render'] = '0'.repeat(64)))],
    ['a lock listing a file the render does not', (dir) => editLock(dir, (lock) => void (lock.files['deploy/old.yaml'] = { mode: 'managed', sha256: '0'.repeat(64) }))],
    ['a lock that is not JSON', (dir) => writeFileSync(join(dir, 'devops-stack.lock.json'), '{')],
  ];
  for (const [what, change] of changes) {
    it(`steps aside for the full check: ${what}`, async () => {
      const { dir } = await generated(REFERENCE_STACKS['t1-default']!);
      expect(unchangedReport(dir, 'app')).toBeDefined();
      change(dir);
      expect(unchangedReport(dir, 'app')).toBeUndefined();
    });
  }
});
