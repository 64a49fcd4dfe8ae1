/** How CI sets up, installs, tests and audits each stack. Versions match the Dockerfile base images. */
import type { Stack } from '../../config/answers.js';

export interface Language {
  /** The toolchain version CI sets up: the image's, or the one a file of the repository declares. */
  version: { value: string } | { file: string };
  /** The package manager whose download cache CI keeps, keyed on cacheFile. */
  packageManager: 'npm' | 'pip' | 'gomod' | 'maven';
  /** Install, lint and test, in order. */
  commands: string[];
  /**
   * Dependency audit that fails on a known high or critical vulnerability; `null` when the
   * stack is audited by Trivy on its manifest instead (see securityJobs).
   */
  audit: string[] | null;
  /** Static analysis: the analyser's language and whether it must build the code first. */
  sast: { language: string; buildMode: 'none' | 'autobuild' };
  /** Dependabot's package-ecosystem (Renovate's manager) of the stack's dependencies. */
  ecosystem: string;
  /** The file the dependency cache is keyed on. */
  cacheFile: string;
}

export const LANGUAGES: Record<Stack, Language> = {
  node: {
    version: { value: '22' },
    packageManager: 'npm',
    commands: ['npm ci', 'npm test'],
    audit: ['npm audit --audit-level=high'],
    sast: { language: 'javascript-typescript', buildMode: 'none' },
    ecosystem: 'npm',
    cacheFile: 'package-lock.json',
  },
  python: {
    version: { value: '3.13' },
    packageManager: 'pip',
    commands: ['pip install -r requirements.txt', 'python -m pytest'],
    audit: ['pip install pip-audit==2.10.1', 'pip-audit -r requirements.txt'],
    sast: { language: 'python', buildMode: 'none' },
    ecosystem: 'pip',
    cacheFile: 'requirements.txt',
  },
  go: {
    version: { file: 'go.mod' },
    packageManager: 'gomod',
    commands: ['go vet ./...', 'go test ./...'],
    // govulncheck reports only vulnerabilities in code the module actually calls.
    audit: ['go run golang.org/x/vuln/cmd/govulncheck@v1.1.4 ./...'],
    // CodeQL cannot analyse Go without building it.
    sast: { language: 'go', buildMode: 'autobuild' },
    ecosystem: 'gomod',
    cacheFile: 'go.sum',
  },
  java: {
    version: { value: '21' },
    packageManager: 'maven',
    // mvn, not ./mvnw: the runner image ships Maven, and a wrapper may not be committed.
    commands: ['mvn -B verify'],
    // OWASP dependency-check needs the NVD database (an API key and a long first download);
    // Trivy reads pom.xml with its own vulnerability DB, through a scanner CI already pins.
    audit: null,
    sast: { language: 'java-kotlin', buildMode: 'none' },
    ecosystem: 'maven',
    cacheFile: 'pom.xml',
  },
};
