/**
 * npm, Yarn (classic or Berry), pnpm or bun, from package.json's packageManager field and the
 * lockfiles, in the stack's directory or (in a workspace) the nearest directory above it that
 * has them. A lockfile above the stack means a workspace: install runs for the whole of it.
 */
import type { Repo } from '../repo.js';
import type { Detected } from '../types.js';
import { readPackageJson } from './package-json.js';

export type NodeManager = 'npm' | 'yarn' | 'pnpm' | 'bun';

export interface ManagerChoice {
  manager: NodeManager;
  /** Yarn 1 (classic) or Yarn 2+ (Berry): different install flags. */
  yarn?: 'classic' | 'berry';
  /** The lockfile, relative to the stack; undefined when there is none. */
  lockfile?: string;
  /** '' or '../../': where the workspace root is, relative to the stack. */
  root: string;
  file: string;
  reason: string;
  others: Detected[];
}

const LOCKFILES: readonly [string, NodeManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

function yarnFlavour(repo: Repo, root: string, declared: string | undefined): { yarn: 'classic' | 'berry'; why: string } {
  const version = declared && /^yarn@(\d+)/.exec(declared)?.[1];
  if (version) return { yarn: version === '1' ? 'classic' : 'berry', why: `packageManager ${declared}` };
  const head = repo.read(`${root}yarn.lock`, 2048) ?? '';
  if (/^__metadata:/m.test(head)) return { yarn: 'berry', why: 'yarn.lock has __metadata (Yarn 2+)' };
  if (repo.read(`${root}.yarnrc.yml`, 1) !== undefined) return { yarn: 'berry', why: '.yarnrc.yml (Yarn 2+)' };
  return { yarn: 'classic', why: 'yarn.lock v1 (Yarn classic)' };
}

export function nodePackageManager(repo: Repo): ManagerChoice {
  for (const root of repo.upward()) {
    const pkg = readPackageJson(repo, `${root}package.json`);
    const declared = pkg?.packageManager && /^(npm|yarn|pnpm|bun)@/.exec(pkg.packageManager)?.[1];
    const locks = LOCKFILES.filter(([file]) => repo.read(`${root}${file}`, 1) !== undefined);
    if (!declared && !locks.length) continue;
    const [lockName, lockManager] = locks.find(([, m]) => m === declared) ?? locks[0] ?? [];
    const manager = (declared as NodeManager | undefined) ?? lockManager!;
    const lockfile = lockName && lockManager === manager ? `${root}${lockName}` : undefined;
    const file = declared ? `${root}package.json` : lockfile!;
    const flavour = manager === 'yarn' ? yarnFlavour(repo, root, pkg?.packageManager) : undefined;
    const where = root ? ' at the workspace root' : '';
    const reason = declared ? `packageManager ${pkg!.packageManager}${where}` : `lockfile ${lockName}${where}${flavour ? `: ${flavour.why}` : ''}`;
    const others = locks
      .filter(([name, m]) => m !== manager || `${root}${name}` !== lockfile)
      .filter(([, m]) => m !== manager)
      .map(([name, m]): Detected => ({ field: 'app.packageManager', value: m, file: `${root}${name}`, ignored: `${file} decides (${manager})` }));
    return { manager, ...(flavour ? { yarn: flavour.yarn } : {}), ...(lockfile ? { lockfile } : {}), root, file, reason, others };
  }
  return { manager: 'npm', root: '', file: 'package.json', reason: 'no lockfile and no packageManager field: npm (installs with npm install, since npm ci needs package-lock.json)', others: [] };
}
