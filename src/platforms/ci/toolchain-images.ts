/**
 * What the official language images CI platforms run jobs in provide (by image name), for the
 * commands-available rule of every platform that runs jobs in images (GitLab CI, Jenkins).
 */

/** The commands each official toolchain image provides besides a shell and coreutils, as their projects document them. */
const LANGUAGE_TOOLS: [RegExp, string[]][] = [
  [/^node:/, ['node', 'npm', 'npx', 'yarn', 'corepack']],
  [/^python:/, ['python', 'python3', 'pip', 'pip3']],
  [/^golang:/, ['go']],
  [/^maven:/, ['mvn', 'java']],
  [/^(eclipse-temurin|gradle):/, ['java']],
];

export function languageImageTools(image: string): string[] {
  return LANGUAGE_TOOLS.find(([pattern]) => pattern.test(image))?.[1] ?? [];
}

/** The image jobs that only run commands (the stack check's npx) use, whatever the app's language. */
export const NODE_IMAGE = 'node:22-bookworm-slim';
