/**
 * Issue 11, item 6: a run killed at any point leaves a stack that the next run finishes or undoes.
 * The built CLI runs in a child process with test/helpers/fault-preload.cjs, which SIGKILLs it
 * just before its Nth file-system change (every create, write, link, rename, mkdir and removal of
 * the run, one run per N). Then the same command runs again, and must end exactly where an
 * uninterrupted run ends: the same files, byte for byte (so `check --full` finds it clean, as it
 * finds the uninterrupted one), and no temporary, backup, journal or lock file left anywhere.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/run-cli.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.cjs');
const PRELOAD = join(ROOT, 'test', 'helpers', 'fault-preload.cjs');
/** Children killed at once: the machine has two cores. */
const PARALLEL = 3;

const scratch = tempDir('cds-kill-');
afterAll(() => scratch.cleanup(), 120_000);

interface Child {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runChild(args: string[], cwd: string, fault: string): Promise<Child> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--require', PRELOAD, CLI, ...args], { cwd, env: { ...process.env, CDS_FAULT: fault, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => done({ code, signal, stderr }));
  });
}

/** Every file except git's, by path: the stack as the user sees it. */
function workTree(dir: string, rel = '', files = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(join(dir, rel)).sort()) {
    if (name === '.git') continue;
    const path = rel ? `${rel}/${name}` : name;
    if (lstatSync(join(dir, path)).isDirectory()) workTree(dir, path, files);
    // The lock's render digest names the build: the killed CLI is the bundle, the second run the sources.
    else files.set(path, readFileSync(join(dir, path), 'utf8').replace(/^ {2}"render": "[0-9a-f]{64}",\n/m, ''));
  }
  return files;
}

/** Our own temporaries, backups, journal and lock: none may outlive a run. */
function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (name === '.git') continue;
      if (/\.cds-\d+\.(?:tmp|bak)$/.test(name) || name.startsWith('.devops-stack.run')) found.push(path);
      if (lstatSync(path).isDirectory()) walk(path);
    }
  };
  walk(dir);
  return found;
}

const git = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

interface Scenario {
  /** The stack before the run, built once and copied for every kill. */
  prepare(dir: string): Promise<void>;
  /** The command that is killed, then run again. */
  args(dir: string): string[];
  /** The command run again after the kill (upgrade's tree is dirty by then). */
  rerun(dir: string): string[];
}

const withAnswers = (dir: string, change: (text: string) => string): void => writeFileSync(join(dir, 'devops-stack.yaml'), change(readFileSync(join(dir, 'devops-stack.yaml'), 'utf8')));

const SCENARIOS: Record<string, Scenario> = {
  // A re-run after editing the answers: new directories and files (observability), replaced
  // files (the guides), removed ones (CI/CD left out).
  generate: {
    async prepare(dir) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'devops-stack.yaml'), 'name: shop\nskip: [observability]\n');
      expect((await runCli([dir, '--yes'], dir)).code).toBe(0);
      withAnswers(dir, (t) => t.replace(/skip:\n {2}- observability\n/, 'skip:\n  - cicd\n'));
    },
    args: (dir) => [dir, '--yes'],
    rerun: (dir) => [dir, '--yes'],
  },
  // An upgrade in git: files replaced, files removed. (No hand edit: check --full fails on an edited managed file by design.)
  upgrade: {
    async prepare(dir) {
      mkdirSync(dir);
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'config', 'user.name', 'Test');
      git(dir, 'config', 'user.email', 'test@example.com');
      git(dir, 'config', 'commit.gpgsign', 'false');
      expect((await runCli([dir, '--yes', '--name', 'shop'], dir)).code).toBe(0);
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'generate');
      withAnswers(dir, (t) => `${t.replace('strategy: rolling', 'strategy: recreate')}skip:\n  - cicd\n`);
      git(dir, 'commit', '-q', '-am', 'answers');
    },
    args: (dir) => ['upgrade', dir],
    rerun: (dir) => ['upgrade', dir, '--allow-dirty'],
  },
};

describe.each(Object.entries(SCENARIOS))('killed anywhere: %s', (name, scenario) => {
  it('ends, after a second run, exactly where an uninterrupted run ends, check --full clean, nothing left behind', async () => {
    const template = join(scratch.dir, `${name}-template`);
    await scenario.prepare(template);
    // The uninterrupted run: what every interrupted one must end as, and how many changes it makes.
    const reference = join(scratch.dir, `${name}-reference`);
    cpSync(template, reference, { recursive: true });
    const countFile = join(scratch.dir, `${name}-count`);
    const clean = await runChild(scenario.args(reference), reference, `count:${countFile}`);
    expect(clean.code, clean.stderr).toBe(0);
    const total = Number(readFileSync(countFile, 'utf8'));
    expect(total).toBeGreaterThan(20);
    const expected = workTree(reference);
    // The uninterrupted result is consistent; a run that ends with the same bytes (every file, hidden
    // ones included, so no leftover either) is too, without checking each one again.
    const referenceCheck = await runCli(['check', reference, '--full'], reference);
    expect(referenceCheck.code, referenceCheck.stdout).toBe(0);

    const failures: string[] = [];
    for (let first = 1; first <= total; first += PARALLEL) {
      const batch = Array.from({ length: Math.min(PARALLEL, total - first + 1) }, (_, i) => first + i);
      const dirs = batch.map((k) => {
        const dir = join(scratch.dir, `${name}-${k}`);
        cpSync(template, dir, { recursive: true });
        return dir;
      });
      const killed = await Promise.all(batch.map((k, i) => runChild(scenario.args(dirs[i]!), dirs[i]!, `kill:${k}`)));
      for (const [i, k] of batch.entries()) {
        const dir = dirs[i]!;
        if (killed[i]!.signal !== 'SIGKILL') failures.push(`kill at ${k}: not killed (exit ${killed[i]!.code}) ${killed[i]!.stderr}`);
        const again = await runCli(scenario.rerun(dir), dir);
        const left = leftovers(dir);
        const tree = workTree(dir);
        const differs = [...new Set([...expected.keys(), ...tree.keys()])].filter((p) => expected.get(p) !== tree.get(p));
        if (again.code !== 0) failures.push(`kill at ${k}: the second run exited ${again.code}: ${again.stderr}${again.stdout.slice(-400)}`);
        if (left.length) failures.push(`kill at ${k}: left behind ${left.join(', ')}`);
        if (differs.length) {
          failures.push(`kill at ${k}: differs from an uninterrupted run: ${differs.join(', ')}`);
          const check = await runCli(['check', dir, '--full'], dir);
          if (check.code !== 0) failures.push(`kill at ${k}: check --full exited ${check.code}: ${check.stdout.slice(0, 600)}${check.stderr}`);
        }
        if (!failures.length) rmSync(dir, { recursive: true, force: true });
      }
      if (failures.length) break;
    }
    expect(failures).toEqual([]);
    expect(existsSync(template)).toBe(true);
  }, 600_000);
});
