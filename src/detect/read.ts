/** Small, failure-tolerant readers: detection never stops a run because a file is odd. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

export { readTextIfExists as readText } from '../core/read-text.js';

export function listDir(dir: string, path: string): string[] {
  try {
    return readdirSync(join(dir, path)).sort();
  } catch {
    return [];
  }
}

/** "@acme/Shop API" → "shop-api": a DNS-1123 label of at most 32 characters, or undefined. */
export function toDnsLabel(raw: string): string | undefined {
  const label = raw
    .replace(/^@[^/]+\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return label || undefined;
}

/** Parses YAML, or undefined: a broken file is reported by its own tool, not by us. */
export function parseYaml(text: string): unknown {
  try {
    return load(text);
  } catch {
    return undefined;
  }
}
