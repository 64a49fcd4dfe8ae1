// Sizes: the published tarball (npm pack --dry-run) and what its runtime dependencies
// occupy once installed, summed from the lock's non-dev packages as installed in node_modules
// (the same versions `npm install --omit=dev` of the tarball resolves to; no network needed).
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchEnv } from './measure.mjs';

export function packSize(root) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, env: benchEnv(), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm pack failed: ${result.stderr}`);
  const [info] = JSON.parse(result.stdout);
  const largest = [...info.files].sort((a, b) => b.size - a.size).slice(0, 3);
  return { size: info.size, unpackedSize: info.unpackedSize, entryCount: info.entryCount, largest };
}

/** Apparent size of a directory, not descending into nested node_modules (the lock lists those separately). */
function dirSize(path) {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') total += dirSize(full);
    } else total += lstatSync(full).size;
  }
  return total;
}

export function runtimeDependencies(root) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const packages = Object.entries(lock.packages)
    .filter(([path, meta]) => path.startsWith('node_modules/') && !meta.dev && !meta.devOptional)
    .map(([path, meta]) => ({ name: path.slice(path.lastIndexOf('node_modules/') + 13), version: meta.version, bytes: dirSize(join(root, path)) }))
    .sort((a, b) => b.bytes - a.bytes);
  return { count: packages.length, bytes: packages.reduce((sum, p) => sum + p.bytes, 0), packages };
}
