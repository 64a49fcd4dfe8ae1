/**
 * The port from an existing Dockerfile's EXPOSE, and backing services from an existing
 * compose file (by image, else by service name).
 */
import type { BackingService } from '../config/answers.js';
import { ORCHESTRATION_KINDS } from '../lock/ownership.js';
import { parseYaml, readText } from './read.js';
import type { Detected } from './types.js';

export function detectPort(dir: string): Detected[] {
  const text = readText(dir, 'Dockerfile');
  const port = text && /^\s*EXPOSE\s+(\d+)(?:\/tcp)?\b/im.exec(text)?.[1];
  if (!port) return [];
  const value = Number(port);
  // The schema keeps the app on an unprivileged port: the pod runs as non-root.
  const ignored = value < 1024 || value > 65535 ? 'app.port must be 1024–65535 (the pod runs as non-root); set app.port in devops-stack.yaml' : undefined;
  return [{ field: 'app.port', value, file: 'Dockerfile', ...(ignored ? { ignored } : {}) }];
}

const SERVICES: readonly [BackingService, RegExp][] = [
  ['postgres', /(^|\/)(postgres|postgis)(:|$)|^postgres/i],
  ['redis', /(^|\/)(redis|valkey)(:|$)|^redis/i],
];

export function composeFiles(dir: string): string[] {
  return ORCHESTRATION_KINDS.compose.filter((name) => readText(dir, name) !== undefined);
}

export function detectBackingServices(dir: string): Detected[] {
  const found = new Map<BackingService, string>();
  for (const file of composeFiles(dir)) {
    const doc = parseYaml(readText(dir, file)!) as { services?: Record<string, { image?: unknown }> } | undefined;
    for (const [name, service] of Object.entries(doc?.services ?? {})) {
      const image = typeof service?.image === 'string' ? service.image : name;
      for (const [id, pattern] of SERVICES) if (pattern.test(image) && !found.has(id)) found.set(id, file);
    }
  }
  if (!found.size) return [];
  const value = SERVICES.map(([id]) => id).filter((id) => found.has(id));
  return [{ field: 'backingServices', value, file: [...new Set(found.values())].join(', ') }];
}
