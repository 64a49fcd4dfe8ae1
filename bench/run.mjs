// `npm run bench`: the CLI against the floor (bare Node writing, or reading, the same files), beside
// create-vite and hygen against theirs, all in one run: every process started the same lightweight
// way by one bash process (bench/lib/timing.mjs), interleaved (subject, floor, next row…), warm-up
// rounds discarded, NODE_EXTRA_CA_CERTS and NODE_OPTIONS unset; then peak memory (a separate pass)
// and package and install sizes. Like an installed package, dist/ gets its code cache (dist/install.cjs,
// the postinstall) first; three rows (T1, T3, check after an edit) run without it, as after
// `npm install --ignore-scripts`, under pnpm 10+ or npm 12 without an allowance.
// Options: --rounds N (default 10), --warmup N (default 2), --json, --no-build, --no-peers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchEnv, runNode } from './lib/measure.mjs';
import { peerRows } from './lib/peers.mjs';
import { prepareRows } from './lib/rows.mjs';
import { packSize, runtimeDependencies } from './lib/sizes.mjs';
import { kb, mb, median, ms, quantile, table } from './lib/stats.mjs';
import { BASE, timeRows } from './lib/timing.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: opts } = parseArgs({
  options: { rounds: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' }, json: { type: 'boolean' }, 'no-build': { type: 'boolean' }, 'no-peers': { type: 'boolean' } },
});
const rounds = Number(opts.rounds);
const warmup = Number(opts.warmup);
const MEMORY_RUNS = 3;
const log = (line) => process.stderr.write(`${line}\n`);

if (!opts['no-build']) {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, env: benchEnv(), stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// What `npm install` does after unpacking the package (postinstall): the code cache of dist/main.cjs.
const install = spawnSync(process.execPath, ['dist/install.cjs'], { cwd: root, env: benchEnv(), encoding: 'utf8' });
if (install.status !== 0 || install.stderr) log(`dist/install.cjs: no code cache (exit ${install.status}): ${install.stderr.trim()}`);

/** Peak memory (and CPU) of a side, from the process itself (bench/lib/rss.cjs), in runs of its own. */
function memoryOf(side, work) {
  const runs = Array.from({ length: MEMORY_RUNS }, () => {
    const base = side.fresh ? mkdtempSync(join(work, 'mem-')) : undefined;
    const args = side.argv.slice(1).map((a) => (a === BASE ? base : a?.base ? join(base, a.base) : a));
    const run = runNode(args, side.cwd === BASE ? base : side.cwd);
    if (base) rmSync(base, { recursive: true, force: true });
    return run.maxRssKb;
  });
  return median(runs);
}

const work = mkdtempSync(join(tmpdir(), 'cds-bench-'));
try {
  const ours = prepareRows(root, work);
  const t1 = ours.find((r) => r.t1)?.t1;
  const rows = [...ours, ...(opts['no-peers'] ? [] : peerRows(root, work, t1))];
  const timed = rows.filter((r) => r.available);
  const loadStart = loadavg();
  const samples = timeRows(timed, { rounds, warmup, work, log });
  const loadEnd = loadavg();
  log(`peak memory: ${MEMORY_RUNS} runs of each side`);

  const results = rows.map((row) => {
    if (!row.available) return { name: row.name, peer: Boolean(row.peer), target: row.target, available: false, reason: row.reason };
    const { subject, floor } = samples.get(row);
    const times = subject.map((s) => s.ms);
    const floorMedian = median(floor.map((s) => s.ms));
    // Each round's subject over the floor run right after it: the spread of the ratio.
    const paired = subject.map((s, i) => s.ms / floor[i].ms);
    const result = {
      name: row.name,
      peer: Boolean(row.peer),
      files: row.files.length,
      bytes: row.files.reduce((sum, [, size]) => sum + size, 0),
      median: median(times),
      min: Math.min(...times),
      max: Math.max(...times),
      floor: floorMedian,
      floorMin: Math.min(...floor.map((s) => s.ms)),
      floorMax: Math.max(...floor.map((s) => s.ms)),
      ratio: median(times) / floorMedian,
      ratioQ1: quantile(paired, 0.25),
      ratioQ3: quantile(paired, 0.75),
      cpu: median(subject.map((s) => s.cpuMs)),
      cpuRatio: median(subject.map((s) => s.cpuMs)) / median(floor.map((s) => s.cpuMs)),
      maxRssKb: memoryOf(row.subject, work),
      floorRssKb: memoryOf(row.floor, work),
      target: row.target,
    };
    result.holds = row.target.ratio ? result.ratio <= row.target.ratio : row.target.ms ? result.median <= row.target.ms : undefined;
    return { ...result, available: true };
  });
  const pack = packSize(root);
  const deps = runtimeDependencies(root);
  const sizes = { tarball: pack.size, unpacked: pack.unpackedSize, entries: pack.entryCount, largest: pack.largest, runtimeDeps: deps };
  const machine = { cpus: availableParallelism(), model: cpus()[0]?.model.trim(), node: process.version, load: { start: loadStart, end: loadEnd } };

  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ date: new Date().toISOString(), rounds, warmup, machine, results, sizes }, null, 2)}\n`);
  } else {
    const targetText = (t) => (t.ratio ? `≤ ${t.ratio}× floor` : t.ms ? `≤ ${t.ms} ms` : '—');
    const verdict = (r) => (!r.available ? `unavailable: ${r.reason}` : r.holds === undefined ? '' : r.holds ? 'holds' : 'FAILS');
    const load = (l) => l.map((v) => v.toFixed(2)).join(' ');
    console.log(`${new Date().toISOString()}; ${rounds} rounds (+${warmup} warm-up discarded); Node ${process.version}; ${machine.cpus} CPUs (${machine.model}); NODE_EXTRA_CA_CERTS unset`);
    console.log(`load average (1, 5, 15 min): ${load(loadStart)} at the start, ${load(loadEnd)} at the end of the timed runs`);
    if (Math.max(loadStart[0], loadEnd[0]) > 0.5 * machine.cpus) console.log('Warning: the machine was not quiet; absolute times are inflated and ratios distorted. Re-run when it is idle.');
    console.log('');
    const cells = (r) =>
      r.available
        ? [r.peer ? `(peer) ${r.name}` : r.name, `${r.files} (${kb(r.bytes)})`, `${ms(r.median)} (${r.min.toFixed(0)}–${r.max.toFixed(0)})`, `${ms(r.floor)} (${r.floorMin.toFixed(0)}–${r.floorMax.toFixed(0)})`, `${r.ratio.toFixed(2)} (${r.ratioQ1.toFixed(2)}–${r.ratioQ3.toFixed(2)})`, `${ms(r.cpu)} (${r.cpuRatio.toFixed(2)})`, `${(r.maxRssKb / 1024).toFixed(0)} MB (${(r.floorRssKb / 1024).toFixed(0)})`, targetText(r.target), verdict(r)]
        : [r.peer ? `(peer) ${r.name}` : r.name, '—', '—', '—', '—', '—', '—', targetText(r.target), verdict(r)];
    console.log(table(['row', 'files', 'median (min–max)', 'floor (min–max)', '× floor (paired IQR)', 'CPU (× floor)', 'peak RSS (floor)', 'target', 'verdict'], results.map(cells)));
    const verdictSize = (value, limit) => (value <= limit ? 'holds' : 'FAILS');
    console.log('\n' + table(['size', 'value', 'target', 'verdict'], [
      ['tarball (npm pack)', `${kb(sizes.tarball)} (${sizes.entries} files, ${kb(sizes.unpacked)} unpacked)`, '≤ 500 kB', verdictSize(sizes.tarball, 500 * 1000)],
      ['runtime dependencies installed', `${mb(deps.bytes)} in ${deps.count} packages`, '≤ 5 MB', verdictSize(deps.bytes, 5 * 1000 * 1000)],
    ]));
    console.log(`\nlargest files in the tarball: ${pack.largest.map((f) => `${f.path} ${kb(f.size)}`).join(', ')}`);
    console.log(`runtime dependencies: ${deps.packages.map((p) => `${p.name}@${p.version} ${mb(p.bytes)}`).join(', ')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
