/** How CI sets up, installs and tests each stack. Versions match the Dockerfile base images. */
import type { Stack } from '../../config/answers.js';
import { uses } from '../../data/action-pins.js';
import type { GhaStep } from './gha.js';

export interface Language {
  setup: GhaStep;
  /** Install, lint and test, in order. */
  commands: string[];
}

export const LANGUAGES: Record<Stack, Language> = {
  node: {
    setup: { uses: uses('actions/setup-node'), with: { 'node-version': '22', cache: 'npm' } },
    commands: ['npm ci', 'npm test'],
  },
  python: {
    setup: { uses: uses('actions/setup-python'), with: { 'python-version': '3.13', cache: 'pip' } },
    commands: ['pip install -r requirements.txt', 'python -m pytest'],
  },
  go: {
    setup: { uses: uses('actions/setup-go'), with: { 'go-version-file': 'go.mod', cache: true } },
    commands: ['go vet ./...', 'go test ./...'],
  },
  java: {
    // mvn, not ./mvnw: the runner image ships Maven, and a wrapper may not be committed.
    setup: { uses: uses('actions/setup-java'), with: { distribution: 'temurin', 'java-version': '21', cache: 'maven' } },
    commands: ['mvn -B verify'],
  },
};
