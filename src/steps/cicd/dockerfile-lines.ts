/** What the per-language Dockerfile recipes share: their shape and the lines they all write. */
import type { NativeNeed } from '../../config/answers.js';
import type { Plan } from '../../plan/types.js';

export type DockerPlan = Pick<Plan, 'stack' | 'app' | 'toolchain'> & { answers: { app: { native: NativeNeed[] } } };

export interface Recipe {
  build: string[];
  runtime: string[];
  /** The last lines: CMD or ENTRYPOINT (and its arguments as CMD) in exec form. */
  start: string;
  ignore: string[];
}

/** Debian packages, installed and their lists removed in one layer. */
export function aptInstall(packages: string[]): string {
  return `RUN apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')} && rm -rf /var/lib/apt/lists/*`;
}

/** An exec-form instruction: no shell, so signals reach the app. */
export const exec = (instruction: 'CMD' | 'ENTRYPOINT', words: readonly string[]): string => `${instruction} [${words.map((w) => JSON.stringify(w)).join(', ')}]`;
