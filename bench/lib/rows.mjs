// What is measured. Each row runs once first (calibration): a row that fails there is reported
// as unavailable with the CLI's own first error line, never timed; one that works gives the list
// of files (paths and sizes) that its floor writes (or, for `check`, reads).
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { runNode } from './measure.mjs';

const CLI = 'dist/cli.cjs';
const T3 = ['--tier', 'T3', '--strategy', 'canary', '--services', 'postgres'];
const MONOREPO_STACKS = 100;

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}
const filesOf = (dir) => listFiles(dir).map((path) => [relative(dir, path).split(sep).join('/'), statSync(path).size]);

function reason(result) {
  const line = `${result.stderr}\n${result.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' ');
  return `exit ${result.status}: ${line.slice(0, 120)}`;
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
    return once.dir
      ? { name, target, available: true, expectedStatus: 0, files: filesOf(once.dir), subjectArgs: (base) => [cli, join(base, 'app'), '--yes', ...extra] }
      : { name, target, available: false, reason: once.reason };
  };
  const rows = [
    // Start-up alone: loading the bundle; its floor makes an empty temp dir.
    { name: 'start-up (--version)', target: {}, available: true, expectedStatus: 0, files: [], subjectArgs: () => [cli, '--version'] },
    generateRow('T1 default (--yes)', [], { ratio: 1.5 }),
    generateRow('T3 reference (canary, postgres)', T3, { ratio: 2 }),
  ];

  // `check` reads a generated repo and writes nothing: its floor reads the same files.
  const repo = generateOnce(root, work, []);
  // Unchanged since generation, check answers from the lock's render digest (src/check/unchanged.ts);
  // after an edit it renders again and re-runs the rules: both are measured.
  const checkRow = { name: 'check (T1 repo, unchanged)', target: { ratio: 1.5 }, floorRead: true };
  const probe = repo.dir ? runNode([cli, 'check', repo.dir], work) : undefined;
  if (!repo.dir) rows.push({ ...checkRow, available: false, reason: repo.reason });
  else if (probe.status !== 0) rows.push({ ...checkRow, available: false, reason: reason(probe) });
  else rows.push({ ...checkRow, available: true, expectedStatus: 0, files: filesOf(repo.dir), floorBase: repo.dir, subjectArgs: () => [cli, 'check', repo.dir] });
  const edited = generateOnce(root, work, []);
  const editedRow = { name: 'check (T1 repo, a seeded file edited: re-renders)', target: { ratio: 1.5 }, floorRead: true };
  if (!edited.dir) rows.push({ ...editedRow, available: false, reason: edited.reason });
  else {
    appendFileSync(join(edited.dir, 'Dockerfile'), '# our own layer\n'); // the user's to change: a note, exit 0
    const run = runNode([cli, 'check', edited.dir], work);
    rows.push(
      run.status === 0
        ? { ...editedRow, available: true, expectedStatus: 0, files: filesOf(edited.dir), floorBase: edited.dir, subjectArgs: () => [cli, 'check', edited.dir] }
        : { ...editedRow, available: false, reason: reason(run) },
    );
  }

  // A monorepo: the same stack in 100 service directories, checked in one process; once as
  // generated (answered from the locks), once with a file edited in every stack (each rendered).
  const monorepoRow = (name, source, dirName) => {
    const row = { name, target: { ms: 2000 }, floorRead: true };
    if (!source) return { ...row, available: false, reason: 'pending: needs `check`' };
    const mono = join(work, dirName);
    const dirs = Array.from({ length: MONOREPO_STACKS }, (_, i) => join('services', `svc-${String(i).padStart(3, '0')}`));
    for (const dir of dirs) {
      mkdirSync(join(mono, dir), { recursive: true });
      cpSync(source, join(mono, dir), { recursive: true });
    }
    const multi = runNode([cli, 'check', ...dirs], mono);
    return multi.status === 0
      ? { ...row, available: true, expectedStatus: 0, files: filesOf(mono), floorBase: mono, subjectArgs: () => [cli, 'check', ...dirs.map((d) => join(mono, d))] }
      : { ...row, available: false, reason: reason(multi) };
  };
  rows.push(monorepoRow(`check ${MONOREPO_STACKS} stacks, one process`, probe?.status === 0 ? repo.dir : undefined, 'monorepo'));
  rows.push(monorepoRow(`check ${MONOREPO_STACKS} stacks, each with an edited file`, probe?.status === 0 ? edited.dir : undefined, 'monorepo-edited'));
  return rows;
}
