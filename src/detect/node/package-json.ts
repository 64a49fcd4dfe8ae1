/** The parts of package.json detection reads, typed; anything of the wrong type is left out. */
import type { Repo } from '../repo.js';

export interface PackageJson {
  name?: string;
  main?: string;
  scripts: Record<string, string>;
  enginesNode?: string;
  /** "pnpm@9.1.0": corepack's field. */
  packageManager?: string;
  /** dependencies (what the running app loads). */
  runtime: string[];
  /** Every dependency, dev included. */
  all: string[];
  workspaces: string[];
}

const strings = (value: unknown): Record<string, string> =>
  typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};

export function readPackageJson(repo: Repo, path = 'package.json'): PackageJson | undefined {
  const raw = repo.json(path);
  if (!raw) return undefined;
  const runtime = Object.keys(strings(raw['dependencies']));
  const dev = [...Object.keys(strings(raw['devDependencies'])), ...Object.keys(strings(raw['optionalDependencies']))];
  const engines = strings(raw['engines']);
  const ws = raw['workspaces'];
  const workspaces = Array.isArray(ws) ? ws : typeof ws === 'object' && ws !== null && Array.isArray((ws as { packages?: unknown }).packages) ? (ws as { packages: unknown[] }).packages : [];
  const str = (key: string): string | undefined => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  const pkg: PackageJson = { scripts: strings(raw['scripts']), runtime, all: [...new Set([...runtime, ...dev])], workspaces: workspaces.filter((w): w is string => typeof w === 'string') };
  const name = str('name');
  const main = str('main');
  const packageManager = str('packageManager');
  if (name) pkg.name = name;
  if (main) pkg.main = main;
  if (engines['node']) pkg.enginesNode = engines['node'];
  if (packageManager) pkg.packageManager = packageManager;
  return pkg;
}

/** npm init's placeholder: a test script that only fails. */
export const hasRealScript = (pkg: PackageJson, name: string): boolean => {
  const script = pkg.scripts[name]?.trim();
  return Boolean(script) && !/no test specified/.test(script!);
};
