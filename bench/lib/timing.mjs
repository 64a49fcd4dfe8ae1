// Times every run from one lightweight spawner: a single bash process runs all rounds of all rows,
// interleaved (subject, then its floor), and stamps each run with $EPOCHREALTIME around a plain
// fork and exec. Every measured process, subject or floor, ours or a peer's, starts the same way,
// with nothing preloaded; a Node parent spawning each child would add ~10 ms to every run, which
// flatters the ratios. CPU time (user + system) comes from bash's `times` around each run.
// Fresh directories are made and removed outside the timed region.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchEnv } from './measure.mjs';

/** A word for bash, quoted (or a fresh run directory, when it is BASE). */
export const BASE = Symbol('a fresh directory for this run');
const quote = (word) => (word === BASE ? '"$base"' : typeof word === 'object' && word.base ? `"$base"/${quote(word.base)}` : `'${String(word).replaceAll("'", `'\\''`)}'`);
/** `$base/<path>`: a path inside the run's fresh directory. */
export const inBase = (path) => ({ base: path });

/**
 * Runs rounds of the rows' subjects and floors in one bash process and returns the samples:
 * Map(row → { subject: [{ ms, cpuMs, status }], floor: [...] }). Each side is
 * { argv: [program, ...args], cwd: string | BASE, fresh: boolean }.
 */
export function timeRows(rows, { rounds, warmup, work, log }) {
  const lines = ['set -u', `work=${quote(work)}`, 'base=""'];
  const sides = [];
  rows.forEach((row, r) => {
    for (const side of ['subject', 'floor']) sides.push({ r, side, run: row[side] });
  });
  for (let round = 0; round < warmup + rounds; round++) {
    lines.push(`echo "P ${round}" >&2`);
    for (const { r, side, run } of sides) {
      lines.push(
        run.fresh ? 'base=$(mktemp -d "$work/run-XXXXXX")' : 'base=""',
        `cd ${run.cwd === BASE ? '"$base"' : quote(run.cwd)}`,
        'times',
        's=$EPOCHREALTIME',
        `${run.argv.map(quote).join(' ')} >/dev/null 2>"$work/stderr"`,
        'rc=$?',
        'e=$EPOCHREALTIME',
        'times',
        `echo "R ${r} ${side} ${round} $s $e $rc"`,
        `if [ $rc -ne ${run.expectedStatus ?? 0} ]; then echo "F ${r} ${side} ${round} $rc"; head -c 2000 "$work/stderr"; exit 3; fi`,
        'cd "$work"',
        run.fresh ? 'rm -rf "$base"' : ':',
      );
    }
  }
  const script = join(work, 'timing.sh');
  writeFileSync(script, `${lines.join('\n')}\n`);
  log(`timing ${rows.length} rows × ${warmup + rounds} rounds (${warmup} warm-up) from one bash process`);
  const result = spawnSync('bash', [script], { cwd: work, env: { ...benchEnv(), LC_ALL: 'C' }, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.error) throw result.error;
  return parse(result.stdout, rows, warmup, result.status);
}

const seconds = (field) => {
  const [, m, s] = /^(\d+)m([\d.]+)s$/.exec(field) ?? [];
  return Number(m) * 60 + Number(s);
};

function parse(stdout, rows, warmup, status) {
  const samples = new Map(rows.map((row) => [row, { subject: [], floor: [] }]));
  const lines = stdout.split('\n');
  let cpuBefore;
  let pendingCpu;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\d+m[\d.]+s \d+m[\d.]+s$/.test(line) && /^\d+m[\d.]+s \d+m[\d.]+s$/.test(lines[i + 1] ?? '')) {
      // `times`: the shell's own line, then its children's (cumulative user and system).
      const [user, system] = lines[i + 1].split(' ').map(seconds);
      if (cpuBefore === undefined) cpuBefore = user + system;
      else {
        pendingCpu = (user + system - cpuBefore) * 1000;
        cpuBefore = undefined;
      }
      i++;
      continue;
    }
    const failed = /^F (\d+) (\w+) (\d+) (\d+)$/.exec(line);
    if (failed) {
      const row = rows[Number(failed[1])];
      throw new Error(`${row.name} (${failed[2]}): exit ${failed[4]} in round ${Number(failed[3]) + 1}\n${lines.slice(i + 1).join('\n')}`);
    }
    const run = /^R (\d+) (\w+) (\d+) ([\d.]+) ([\d.]+) (\d+)$/.exec(line);
    if (!run) continue;
    const [, r, side, round, start, end, rc] = run;
    if (Number(round) < warmup) continue;
    samples.get(rows[Number(r)])[side].push({ ms: (Number(end) - Number(start)) * 1000, cpuMs: pendingCpu, status: Number(rc) });
  }
  if (status !== 0) throw new Error(`the timing script stopped with exit ${status}`);
  return samples;
}
