/**
 * dist/install.cjs, run when the package is installed (postinstall): writes the V8 code cache of
 * dist/main.cjs (src/code-cache.ts) by running, in a temporary directory, what users run most: a
 * T1 and a T3 generation and a check that re-renders. Best effort: whatever goes wrong, the
 * install succeeds and the CLI compiles as usual.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_FILE, CODE_CACHE_FILE, codeCacheSupported, compileBundle, encodeCache } from './code-cache.js';
import type { CliIo } from './cli/io.js';

type Main = typeof import('./cli/main.js');

/** The runs whose functions the cache holds, each in a directory of its own that is a repository root. */
const RUNS: readonly (readonly string[])[] = [
  ['t1', '--yes'],
  ['t3', '--yes', '--tier', 'T3', '--strategy', 'canary', '--services', 'postgres'],
  ['check', 't1'],
];

export async function writeCodeCache(dir: string): Promise<void> {
  if (!codeCacheSupported()) return;
  const source = readFileSync(join(dir, BUNDLE_FILE), 'utf8');
  const { exports, script } = compileBundle(dir, source);
  const work = mkdtempSync(join(tmpdir(), 'create-devops-stack-cache-'));
  try {
    const io: CliIo = { stdout: () => undefined, stderr: () => undefined, isTTY: false, cwd: work, env: {} };
    // A .git of their own: each stack is its repository's root, and writes nothing above it.
    for (const stack of ['t1', 't3']) mkdirSync(join(work, stack, '.git'), { recursive: true });
    for (const argv of RUNS) {
      if (argv[0] === 'check') appendFileSync(join(work, 't1', 'Dockerfile'), '# edited: check renders again\n');
      const code = await (exports as Main).main(argv, io);
      if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const file = encodeCache(source, script.createCachedData());
  if (!file) return;
  const temporary = join(dir, `${CODE_CACHE_FILE}.${process.pid}.tmp`);
  writeFileSync(temporary, file);
  renameSync(temporary, join(dir, CODE_CACHE_FILE));
}

writeCodeCache(__dirname).catch((error: unknown) => {
  process.stderr.write(`create-devops-stack: no code cache (${error instanceof Error ? error.message : String(error)}); the CLI works, it only starts slower.\n`);
});
