/**
 * Whether the service is one package of a workspace (npm/Yarn workspaces, pnpm-workspace.yaml):
 * its lockfile and install are the workspace root's. Recorded as a fact for the summary and the
 * generation half (which installs at the root and builds with the root as context).
 */
import type { Repo } from '../repo.js';
import type { Detected } from '../types.js';
import { readPackageJson } from './package-json.js';
import type { ManagerChoice } from './package-manager.js';

export function nodeWorkspace(repo: Repo, choice: ManagerChoice): Detected[] {
  if (!choice.root) return [];
  const pnpm = repo.read(`${choice.root}pnpm-workspace.yaml`, 1) !== undefined;
  const declared = readPackageJson(repo, `${choice.root}package.json`)?.workspaces ?? [];
  const file = pnpm ? `${choice.root}pnpm-workspace.yaml` : `${choice.root}package.json`;
  const how = pnpm ? 'pnpm-workspace.yaml' : declared.length ? `workspaces ${declared.join(', ')}` : 'a lockfile above the service';
  return [{ field: 'workspace', value: { root: choice.root.replace(/\/$/, ''), manager: choice.manager }, file, reason: `${how}: dependencies install at the workspace root` }];
}
