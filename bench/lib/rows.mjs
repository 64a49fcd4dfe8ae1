// What is measured. Each row runs once first (calibration): a row that fails there is reported
// as unavailable with its own first error line, never timed; one that works gives the list of
// files (paths and sizes) that its floor writes (or, for `check`, reads). Every row is a subject
// and its floor, each { argv, cwd, fresh, expectedStatus } as bench/lib/timing.mjs runs them.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from './measure.mjs';
import { BASE, inBase } from './timing.mjs';

const CLI = 'dist/cli.cjs';
const FLOOR = fileURLToPath(new URL('./floor.cjs', import.meta.url));
const T3 = ['--tier', 'T3', '--strategy', 'canary', '--services', 'postgres'];
/** A name that no text of the validation matrix holds: its pieces are counted with the rank table, not the table of pieces. */
export const UNSEEN_NAME = 'quokka-ledger';
const MONOREPO_STACKS = 100;

export function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}
export const filesOf = (dir) => listFiles(dir).map((path) => [relative(dir, path).split(sep).join('/'), statSync(path).size]);

export function reason(result) {
  const line = `${result.stderr}\n${result.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' ');
  return `exit ${result.status}: ${line.slice(0, 160)}`;
}

/** The floor of a row: bare Node writing (or reading) the same files, started the same way. */
export function floorOf(work, name, files, read) {
  const list = join(work, `floor-${name.replace(/[^a-z0-9]+/gi, '-')}.json`);
  writeFileSync(list, JSON.stringify(files));
  return read
    ? { argv: [process.execPath, FLOOR, read, list, '--read'], cwd: work, fresh: false }
    : { argv: [process.execPath, FLOOR, BASE, list], cwd: BASE, fresh: true };
}

/** Generates a stack once into a new directory; returns it, or the reason it failed. */
function generateOnce(root, work, extra) {
  const base = mkdtempSync(join(work, 'calibrate-'));
  const result = runNode([join(root, CLI), join(base, 'app'), '--yes', ...extra], base);
  return result.status === 0 ? { dir: join(base, 'app') } : { reason: reason(result) };
}

export function prepareRows(root, work) {
  const cli = join(root, CLI);
  const generateRow = (name, extra, target) => {
    const once = generateOnce(root, work, extra);
    if (!once.dir) return { name, target, available: false, reason: once.reason };
    const files = filesOf(once.dir);
    return {
      name,
      target,
      available: true,
      files,
      subject: { argv: [process.execPath, cli, inBase('app'), '--yes', ...extra], cwd: BASE, fresh: true },
      floor: floorOf(work, name, files),
      t1: extra.length === 0 ? once.dir : undefined,
    };
  };
  // The package as installed without its install script: no code cache.
  const uncached = join(work, 'dist-without-code-cache');
  cpSync(join(root, 'dist'), uncached, { recursive: true, filter: (path) => !path.endsWith('.cache') });
  const uncachedRow = (name, extra) => {
    const row = generateRow(name, extra, {});
    return row.available ? { ...row, subject: { ...row.subject, argv: [process.execPath, join(uncached, 'cli.cjs'), ...row.subject.argv.slice(2)] }, t1: undefined } : row;
  };
  const rows = [
    // Start-up alone: loading the entry; its floor is a process that makes an empty temp dir.
    { name: 'start-up (--version)', target: {}, available: true, files: [], subject: { argv: [process.execPath, cli, '--version'], cwd: work, fresh: false }, floor: floorOf(work, 'start-up', []) },
    generateRow('T1 default (--yes)', [], { ratio: 2 }),
    uncachedRow('T1 default, no code cache (install scripts off)', []),
    generateRow(`T1, a name no table holds (--name ${UNSEEN_NAME})`, ['--name', UNSEEN_NAME], {}),
    generateRow('T3 reference (canary, postgres)', T3, { ratio: 2.5 }),
    uncachedRow('T3 reference, no code cache', T3),
  ];

  // `check` reads a generated repo and writes nothing: its floor reads the same files.
  const checkRow = (name, target, dir, prepare, entry = cli) => {
    const row = { name, target };
    if (!dir.dir) return { ...row, available: false, reason: dir.reason };
    prepare?.(dir.dir);
    const probe = runNode([entry, 'check', dir.dir], work);
    if (probe.status !== 0) return { ...row, available: false, reason: reason(probe) };
    const files = filesOf(dir.dir);
    return { ...row, available: true, files, subject: { argv: [process.execPath, entry, 'check', dir.dir], cwd: work, fresh: false }, floor: floorOf(work, name, files, dir.dir) };
  };
  const repo = generateOnce(root, work, []);
  // Unchanged since generation, check answers from the lock's render digest (src/check/unchanged.ts);
  // after an edit it renders again and re-runs the rules: both are measured.
  rows.push(checkRow('check (T1 repo, unchanged)', { ratio: 1.5 }, repo));
  const edited = generateOnce(root, work, []);
  // The user's to change: a note, exit 0.
  rows.push(checkRow('check (T1 repo, a seeded file edited: re-renders)', { ratio: 2 }, edited, (dir) => appendFileSync(join(dir, 'Dockerfile'), '# our own layer\n')));
  // The same edited repo (check writes nothing), checked by the package installed without its code cache.
  rows.push(checkRow('check (T1 repo, edited), no code cache', {}, edited, undefined, join(uncached, 'cli.cjs')));

  // A monorepo: the same stack in 100 service directories, checked in one process; once as
  // generated (answered from the locks), once with a file edited in every stack (each rendered).
  const monorepoRow = (name, source, dirName) => {
    const row = { name, target: { ms: 2000 } };
    if (!source) return { ...row, available: false, reason: 'pending: needs `check`' };
    const mono = join(work, dirName);
    const dirs = Array.from({ length: MONOREPO_STACKS }, (_, i) => join('services', `svc-${String(i).padStart(3, '0')}`));
    for (const dir of dirs) {
      mkdirSync(join(mono, dir), { recursive: true });
      cpSync(source, join(mono, dir), { recursive: true });
    }
    const multi = runNode([cli, 'check', ...dirs], mono);
    if (multi.status !== 0) return { ...row, available: false, reason: reason(multi) };
    const files = filesOf(mono);
    return { ...row, available: true, files, subject: { argv: [process.execPath, cli, 'check', ...dirs.map((d) => join(mono, d))], cwd: work, fresh: false }, floor: floorOf(work, name, files, mono) };
  };
  const checked = ['check (T1 repo, unchanged)', 'check (T1 repo, a seeded file edited: re-renders)'].every((name) => rows.find((r) => r.name === name)?.available);
  rows.push(monorepoRow(`check ${MONOREPO_STACKS} stacks, one process`, checked ? repo.dir : undefined, 'monorepo'));
  rows.push(monorepoRow(`check ${MONOREPO_STACKS} stacks, each with an edited file`, checked ? edited.dir : undefined, 'monorepo-edited'));
  return rows;
}
