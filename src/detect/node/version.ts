/**
 * The Node.js version, for CI and the image alike: .nvmrc, .node-version, .tool-versions
 * (exact pins), else package.json's engines.node (the default when it allows it).
 */
import { DEFAULT_RUNTIME_VERSION } from '../../config/defaults.js';
import type { Repo } from '../repo.js';
import { toolVersion, versionFile } from '../tool-versions.js';
import type { Detected } from '../types.js';
import { versionInRange } from '../versions.js';
import type { PackageJson } from './package-json.js';

/** nvm's LTS code names (lts/iron → 20). */
const LTS: Record<string, string> = { argon: '4', boron: '6', carbon: '8', dubnium: '10', erbium: '12', fermium: '14', gallium: '16', hydrogen: '18', iron: '20', jod: '22', krypton: '24' };

export function nodeVersion(repo: Repo, pkg: PackageJson): Detected[] {
  const field = 'app.runtimeVersion';
  for (const root of repo.upward()) {
    const nvmrc = repo.read(`${root}.nvmrc`, 256)?.split('\n')[0]?.trim().toLowerCase();
    const lts = nvmrc && /^lts\/([a-z]+)$/.exec(nvmrc)?.[1];
    if (lts && LTS[lts]) return [{ field, value: LTS[lts], file: `${root}.nvmrc`, reason: `${nvmrc} is Node ${LTS[lts]}` }];
  }
  const pinned = versionFile(repo, ['.nvmrc', '.node-version']);
  if (pinned) return [{ field, value: pinned.version, file: pinned.file, reason: `pinned to ${pinned.raw}` }];
  const tool = toolVersion(repo, ['nodejs', 'node']);
  if (tool) return [{ field, value: tool.version, file: tool.file, reason: `nodejs ${tool.version}` }];
  if (pkg.enginesNode) {
    const chosen = versionInRange(pkg.enginesNode, DEFAULT_RUNTIME_VERSION.node, 1);
    if (chosen) {
      const reason = chosen.allowsDefault ? `engines.node "${pkg.enginesNode}" allows the current LTS ${chosen.version}` : `the highest major engines.node "${pkg.enginesNode}" allows`;
      return [{ field, value: chosen.version, file: 'package.json', reason }];
    }
  }
  return [];
}
