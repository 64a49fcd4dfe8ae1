/**
 * The port an app listens on, from the evidence each language leaves: a PORT default in code,
 * a literal in the listen call, PORT in .env.example. Providers list their patterns in order of
 * certainty; the first match wins. Ports outside 1024–65535 are reported and not used: the pod
 * runs as non-root.
 */
import type { Sources } from './repo.js';
import type { Repo } from './repo.js';
import { ENV_EXAMPLES } from './settings.js';
import type { Detected } from './types.js';

export const PORT_RANGE = 'app.port must be 1024–65535 (the pod runs as non-root); set app.port in devops-stack.yaml';

export function portDecision(port: number, file: string, reason: string): Detected {
  const ok = Number.isInteger(port) && port >= 1024 && port <= 65535;
  return { field: 'app.port', value: port, file, reason, ...(ok ? {} : { ignored: PORT_RANGE }) };
}

/** The first pattern (in order) that matches any source file; each pattern's first group is the port. */
export function portInSources(sources: Sources, patterns: readonly RegExp[], why: string): Detected[] {
  for (const pattern of patterns) {
    for (const { path, text } of sources.files) {
      const m = pattern.exec(text);
      if (m?.[1]) return [portDecision(Number(m[1]), path, `${why}: ${m[0].replace(/\s+/g, ' ').trim().slice(0, 60)}`)];
    }
  }
  return [];
}

/** PORT=… in .env.example. */
export function portInEnvExample(repo: Repo): Detected[] {
  for (const file of ENV_EXAMPLES) {
    const m = /^\s*(?:export\s+)?PORT\s*=\s*["']?(\d{2,5})\b/m.exec(repo.read(file) ?? '');
    if (m) return [portDecision(Number(m[1]), file, 'PORT in the example environment')];
  }
  return [];
}
