// `node bench/tokenizer.mjs`: ways of counting the T1 stack's tokens (cl100k_base), each in a fresh
// process, interleaved, NODE_EXTRA_CA_CERTS unset; the main thread spins RENDER ms (--render,
// default 40: what the steps take) to show what loading in parallel buys. Needs a build (dist/).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { benchEnv, runNode } from './lib/measure.mjs';
import { median, table } from './lib/stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: opts } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, render: { type: 'string', default: '40' } } });
const work = mkdtempSync(join(tmpdir(), 'cds-tokens-'));
const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
try {
  execFileSync(process.execPath, [join(root, 'dist', 'cli.cjs'), join(work, 'app'), '--yes'], { env: benchEnv() });
  const texts = files(join(work, 'app')).map((path) => readFileSync(path, 'utf8'));
  writeFileSync(join(work, 'texts.json'), JSON.stringify(texts));
  // The tokens module bundled as the CLI bundles it, beside a link to the built rank table, and
  // requiring the built tokenizer chunk.
  const bundle = join(work, 'tokens.cjs');
  const chunk = {
    name: 'chunk',
    setup(b) {
      b.onResolve({ filter: /^\.\/tokenizer-chunk\.js$/ }, () => ({ path: join(root, 'dist', 'tokenizer.cjs'), external: true }));
    },
  };
  await build({
    entryPoints: [join(root, 'src', 'integration', 'tokens.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
    define: { __BUNDLED__: 'true', __VERSION__: '"bench"', __BUILD__: '"bench"' }, plugins: [chunk], external: ['gpt-tokenizer/encoding/cl100k_base'],
  });
  symlinkSync(join(root, 'dist', 'cl100k_base.bin'), join(work, 'cl100k_base.bin'));

  const options = ['none', 'gpt-tokenizer', 'gpt-tokenizer-worker', 'compact-table (the CLI)', 'compact-table-worker'];
  const samples = new Map(options.map((o) => [o, []]));
  const totals = new Map();
  const child = join(root, 'bench', 'lib', 'tokenizer-child.cjs');
  for (let round = 0; round < Number(opts.rounds) + 2; round++) {
    for (const option of options) {
      const run = runNode([child, option, join(work, 'texts.json'), opts.render, bundle], root);
      if (run.status !== 0) throw new Error(`${option}: ${run.stderr}`);
      totals.set(option, JSON.parse(run.stdout).total);
      if (round >= 2) samples.get(option).push(run);
    }
  }
  const base = median(samples.get('none').map((s) => s.ms));
  console.log(`${texts.length} files, ${texts.reduce((s, t) => s + t.length, 0)} characters; ${opts.render} ms of rendering simulated; ${opts.rounds} rounds; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs\n`);
  const cpuBase = median(samples.get('none').map((s) => s.cpuMs));
  console.log(table(['option', 'tokens', 'median', 'over no counting', 'CPU (over no counting)', 'maxRSS'], options.map((o) => {
    const runs = samples.get(o);
    const m = median(runs.map((s) => s.ms));
    const cpu = median(runs.map((s) => s.cpuMs));
    return [o, o === 'none' ? '—' : totals.get(o), `${m.toFixed(1)} ms`, `${(m - base).toFixed(1)} ms`, `${cpu.toFixed(1)} ms (${(cpu - cpuBase).toFixed(1)})`, `${(median(runs.map((s) => s.maxRssKb)) / 1024).toFixed(0)} MB`];
  })));
} finally {
  rmSync(work, { recursive: true, force: true });
}
