/**
 * Issue 11, items 8 and 11: the disk failing (full, read-only, permission denied) at any change a
 * run makes is a message and exit 2, never a stack trace, and leaves the stack exactly as it was:
 * no half-written file, no temporary, no empty directory. The faults are injected in-process
 * (test/helpers/fault-preload.cjs wraps node:fs), at every call that creates or changes a file.
 */
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/run-cli.js';

const require = createRequire(import.meta.url);
const { install, failure } = require('./helpers/fault-preload.cjs') as {
  install(spec: { at: number; only?: string[] }, onCall: (name: string, args: unknown[]) => void): { count(): number; restore(): void };
  failure(code: string, name: string, args: unknown[]): Error;
};

/** The calls that can fail for want of space or permission: those that create or change content. */
const CREATING = ['writeFileSync', 'mkdirSync', 'linkSync', 'copyFileSync', 'renameSync', 'chmodSync'];

const scratch = tempDir('cds-faults-');
afterAll(() => scratch.cleanup(), 120_000);

/** Every path below dir with its content (links and directories as such). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(join(dir, path));
      if (stat.isDirectory()) {
        out.set(`${path}/`, '');
        walk(path);
      } else out.set(path, `${stat.mode.toString(8)} ${readFileSync(join(dir, path), 'utf8')}`);
    }
  };
  walk('');
  return out;
}

async function withFault(code: string, at: number, run: () => Promise<{ code: number; stdout: string; stderr: string }>): Promise<{ code: number; stdout: string; stderr: string }> {
  const fault = install({ at, only: CREATING }, (name, args) => {
    throw failure(code, name, args);
  });
  try {
    return await run();
  } finally {
    fault.restore();
  }
}

async function countCalls(run: () => Promise<unknown>): Promise<number> {
  const counter = install({ at: -1, only: CREATING }, () => undefined);
  try {
    await run();
  } finally {
    counter.restore();
  }
  return counter.count();
}

describe.each([
  ['a first generate into a new directory', async (): Promise<void> => undefined, (dir: string): string[] => [join(dir, 'new', 'stack'), '--yes']],
  [
    'a re-generate with edited answers (files replaced, added and removed)',
    async (dir: string): Promise<void> => {
      writeFileSync(join(dir, 'devops-stack.yaml'), 'name: shop\nskip: [observability]\n');
      expect((await runCli([dir, '--yes'], dir)).code).toBe(0);
      const answers = readFileSync(join(dir, 'devops-stack.yaml'), 'utf8');
      writeFileSync(join(dir, 'devops-stack.yaml'), answers.replace('region: us-east-1', 'region: eu-west-1').replace(/skip:\n {2}- observability\n/, 'skip:\n  - cicd\n'));
      // A mode of the user's on a file the run replaces: a failed run puts it back with it (the snapshot compares modes).
      chmodSync(join(dir, 'docs/devops/setup-guide.md'), 0o600);
    },
    (dir: string): string[] => [dir, '--yes'],
  ],
] as const)('the disk fails during %s', (label, prepare, args) => {
  it.each(['ENOSPC', 'EACCES', 'EROFS'])('%s at every change (every fifth for all but ENOSPC): exit 2 with the reason, no stack trace, the stack as it was', async (code) => {
    const template = join(scratch.dir, `${label.length}-${code}-template`);
    mkdirSync(template, { recursive: true });
    await prepare(template);
    const reference = join(scratch.dir, `${label.length}-${code}-count`);
    cpSync(template, reference, { recursive: true });
    const total = await countCalls(() => runCli(args(reference), reference));
    expect(total).toBeGreaterThan(10);
    const before = snapshot(template);
    const failures: string[] = [];
    // Every change for a full disk; a sample for the others, which take the same way through the writer.
    const step = code === 'ENOSPC' ? 1 : 5;
    for (let at = 1; at <= total; at += step) {
      const dir = join(scratch.dir, `${label.length}-${code}-${at}`);
      cpSync(template, dir, { recursive: true });
      const run = await withFault(code, at, () => runCli(args(dir), dir));
      const after = snapshot(dir);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p));
      if (run.code !== 2) failures.push(`${code} at ${at}: exit ${run.code}`);
      if (/\n\s+at /.test(run.stderr) || !/could not .*: /.test(run.stderr)) failures.push(`${code} at ${at}: ${run.stderr}`);
      if (changed.length) failures.push(`${code} at ${at}: changed ${changed.join(', ')}`);
      rmSync(dir, { recursive: true, force: true });
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
