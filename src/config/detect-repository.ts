/**
 * The GitHub OWNER/NAME of a repository, read from .git/config's "origin" remote
 * (no child process: `git` may be missing, and spawning costs more than the read).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const GITHUB_URL = /github\.com[:/]([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/;

export function repositoryFromGitConfig(text: string): string | undefined {
  let inOrigin = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inOrigin = /^\[remote\s+"origin"\]$/.test(line);
    else if (inOrigin) {
      const match = /^url\s*=\s*(\S+)$/.exec(line);
      const github = match ? GITHUB_URL.exec(match[1]!) : null;
      if (github) return `${github[1]}/${github[2]}`;
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
