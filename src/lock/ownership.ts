/**
 * Who owns each generated file. managed: we keep it up to date and `check` reports hand
 * edits. seeded: a starting point written once, then the user's (their Dockerfile and
 * local tooling evolve with the app). user: never written or checked again.
 * The answers file's `ownership:` overrides the defaults, by path or by directory.
 */
import type { OwnerMode } from '../config/answers.js';
import { PATHS } from '../plan/conventions.js';

/** Seeded by default: exact paths, and directories with a trailing '/'. */
const SEEDED: readonly string[] = [
  PATHS.dockerfile,
  PATHS.dockerignore,
  PATHS.envExample,
  PATHS.composeFile,
  PATHS.makefile,
  `${PATHS.localScriptsDir}/`,
  `${PATHS.docsDir}/`,
  // Read once per repository: the other stacks of a monorepo add their entries to them (each
  // one's integration guide lists its own), so they cannot stay ours to overwrite.
  '.github/dependabot.yml',
  '.github/actionlint.yaml',
];

/** Local orchestration: an existing one is always kept, never replaced by ours. */
export const ORCHESTRATION_KINDS = {
  compose: ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'],
  make: ['Makefile', 'makefile', 'GNUmakefile'],
} as const;

function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('/') ? path.startsWith(pattern) : pattern === path;
}

/** The most specific entry wins: an exact path over a directory, a deeper directory over a shallower one. */
function lookup(entries: readonly [string, OwnerMode][], path: string): OwnerMode | undefined {
  const hits = entries.filter(([pattern]) => matches(pattern, path));
  hits.sort(([a], [b]) => (a.endsWith('/') ? 0 : 1000) - (b.endsWith('/') ? 0 : 1000) + a.length - b.length);
  return hits.at(-1)?.[1];
}

/** The mode the user chose for a path in `ownership:`, if any. */
export function explicitMode(path: string, ownership: Record<string, OwnerMode> = {}): OwnerMode | undefined {
  return lookup(Object.entries(ownership), path);
}

export function defaultMode(path: string): OwnerMode {
  return lookup(SEEDED.map((p) => [p, 'seeded'] as [string, OwnerMode]), path) ?? 'managed';
}

export function modeFor(path: string, ownership: Record<string, OwnerMode> = {}): OwnerMode {
  return explicitMode(path, ownership) ?? defaultMode(path);
}
