/**
 * Every path this generator can write, for any answers, as patterns (the shared ones here, each
 * platform's from its adapter, `knownPaths`): `{label}` is a DNS label
 * (a stack's or environment's name), `{a|b}` one of the words, `{up}` the way up from a stack to
 * its repository root (`../`, once per directory level). A path a lock (or a run's journal) names
 * is removed only if it matches: a lock edited to name `src/app.js` or `../../.github/CODEOWNERS`
 * never deletes them. test/known-paths.test.ts proves that every path of the validation matrix
 * matches, and that every pattern is used, so the list follows the generator.
 *
 * Paths that earlier versions wrote and this one no longer does are added here, under
 * EARLIER, so that an upgrade can still remove them.
 */
const LABEL = '[a-z](?:[-a-z0-9]*[a-z0-9])?';

import { allKnownPaths } from '../platforms/registry.js';

/** What every stack may write, whatever its platforms. */
const SHARED = [
  'devops-stack.yaml',
  'devops-stack.lock.json',
  'Dockerfile',
  '.dockerignore',
  '.env.example',
  'Makefile',
  'docker-compose.yml',
  'docs/devops/{deployment-strategy|integration-guide|observability|setup-guide|validation-checklist}.md',
  'policy/{kubernetes|kubernetes_test|terraform|terraform_test}.rego',
  'scripts/local/start.sh',
];

/** Paths earlier versions generated that this one does not: none yet. */
const EARLIER: string[] = [];

function toRegex(pattern: string): string {
  return pattern
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (part === '{label}') return LABEL;
      if (part === '{up}') return '(?:\\.\\./)+';
      if (part.startsWith('{')) return `(?:${part.slice(1, -1).split('|').map(escape).join('|')})`;
      return escape(part);
    })
    .join('');
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let known: { patterns: readonly string[]; regex: RegExp } | undefined;

/** Built on first use: the adapters' lists come through the registry. */
function table(): { patterns: readonly string[]; regex: RegExp } {
  if (!known) {
    const patterns = [...new Set([...SHARED, ...allKnownPaths(), ...EARLIER])];
    known = { patterns, regex: new RegExp(`^(?:${patterns.map(toRegex).join('|')})$`) };
  }
  return known;
}

export function knownPatterns(): readonly string[] {
  return table().patterns;
}

/** Whether this generator writes (or an earlier version wrote) this tree path, for some answers. */
export function isKnownPath(path: string): boolean {
  return table().regex.test(path);
}

/** The pattern a path matches (for the test that every pattern is in use). */
export function patternOf(path: string): string | undefined {
  return table().patterns.find((p) => new RegExp(`^${toRegex(p)}$`).test(path));
}
