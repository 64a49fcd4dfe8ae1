// `npm run bench`: the CLI against the floor, side by side and interleaved (ABAB…, warm-up
// rounds discarded), every process without NODE_EXTRA_CA_CERTS; then package and install sizes.
// Options: --rounds N (default 10), --warmup N (default 2), --json, --no-build.
// Public tools only: Node's own timers and child_process; nothing to install.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchEnv, runNode } from './lib/measure.mjs';
import { prepareRows } from './lib/rows.mjs';
import { packSize, runtimeDependencies } from './lib/sizes.mjs';
import { kb, mb, median, ms, table } from './lib/stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const FLOOR = fileURLToPath(new URL('./lib/floor.cjs', import.meta.url));
const { values: opts } = parseArgs({
  options: { rounds: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' }, json: { type: 'boolean' }, 'no-build': { type: 'boolean' } },
});
const rounds = Number(opts.rounds);
const warmup = Number(opts.warmup);
const log = (line) => process.stderr.write(`${line}\n`);

if (!opts['no-build']) {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, env: benchEnv(), stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const loadStart = loadavg()[0];
const work = mkdtempSync(join(tmpdir(), 'cds-bench-'));
const floorList = join(work, 'floor-files');
try {
  const rows = prepareRows(root, work);
  const samples = new Map(rows.map((row) => [row, { subject: [], floor: [] }]));
  for (let round = 0; round < warmup + rounds; round++) {
    log(`round ${round + 1}/${warmup + rounds}${round < warmup ? ' (warm-up, discarded)' : ''}`);
    for (const row of rows.filter((r) => r.available)) {
      // A then B, each in a fresh directory made outside the timed region.
      const base = mkdtempSync(join(work, 'run-'));
      const a = runNode(row.subjectArgs(base), base);
      if (a.status !== row.expectedStatus) throw new Error(`${row.name}: exit ${a.status} in round ${round + 1}\n${a.stderr}`);
      writeFileSync(floorList, JSON.stringify(row.files));
      const b = runNode([FLOOR, row.floorBase ?? base, floorList, ...(row.floorRead ? ['--read'] : [])], root);
      if (b.status !== 0) throw new Error(`floor for ${row.name} failed:\n${b.stderr}`);
      rmSync(base, { recursive: true, force: true });
      if (round >= warmup) {
        samples.get(row).subject.push(a);
        samples.get(row).floor.push(b);
      }
    }
  }

  const results = rows.map((row) => {
    if (!row.available) return { name: row.name, target: row.target, available: false, reason: row.reason };
    const { subject, floor } = samples.get(row);
    const times = subject.map((s) => s.ms);
    const floorMedian = median(floor.map((s) => s.ms));
    const result = {
      name: row.name,
      files: row.files.length,
      bytes: row.files.reduce((sum, [, size]) => sum + size, 0),
      median: median(times),
      min: Math.min(...times),
      max: Math.max(...times),
      floor: floorMedian,
      ratio: median(times) / floorMedian,
      cpu: median(subject.map((s) => s.cpuMs)),
      cpuRatio: median(subject.map((s) => s.cpuMs)) / median(floor.map((s) => s.cpuMs)),
      maxRssKb: median(subject.map((s) => s.maxRssKb)),
      floorRssKb: median(floor.map((s) => s.maxRssKb)),
      target: row.target,
    };
    result.holds = row.target.ratio ? result.ratio <= row.target.ratio : row.target.ms ? result.median <= row.target.ms : undefined;
    return { ...result, available: true };
  });
  const pack = packSize(root);
  const deps = runtimeDependencies(root);
  const sizes = { tarball: pack.size, unpacked: pack.unpackedSize, entries: pack.entryCount, largest: pack.largest, runtimeDeps: deps };

  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ rounds, warmup, node: process.version, load: [loadStart, loadavg()[0]], results, sizes }, null, 2)}\n`);
  } else {
    const targetText = (t) => (t.ratio ? `≤ ${t.ratio}× floor` : t.ms ? `≤ ${t.ms} ms` : '—');
    const verdict = (r) => (!r.available ? `unavailable: ${r.reason}` : r.holds === undefined ? '' : r.holds ? 'holds' : 'FAILS');
    console.log(`${rounds} rounds (+${warmup} warm-up discarded), Node ${process.version}, NODE_EXTRA_CA_CERTS unset, load average ${loadStart.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs`);
    if (Math.max(loadStart, loadavg()[0]) > availableParallelism()) console.log('Warning: the machine was busy with other work; absolute times are inflated, ratios less so. Re-run when it is idle.');
    console.log('');
    console.log(
      table(
        ['row', 'files', 'median', 'min–max', 'floor', '× floor', 'CPU (× floor)', 'maxRSS (floor)', 'target', 'verdict'],
        results.map((r) =>
          r.available
            ? [r.name, `${r.files} (${kb(r.bytes)})`, ms(r.median), `${r.min.toFixed(0)}–${r.max.toFixed(0)} ms`, ms(r.floor), r.ratio.toFixed(2), `${ms(r.cpu)} (${r.cpuRatio.toFixed(2)})`, `${(r.maxRssKb / 1024).toFixed(0)} MB (${(r.floorRssKb / 1024).toFixed(0)})`, targetText(r.target), verdict(r)]
            : [r.name, '—', '—', '—', '—', '—', '—', '—', targetText(r.target), verdict(r)],
        ),
      ),
    );
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
