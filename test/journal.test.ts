/**
 * The journal and the writer's directories (issue 11, items 3 and 6, and the mkdir count of the
 * performance issue): an interrupted run is reported by check and recovered by the next writing
 * run; a journal names no file that recovery would delete unless this generator writes it and the
 * run wrote it; each directory is created once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL, sha256Of, tempName, backupName, writeJournal } from '../src/write/journal.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const require = createRequire(import.meta.url);
const { install } = require('./helpers/fault-preload.cjs') as { install(spec: { at: number; only?: string[] }, onCall: () => void): { count(): number; restore(): void } };
const CLI = join(import.meta.dirname, '..', 'dist', 'cli.cjs');

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function stack(): Promise<{ root: string; dir: string }> {
  const { dir: root, cleanup } = tempDir('cds-journal-');
  cleanups.push(cleanup);
  const dir = join(root, 's');
  expect((await runCli([dir, '--yes', '--name', 'shop'], root)).code).toBe(0);
  return { root, dir };
}

/** A run killed half way through its renames: ci.yml still to be renamed into place (as it was: the same answers). */
function interrupted(dir: string, pid = 999_999): void {
  const path = '.github/workflows/ci.yml';
  const temp = join(dir, '.github/workflows', tempName(path, pid));
  writeFileSync(temp, readFileSync(join(dir, path), 'utf8'));
  writeJournal(dir, { format: 1, pid, state: 'applying', dirs: [], ops: [{ path, kind: 'write', temp: tempName(path, pid), sha256: sha256Of(readFileSync(temp)) }] });
}

describe('an interrupted run', () => {
  it('check reports it (exit 1) instead of calling the stack clean, on the quick path too', async () => {
    const { root, dir } = await stack();
    interrupted(dir);
    const full = await runCli(['check', dir], root);
    expect(full.code).toBe(1);
    expect(full.stdout).toContain('drift/interrupted-run');
    const quick = spawnSync(process.execPath, [CLI, 'check', dir], { cwd: root, encoding: 'utf8' });
    expect(quick.status).toBe(1);
    expect(quick.stdout).toContain('drift/interrupted-run');
  });

  it('a dry run refuses to describe a half-written stack', async () => {
    const { root, dir } = await stack();
    interrupted(dir);
    const run = await runCli([dir, '--yes', '--dry-run'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a run was interrupted here');
  });

  it('the next run finishes it first, then does its own work; nothing is left behind', async () => {
    const { root, dir } = await stack();
    interrupted(dir);
    const run = await runCli([dir, '--yes', '--name', 'shop'], root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Finished an interrupted run of process 999999/);
    expect(readdirSync(join(dir, '.github/workflows')).sort()).toEqual(['ci.yml', 'deploy.yml']);
    expect(existsSync(join(dir, JOURNAL))).toBe(false);
    expect((await runCli(['check', dir, '--full'], root)).code).toBe(0);
  });

  it('a journal naming files this generator never writes deletes none of them', async () => {
    const { root, dir } = await stack();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/app.js'), 'console.log(1);\n');
    writeFileSync(join(dir, 'src/keep.js'), 'keep\n');
    // "Undo" a write of src/app.js (as if the run had created it), and "finish" a removal of src/keep.js.
    linkSync(join(dir, 'src/keep.js'), join(dir, 'src', backupName('src/keep.js', 4242)));
    writeJournal(dir, { format: 1, pid: 4242, state: 'undoing', dirs: [], ops: [{ path: 'src/app.js', kind: 'write', sha256: sha256Of('console.log(1);\n') }] });
    expect((await runCli([dir, '--yes', '--name', 'shop'], root)).code).toBe(0);
    expect(readFileSync(join(dir, 'src/app.js'), 'utf8')).toBe('console.log(1);\n');
    expect(readFileSync(join(dir, 'src/keep.js'), 'utf8')).toBe('keep\n');
  });

  it('a journal naming a path outside the stack stops the run, touching nothing', async () => {
    const { root, dir } = await stack();
    writeFileSync(join(root, 'outside.txt'), 'x\n');
    writeJournal(dir, { format: 1, pid: 4242, state: 'applying', dirs: [], ops: [{ path: '../outside.txt', kind: 'remove', backup: backupName('../outside.txt', 4242) }] });
    const run = await runCli([dir, '--yes', '--name', 'shop'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is outside');
    expect(readFileSync(join(root, 'outside.txt'), 'utf8')).toBe('x\n');
  });
});

describe('directories', () => {
  it('each one is created once: no mkdir fails with EEXIST, one call per directory made', async () => {
    const { dir: root, cleanup } = tempDir('cds-mkdir-');
    cleanups.push(cleanup);
    const calls: string[] = [];
    const fs = require('node:fs') as { mkdirSync: (path: string, options?: unknown) => unknown };
    const counter = install({ at: -1, only: ['mkdirSync'] }, () => undefined);
    const wrapped = fs.mkdirSync;
    fs.mkdirSync = (path: string, options?: unknown) => {
      calls.push(path);
      return wrapped(path, options);
    };
    const { syncBuiltinESMExports } = require('node:module') as { syncBuiltinESMExports(): void };
    syncBuiltinESMExports();
    let code: number;
    try {
      code = (await runCli([join(root, 's'), '--yes'], root)).code;
    } finally {
      fs.mkdirSync = wrapped;
      counter.restore();
    }
    expect(code).toBe(0);
    const directories = new Set<string>();
    const walk = (d: string): void => {
      directories.add(d);
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name));
    };
    walk(join(root, 's'));
    expect(calls.length).toBe(new Set(calls).size);
    expect(new Set(calls)).toEqual(directories);
  });
});
