// Runs one process and measures it: wall time from the parent (spawn included, the same
// for subject and floor) and peak memory as reported by the child itself (rss.cjs).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RSS = fileURLToPath(new URL('./rss.cjs', import.meta.url));

/** The environment of every measured process: NODE_EXTRA_CA_CERTS adds 40–85 ms to each Node start here. */
export function benchEnv() {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  return env;
}

/**
 * Runs `node --require rss.cjs ...args` in cwd; returns { ms, cpuMs, maxRssKb, status, stdout, stderr }.
 * cpuMs (user + system, all threads) is steadier than wall time when other work shares the machine.
 */
export function runNode(args, cwd) {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--require', RSS, ...args], { cwd, env: benchEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  const elapsed = performance.now() - start;
  if (result.error) throw result.error;
  const marker = /@@bench maxRSS=(\d+) cpu=(\d+)\s*$/.exec(result.stderr);
  return {
    ms: elapsed,
    cpuMs: marker ? Number(marker[2]) / 1000 : NaN,
    maxRssKb: marker ? Number(marker[1]) : NaN,
    status: result.status,
    stdout: result.stdout,
    stderr: marker ? result.stderr.slice(0, marker.index) : result.stderr,
  };
}
