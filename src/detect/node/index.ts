/**
 * The Node.js provider: package.json makes a repository a Node service; its package manager,
 * workspace, runtime version, commands, port, endpoints, settings, backing services and native
 * needs are each decided by their own module, with the file and the reason.
 */
import { lookup, NATIVE_DEPENDENCIES, SERVICE_DEPENDENCIES } from '../knowledge.js';
import type { Repo } from '../repo.js';
import { toDnsLabel } from '../repo.js';
import { looksSecret, requiredIn, settingsFrom } from '../settings.js';
import type { Detected, Provider } from '../types.js';
import { nodeCommands } from './commands.js';
import { nodeFramework } from './frameworks.js';
import { readPackageJson } from './package-json.js';
import { nodePackageManager } from './package-manager.js';
import { NODE_SOURCES, nodeEndpoints, nodePort } from './serving.js';
import { nodeVersion } from './version.js';
import { nodeWorkspace } from './workspace.js';

/** Secret-looking variables the code reads without a default (process.env.X not followed by || or ??). */
const REQUIRED_ENV = [/process\.env\.([A-Z][A-Z0-9_]*)\b(?!\s*(?:\|\||\?\?))/g, /process\.env\[\s*['"]([A-Z][A-Z0-9_]*)['"]\s*\](?!\s*(?:\|\||\?\?))/g];

export const nodeProvider: Provider = {
  stack: 'node',
  detect: (repo) => (repo.read('package.json', 1) !== undefined ? 'package.json' : undefined),
  plan(repo: Repo): Detected[] {
    const pkg = readPackageJson(repo);
    if (!pkg) return [{ field: 'stack', value: 'node', file: 'package.json', reason: 'package.json (unreadable: only the language is known)' }];
    const out: Detected[] = [{ field: 'stack', value: 'node', file: 'package.json', reason: 'package.json' }];
    const label = pkg.name && toDnsLabel(pkg.name);
    if (label) out.push({ field: 'name', value: label, file: 'package.json', reason: `name ${pkg.name}` });
    const choice = nodePackageManager(repo);
    out.push({ field: 'app.packageManager', value: choice.manager, file: choice.file, reason: choice.reason }, ...choice.others);
    out.push(...nodeWorkspace(repo, choice));
    const framework = nodeFramework(pkg);
    if (framework) out.push({ field: 'framework', value: framework.id, file: 'package.json', reason: `dependency ${framework.dependency}` });
    out.push(...nodeVersion(repo, pkg), ...nodeCommands(repo, pkg, choice), ...nodePort(repo, framework), ...nodeEndpoints(repo, pkg));
    for (const { value, dependency } of lookup(SERVICE_DEPENDENCIES, 'node', pkg.runtime)) out.push({ field: 'backingServices', value: [value], file: 'package.json', reason: `dependency ${dependency}` });
    for (const { value, dependency } of lookup(NATIVE_DEPENDENCIES, 'node', pkg.runtime)) out.push({ field: 'app.native', value, file: 'package.json', reason: `dependency ${dependency} (native addon)` });
    // Only the secret-looking ones: process.env is read for much else (DEBUG, feature flags).
    const secrets = requiredIn(repo.sources(NODE_SOURCES).files, REQUIRED_ENV).filter((s) => looksSecret(s.name));
    out.push(...settingsFrom(secrets, 'a secret read from process.env without a default'));
    return out;
  },
};
