/** How CI sets up, installs, tests and audits each stack. Versions match the Dockerfile base images. */
import type { Stack } from '../../config/answers.js';
import { uses } from '../../data/action-pins.js';
import type { Plan } from '../../plan/types.js';
import type { GhaStep } from './gha.js';
import { inStack } from './monorepo.js';

export interface Language {
  setup: GhaStep;
  /** Install, lint and test, in order. */
  commands: string[];
  /**
   * Dependency audit that fails on a known high or critical vulnerability; `null` when the
   * stack is audited by Trivy on its manifest instead (see securityJobs).
   */
  audit: string[] | null;
  /** CodeQL language and build mode ('none' wherever CodeQL can analyse without building). */
  codeql: { language: string; buildMode: 'none' | 'autobuild' };
  /** Dependabot package-ecosystem of the stack's dependencies. */
  ecosystem: string;
  /** The file the setup action keys its cache on. */
  cacheFile: string;
  /**
   * True when the setup action's default already finds cacheFile anywhere in the repository (a
   * `**` glob: setup-python, setup-java); false when it looks at the root only (setup-node, setup-go).
   */
  cacheFileAnywhere: boolean;
}

export const LANGUAGES: Record<Stack, Language> = {
  node: {
    setup: { uses: uses('actions/setup-node'), with: { 'node-version': '22', cache: 'npm' } },
    commands: ['npm ci', 'npm test'],
    audit: ['npm audit --audit-level=high'],
    codeql: { language: 'javascript-typescript', buildMode: 'none' },
    ecosystem: 'npm',
    cacheFile: 'package-lock.json',
    cacheFileAnywhere: false,
  },
  python: {
    setup: { uses: uses('actions/setup-python'), with: { 'python-version': '3.13', cache: 'pip' } },
    commands: ['pip install -r requirements.txt', 'python -m pytest'],
    audit: ['pip install pip-audit==2.10.1', 'pip-audit -r requirements.txt'],
    codeql: { language: 'python', buildMode: 'none' },
    ecosystem: 'pip',
    cacheFile: 'requirements.txt',
    cacheFileAnywhere: true,
  },
  go: {
    setup: { uses: uses('actions/setup-go'), with: { 'go-version-file': 'go.mod', cache: true } },
    commands: ['go vet ./...', 'go test ./...'],
    // govulncheck reports only vulnerabilities in code the module actually calls.
    audit: ['go run golang.org/x/vuln/cmd/govulncheck@v1.1.4 ./...'],
    // CodeQL cannot analyse Go without building it.
    codeql: { language: 'go', buildMode: 'autobuild' },
    ecosystem: 'gomod',
    cacheFile: 'go.sum',
    cacheFileAnywhere: false,
  },
  java: {
    // mvn, not ./mvnw: the runner image ships Maven, and a wrapper may not be committed.
    setup: { uses: uses('actions/setup-java'), with: { distribution: 'temurin', 'java-version': '21', cache: 'maven' } },
    commands: ['mvn -B verify'],
    // OWASP dependency-check needs the NVD database (an API key and a long first download);
    // Trivy reads pom.xml with its own vulnerability DB, through an action CI already pins.
    audit: null,
    codeql: { language: 'java-kotlin', buildMode: 'none' },
    ecosystem: 'maven',
    cacheFile: 'pom.xml',
    cacheFileAnywhere: true,
  },
};

/**
 * The setup step, for a stack below the repository root too: the setup actions look for the
 * cache key file (and go.mod) from the workspace, not from the run steps' working directory;
 * where their default globs the whole repository, it is left to them (fewer tokens, same cache).
 */
export function setupStep(plan: Pick<Plan, 'stack' | 'location'>): GhaStep {
  const lang = LANGUAGES[plan.stack];
  if (!plan.location.directory) return lang.setup;
  const versionFile = lang.setup.with?.['go-version-file'];
  return {
    ...lang.setup,
    with: {
      ...lang.setup.with,
      ...(typeof versionFile === 'string' ? { 'go-version-file': inStack(plan, versionFile) } : {}),
      ...(lang.cacheFileAnywhere ? {} : { 'cache-dependency-path': inStack(plan, lang.cacheFile) }),
    },
  };
}
