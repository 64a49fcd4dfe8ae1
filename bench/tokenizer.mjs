// `node bench/tokenizer.mjs`: ways of counting the T1 stack's tokens (cl100k_base), each in a fresh
// process, interleaved, NODE_EXTRA_CA_CERTS unset; the main thread spins RENDER ms (--render,
// default 40: what the steps take) to show what loading in parallel buys. Needs a build (dist/).
// Options: --rounds N (default 10), --render MS, --name NAME (the stack's name; default app).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { CL100K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { benchEnv, runNode } from './lib/measure.mjs';
import { median, table } from './lib/stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: opts } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, render: { type: 'string', default: '40' }, name: { type: 'string', default: 'app' } } });
const work = mkdtempSync(join(tmpdir(), 'cds-tokens-'));
const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
try {
  execFileSync(process.execPath, [join(root, 'dist', 'cli.cjs'), join(work, opts.name), '--yes'], { cwd: work, env: benchEnv() });
  // What the budgets count: every file but the answers and the lock.
  const texts = files(join(work, opts.name))
    .filter((path) => !/devops-stack\.(yaml|lock\.json)$/.test(path))
    .map((path) => readFileSync(path, 'utf8'));
  const textsFile = join(work, 'texts.json');
  writeFileSync(textsFile, JSON.stringify(texts));
  const ordinary = { disallowedSpecial: new Set() };
  const pieces = new Set(texts.flatMap((t) => [...t.matchAll(CL100K_TOKEN_SPLIT_REGEX)].map(([p]) => p)));
  writeFileSync(`${textsFile}.pieces.json`, JSON.stringify([...pieces].map((p) => [p, countTokens(p, ordinary)])));
  // The CLI's counter, bundled as the CLI bundles it.
  const counter = join(work, 'counter.cjs');
  const entry = join(work, 'counter-entry.ts');
  writeFileSync(entry, `export { tokenCounter } from ${JSON.stringify(join(root, 'src/integration/token-counter.ts'))};\n`);
  await build({ entryPoints: [entry], outfile: counter, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'warning', nodePaths: [join(root, 'node_modules')] });

  const options = [
    'none',
    'gpt-tokenizer as published',
    'the CLI: table of pieces, rank table on the first miss',
    'rank table decompressed early, in the thread pool',
    'no table of pieces: every piece by BPE',
    'every piece in the table (no rank table)',
  ];
  const samples = new Map(options.map((o) => [o, []]));
  const totals = new Map();
  const child = join(root, 'bench', 'lib', 'tokenizer-child.cjs');
  for (let round = 0; round < Number(opts.rounds) + 2; round++) {
    for (const option of options) {
      const run = runNode([child, option, textsFile, opts.render, counter, join(root, 'dist')], root);
      if (run.status !== 0) throw new Error(`${option}: ${run.stderr}`);
      totals.set(option, JSON.parse(run.stdout).total);
      if (round >= 2) samples.get(option).push(run);
    }
  }
  const expected = texts.reduce((sum, t) => sum + countTokens(t, ordinary), 0);
  const base = median(samples.get('none').map((s) => s.ms));
  console.log(`the T1 stack named ${opts.name}: ${texts.length} files, ${texts.reduce((s, t) => s + t.length, 0)} characters, ${expected} tokens; ${opts.render} ms of rendering simulated; ${opts.rounds} rounds; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs\n`);
  const cpuBase = median(samples.get('none').map((s) => s.cpuMs));
  console.log(table(['option', 'tokens', 'median', 'over no counting', 'CPU (over no counting)', 'maxRSS'], options.map((o) => {
    const runs = samples.get(o);
    const m = median(runs.map((s) => s.ms));
    const cpu = median(runs.map((s) => s.cpuMs));
    const tokens = o === 'none' ? '—' : totals.get(o) === expected ? String(expected) : `${totals.get(o)} (WRONG: ${expected})`;
    return [o, tokens, `${m.toFixed(1)} ms`, `${(m - base).toFixed(1)} ms`, `${cpu.toFixed(1)} ms (${(cpu - cpuBase).toFixed(1)})`, `${(median(runs.map((s) => s.maxRssKb)) / 1024).toFixed(0)} MB`];
  })));
} finally {
  rmSync(work, { recursive: true, force: true });
}
