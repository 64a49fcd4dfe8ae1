// Peers measured in the same run, each against its own floor: create-vite (18 static files from
// its react-ts template) and hygen (the T1 stack's own files from one EJS template each). They are
// not dependencies of this project: installed at bench time with npm into a cache directory
// (.tmp/bench-peers, gitignored; or $CDS_BENCH_CACHE), once per version. A peer that cannot be
// installed (no registry) or fails its calibration run is reported as unavailable, with why.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { benchEnv, runNode } from './measure.mjs';
import { filesOf, floorOf, listFiles, reason } from './rows.mjs';
import { BASE, inBase } from './timing.mjs';

export const PEERS = { 'create-vite': '9.3.0', hygen: '6.2.11' };

function install(cache) {
  const marker = join(cache, 'installed.json');
  const wanted = JSON.stringify(PEERS);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === wanted) return undefined;
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, 'package.json'), '{ "private": true }\n');
  const specs = Object.entries(PEERS).map(([name, version]) => `${name}@${version}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', ...specs], { cwd: cache, env: benchEnv(), encoding: 'utf8' });
  if (result.status !== 0) return `npm install ${specs.join(' ')} failed: ${(result.stderr || result.error?.message || '').trim().split('\n').slice(-2).join(' ')}`;
  writeFileSync(marker, wanted);
  return undefined;
}

/** The T1 stack as a hygen generator: one template per file, the stack's name as its one variable. */
function hygenTemplates(dir, t1) {
  const templates = join(dir, '_templates', 'stack', 'new');
  mkdirSync(templates, { recursive: true });
  listFiles(t1).forEach((path, i) => {
    const to = relative(t1, path).split(sep).join('/');
    // EJS would read `<%` in a file as a tag: `<%%` is its escape for a literal one.
    const body = readFileSync(path, 'utf8').replaceAll('<%', '<%%');
    writeFileSync(join(templates, `${String(i).padStart(3, '0')}.ejs.t`), `---\nto: <%= name %>/${to}\n---\n${body}`);
  });
}

export function peerRows(root, work, t1) {
  const cache = process.env.CDS_BENCH_CACHE ?? join(root, '.tmp', 'bench-peers');
  const failure = install(cache);
  const modules = join(cache, 'node_modules');
  const rows = [];
  const row = (name, argv, cwdFor) => {
    if (failure) return { name, target: {}, peer: true, available: false, reason: failure };
    const probe = join(work, `probe-${rows.length}`);
    mkdirSync(probe, { recursive: true });
    const once = runNode(argv.map((a) => (a === BASE ? probe : a?.base ? join(probe, a.base) : a)), cwdFor(probe));
    if (once.status !== 0) return { name, target: {}, peer: true, available: false, reason: reason(once) };
    const files = filesOf(join(probe, 'app'));
    return { name, target: {}, peer: true, available: true, files, subject: { argv: [process.execPath, ...argv], cwd: BASE, fresh: true }, floor: floorOf(work, name, files) };
  };
  rows.push(row(`create-vite ${PEERS['create-vite']} (react-ts)`, [join(modules, 'create-vite', 'index.js'), 'app', '--template', 'react-ts'], (dir) => dir));
  if (!t1) rows.push({ name: `hygen ${PEERS.hygen}`, target: {}, peer: true, available: false, reason: 'needs the T1 stack, which did not generate' });
  else {
    const generator = join(work, 'hygen');
    hygenTemplates(generator, t1);
    // hygen looks for _templates in its working directory, or where HYGEN_TMPLS says: the run's fresh directory is its cwd.
    process.env.HYGEN_TMPLS = join(generator, '_templates');
    rows.push(row(`hygen ${PEERS.hygen} (the T1 files, one EJS template each)`, [join(modules, 'hygen', 'dist', 'bin.js'), 'stack', 'new', '--name', 'app'], (dir) => dir));
  }
  return rows;
}
