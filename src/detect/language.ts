/**
 * The service's language and name from its build manifest. Order matters when several
 * exist: a package.json next to go.mod or pom.xml is usually front-end or tooling, so
 * it is tried last.
 */
import type { Stack } from '../config/answers.js';
import { readText, toDnsLabel } from './read.js';
import type { Detected } from './types.js';

interface Manifest {
  file: string;
  stack: Stack;
  name: (text: string) => string | undefined;
}

const first = (text: string, pattern: RegExp): string | undefined => pattern.exec(text)?.[1];

/** pyproject.toml: [project] name, else [tool.poetry] name (a TOML subset is enough for one key). */
function pyprojectName(text: string): string | undefined {
  for (const table of ['project', 'tool.poetry']) {
    const section = text.split(/^\[/m).find((s) => s.startsWith(`${table}]`));
    const name = section && first(section, /^name\s*=\s*["']([^"']+)["']/m);
    if (name) return name;
  }
  return undefined;
}

function packageJsonName(text: string): string | undefined {
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

const MANIFESTS: readonly Manifest[] = [
  { file: 'go.mod', stack: 'go', name: (t) => first(t, /^module\s+(\S+)/m)?.split('/').at(-1) },
  // The project's own artifactId, not its parent's.
  { file: 'pom.xml', stack: 'java', name: (t) => first(t.replace(/<parent>[\s\S]*?<\/parent>/, ''), /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/) },
  { file: 'build.gradle.kts', stack: 'java', name: () => undefined },
  { file: 'build.gradle', stack: 'java', name: () => undefined },
  { file: 'pyproject.toml', stack: 'python', name: pyprojectName },
  { file: 'requirements.txt', stack: 'python', name: () => undefined },
  { file: 'package.json', stack: 'node', name: packageJsonName },
];

const GRADLE_SETTINGS = ['settings.gradle.kts', 'settings.gradle'];

export function detectLanguage(dir: string): Detected[] {
  const found = MANIFESTS.flatMap((m) => {
    const text = readText(dir, m.file);
    return text === undefined ? [] : [{ manifest: m, text }];
  });
  if (!found.length) return [];
  const [chosen, ...others] = found;
  const result: Detected[] = [{ field: 'stack', value: chosen!.manifest.stack, file: chosen!.manifest.file }];
  for (const other of others.filter((o) => o.manifest.stack !== chosen!.manifest.stack)) {
    result.push({ field: 'stack', value: other.manifest.stack, file: other.manifest.file, ignored: `${chosen!.manifest.file} takes precedence` });
  }
  let name = chosen!.manifest.name(chosen!.text);
  let nameFile = chosen!.manifest.file;
  if (!name && chosen!.manifest.stack === 'java') {
    for (const file of GRADLE_SETTINGS) {
      const text = readText(dir, file);
      name = text ? first(text, /rootProject\.name\s*=\s*["']([^"']+)["']/) : undefined;
      if (name) {
        nameFile = file;
        break;
      }
    }
  }
  const label = name ? toDnsLabel(name) : undefined;
  if (label) result.push({ field: 'name', value: label, file: nameFile });
  return result;
}
