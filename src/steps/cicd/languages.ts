/**
 * What CI runs for each language and package manager beyond the repository's own commands: the
 * checks it adds (go vet), the dependency audit, static analysis and Dependabot's ecosystem. The
 * toolchain itself (version, package manager, cache, setup) is the plan's (src/plan/toolchain.ts).
 */
import type { PackageManager, Stack } from '../../config/answers.js';
import type { Plan } from '../../plan/types.js';
import { requirementFiles } from '../../plan/toolchain.js';

export interface Language {
  /** Checks CI runs before the tests, whatever the repository's commands (go vet). */
  checks: string[];
  /**
   * Whether the test job runs the install command first. Maven, Gradle and Go resolve dependencies
   * as they compile: their test command needs no install before it.
   */
  installBeforeTest: boolean;
  /** Static analysis: the analyser's language and whether it must build the code first. */
  sast: { language: string; buildMode: 'none' | 'autobuild' };
}

export const LANGUAGES: Record<Stack, Language> = {
  node: { checks: [], installBeforeTest: true, sast: { language: 'javascript-typescript', buildMode: 'none' } },
  python: { checks: [], installBeforeTest: true, sast: { language: 'python', buildMode: 'none' } },
  // CodeQL cannot analyse Go without building it.
  go: { checks: ['go vet ./...'], installBeforeTest: false, sast: { language: 'go', buildMode: 'autobuild' } },
  java: { checks: [], installBeforeTest: false, sast: { language: 'java-kotlin', buildMode: 'none' } },
};

/** Dependabot's package-ecosystem (Renovate's manager) of each package manager's files. */
export const ECOSYSTEMS: Record<PackageManager, string> = {
  npm: 'npm',
  yarn: 'npm',
  pnpm: 'npm',
  bun: 'bun',
  pip: 'pip',
  poetry: 'pip',
  pipenv: 'pip',
  pdm: 'pip',
  uv: 'uv',
  go: 'gomod',
  maven: 'maven',
  gradle: 'gradle',
};

/**
 * Dependency audit that fails on a known high or critical vulnerability, with the package
 * manager's own auditor where it has one; `null` when the lockfile is audited by Trivy instead
 * (see securityJobs): Yarn, bun and the Python lockfiles other than requirements files, Maven
 * and Gradle (OWASP dependency-check needs the NVD database: an API key and a long first download).
 */
export function auditCommands(plan: Pick<Plan, 'toolchain' | 'app'>): string[] | null {
  switch (plan.toolchain.packageManager) {
    case 'npm':
      return ['npm audit --audit-level=high'];
    case 'pnpm':
      return ['pnpm audit --audit-level high'];
    case 'pip': {
      const files = requirementFiles(plan.app.commands.install);
      return files.length ? ['pip install pip-audit==2.10.1', `pip-audit ${files.map((f) => `-r ${f}`).join(' ')}`] : null;
    }
    case 'go':
      // govulncheck reports only vulnerabilities in code the module actually calls.
      return ['go run golang.org/x/vuln/cmd/govulncheck@v1.1.4 ./...'];
    default:
      return null;
  }
}

/** What the test job runs after the toolchain: the added checks, the install when the test needs it, the tests. */
export function testCommands(plan: Pick<Plan, 'stack' | 'app'>): string[] {
  const lang = LANGUAGES[plan.stack];
  const { install, test } = plan.app.commands;
  return [...(lang.installBeforeTest ? [install] : []), ...lang.checks, ...(test ? [test] : [])];
}
