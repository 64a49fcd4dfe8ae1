/**
 * Install, test, build and start for a Node service, in its package manager's words and from
 * its own scripts. Start prefers running node directly (signals reach the app, no package
 * manager in the image's process tree) when scripts.start is a plain `node FILE`.
 */
import type { Repo } from '../repo.js';
import type { Detected } from '../types.js';
import { hasRealScript, type PackageJson } from './package-json.js';
import type { ManagerChoice } from './package-manager.js';
import { splitCommand } from '../shell-words.js';

function install(choice: ManagerChoice): string {
  const { manager, lockfile, root } = choice;
  if (manager === 'npm') {
    const command = lockfile ? 'npm ci' : 'npm install';
    // npm runs a workspace's install from its root (pnpm, Yarn and bun find the root themselves).
    return root ? `cd ${root.replace(/\/$/, '')} && ${command}` : command;
  }
  if (manager === 'yarn') return choice.yarn === 'classic' ? 'yarn install --frozen-lockfile' : 'yarn install --immutable';
  if (manager === 'pnpm') return lockfile ? 'pnpm install --frozen-lockfile' : 'pnpm install';
  return lockfile ? 'bun install --frozen-lockfile' : 'bun install';
}

/** `npm test`, `yarn build`, `pnpm run build`, `bun run test` (bun's own `bun test` is its test runner, not the script). */
function run(manager: ManagerChoice['manager'], script: string): string {
  if (manager === 'yarn') return `yarn ${script}`;
  return script === 'test' && manager !== 'bun' ? `${manager} test` : `${manager} run ${script}`;
}

const startThrough = (manager: ManagerChoice['manager']): string[] => (manager === 'bun' ? ['bun', 'run', 'start'] : [manager, 'start']);

export function nodeCommands(repo: Repo, pkg: PackageJson, choice: ManagerChoice): Detected[] {
  const out: Detected[] = [];
  const file = 'package.json';
  out.push({ field: 'app.commands.install', value: install(choice), file: choice.file, reason: choice.lockfile ? `${choice.manager}${choice.yarn ? ` (${choice.yarn})` : ''} installs from ${choice.lockfile}` : `${choice.manager}, no lockfile` });
  if (hasRealScript(pkg, 'test')) out.push({ field: 'app.commands.test', value: run(choice.manager, 'test'), file, reason: `scripts.test: ${pkg.scripts['test']}` });
  else out.push({ field: 'app.commands.test', value: 'none', file, reason: pkg.scripts['test'] ? "scripts.test is npm init's placeholder" : 'no scripts.test' });
  if (pkg.scripts['build']) out.push({ field: 'app.commands.build', value: run(choice.manager, 'build'), file, reason: `scripts.build: ${pkg.scripts['build']}` });
  out.push(start(repo, pkg, choice));
  return out;
}

function start(repo: Repo, pkg: PackageJson, choice: ManagerChoice): Detected {
  const field = 'app.commands.start';
  // A production start script (Nest's start:prod) first: `nest start` needs the dev CLI.
  for (const name of ['start:prod', 'start']) {
    const script = pkg.scripts[name];
    if (!script) continue;
    // NODE_ENV=production is the image's own setting: the command after it can run directly.
    const words = splitCommand(script.replace(/^NODE_ENV=\S+\s+/, ''));
    if (words && words[0] === 'node') return { field, value: words, file: 'package.json', reason: `scripts.${name}: ${script} (run directly, without ${choice.manager})` };
    if (name === 'start') return { field, value: startThrough(choice.manager), file: 'package.json', reason: `scripts.start: ${script}` };
  }
  if (pkg.main && repo.read(pkg.main, 1) !== undefined) return { field, value: ['node', pkg.main], file: 'package.json', reason: `main: ${pkg.main}` };
  const entry = ['server.js', 'index.js', 'app.js', 'main.js', 'src/server.js', 'src/index.js'].find((f) => repo.read(f, 1) !== undefined);
  if (entry) return { field, value: ['node', entry], file: entry, reason: 'no scripts.start or main: the entry file by its name' };
  return { field, value: ['node', '.'], file: 'package.json', reason: 'no scripts.start, main or entry file: node . (index.js)' };
}
