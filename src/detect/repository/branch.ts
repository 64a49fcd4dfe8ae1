/**
 * The branch that deploys, read from git's own files (no `git` process: it may be missing, and
 * check runs none): the remote's default branch (refs/remotes/origin/HEAD, written by clone),
 * else origin's main or master when it has exactly one of them, else the branch checked out.
 * Worktrees and submodules (.git is a file naming the real git directory) are followed.
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readHead } from '../repo.js';
import type { Detected } from '../types.js';

const SMALL = 4096;
const ref = (text: string | undefined, prefix: string): string | undefined => {
  const m = text && /^ref:\s*(\S+)/.exec(text.trim());
  return m && m[1]!.startsWith(prefix) ? m[1]!.slice(prefix.length) : undefined;
};

function gitDirs(root: string): { gitDir: string; common: string } | undefined {
  const dotGit = join(root, '.git');
  const pointer = readHead(dotGit, SMALL);
  let gitDir = dotGit;
  if (pointer !== undefined) {
    // A worktree or submodule: "gitdir: <path>".
    const target = /^gitdir:\s*(.+)$/m.exec(pointer)?.[1]?.trim();
    if (!target) return undefined;
    gitDir = isAbsolute(target) ? target : resolve(root, target);
  } else if (readHead(join(dotGit, 'HEAD'), SMALL) === undefined) return undefined;
  const commonDir = readHead(join(gitDir, 'commondir'), SMALL)?.trim();
  return { gitDir, common: commonDir ? resolve(gitDir, commonDir) : gitDir };
}

/** `root`: the git repository root; `dir`: the stack, which files are named relative to. */
export function detectBranch(dir: string, root: string | undefined): Detected[] {
  if (!root) return [];
  const dirs = gitDirs(root);
  if (!dirs) return [];
  const shown = (path: string): string => relative(dir, path).split(sep).join('/');
  const originHead = join(dirs.common, 'refs/remotes/origin/HEAD');
  const remoteDefault = ref(readHead(originHead, SMALL), 'refs/remotes/origin/');
  if (remoteDefault) return [{ field: 'branch', value: remoteDefault, file: shown(originHead), reason: "the remote's default branch (origin/HEAD)" }];
  const packed = readHead(join(dirs.common, 'packed-refs'), 256 * 1024) ?? '';
  const remote = ['main', 'master'].filter((b) => readHead(join(dirs.common, 'refs/remotes/origin', b), 1) !== undefined || packed.includes(` refs/remotes/origin/${b}\n`) || packed.endsWith(` refs/remotes/origin/${b}`));
  if (remote.length === 1) return [{ field: 'branch', value: remote[0], file: shown(join(dirs.common, 'packed-refs')), reason: `origin has ${remote[0]} (no origin/HEAD)` }];
  const headFile = join(dirs.gitDir, 'HEAD');
  const current = ref(readHead(headFile, SMALL), 'refs/heads/');
  if (current) return [{ field: 'branch', value: current, file: shown(headFile), reason: 'the branch checked out (no remote default branch)' }];
  return [];
}

