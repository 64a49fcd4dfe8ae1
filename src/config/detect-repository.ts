/**
 * The repository the deploy roles trust, read from .git/config's "origin" remote (no child
 * process: `git` may be missing, and spawning costs more than the read). The remote's URL is
 * parsed for its host first: only a host a CI platform is known by counts, and each host maps to
 * its platform (GitHub for now; GitLab and others are added to HOSTS with their own detection),
 * so `https://evilgithub.com/attacker/x.git` is never taken for a GitHub repository.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type CiHost = 'github';

/** Hosts by name (lower case), and the platform each serves. */
const HOSTS: Record<string, CiHost> = {
  'github.com': 'github',
  'www.github.com': 'github',
  'ssh.github.com': 'github',
};

export interface Remote {
  host: string;
  /** The path on the host, without leading '/' or trailing '.git' / '/'. */
  path: string;
}

/**
 * A remote URL's host and path: `https://[user@]host[:port]/path`, `ssh://[user@]host[:port]/path`,
 * `git://host/path`, and the scp-like `[user@]host:path`. Undefined for anything else (a local path).
 */
export function parseRemote(url: string): Remote | undefined {
  const tidy = (path: string): string => path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '');
  const full = /^(?:https?|ssh|git(?:\+ssh)?):\/\/(?:[^@/?#]*@)?([^/:?#]+)(?::\d+)?(\/[^?#]*)$/i.exec(url);
  if (full) return { host: full[1]!.toLowerCase(), path: tidy(full[2]!) };
  // scp-like syntax: no scheme, a ':' before any '/' (git's own rule), and a host that is not a drive letter.
  const scp = /^(?:[^@/:]+@)?([^@/:]{2,}):(?!\/\/)(.*)$/.exec(url);
  if (scp) return { host: scp[1]!.toLowerCase(), path: tidy(scp[2]!) };
  return undefined;
}

const GITHUB_PATH = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/** OWNER/NAME of a GitHub remote; undefined for any other host or a path that is not OWNER/NAME. */
export function githubRepository(url: string): string | undefined {
  const remote = parseRemote(url);
  if (!remote || HOSTS[remote.host] !== 'github') return undefined;
  const match = GITHUB_PATH.exec(remote.path);
  return match && match[2] !== '.' && match[2] !== '..' ? `${match[1]}/${match[2]}` : undefined;
}

export function repositoryFromGitConfig(text: string): string | undefined {
  let inOrigin = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inOrigin = /^\[remote\s+"origin"\]$/.test(line);
    else if (inOrigin) {
      const match = /^url\s*=\s*(\S+)$/.exec(line);
      const repository = match ? githubRepository(match[1]!) : undefined;
      if (repository) return repository;
    }
  }
  return undefined;
}

export function detectRepository(dir: string): string | undefined {
  try {
    return repositoryFromGitConfig(readFileSync(join(dir, '.git', 'config'), 'utf8'));
  } catch {
    return undefined;
  }
}
