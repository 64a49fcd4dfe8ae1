/** A runtime pinned in asdf/mise's .tool-versions ("nodejs 20.11.0"), here or at the repository root. */
import type { Repo } from './repo.js';
import { exactVersion } from './versions.js';

export function toolVersion(repo: Repo, tools: readonly string[]): { version: string; file: string } | undefined {
  for (const root of repo.upward()) {
    const file = `${root}.tool-versions`;
    const text = repo.read(file);
    if (text === undefined) continue;
    for (const line of text.split('\n')) {
      const [tool, first] = line.replace(/#.*/, '').trim().split(/\s+/);
      const version = tool && tools.includes(tool) ? exactVersion(first) : undefined;
      if (version) return { version, file };
    }
  }
  return undefined;
}

/** The first line of a version file (.nvmrc, .python-version) as an exact version. */
export function versionFile(repo: Repo, names: readonly string[]): { version: string; file: string; raw: string } | undefined {
  for (const root of repo.upward()) {
    for (const name of names) {
      const raw = repo.read(`${root}${name}`, 256)?.split('\n')[0]?.trim();
      if (raw) {
        const version = exactVersion(raw.replace(/^v/, ''));
        if (version) return { version, file: `${root}${name}`, raw };
      }
    }
  }
  return undefined;
}
