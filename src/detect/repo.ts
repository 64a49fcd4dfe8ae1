/**
 * Bounded, failure-tolerant access to a repository's files: detection never stops a run
 * because a file is odd, never reads a huge file whole and never walks a huge tree. Files
 * only: no child process, no network, nothing written. Reads are cached per run.
 */
import { closeSync, openSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { load } from 'js-yaml';
import { sha256 } from '../core/hash.js';

export const LIMITS = {
  /** The most read of any one file: enough for every manifest and config file we parse. */
  fileBytes: 256 * 1024,
  /** Source files read when looking for routes, ports and settings. */
  sourceFiles: 300,
  sourceBytes: 128 * 1024,
  /** Directory depth of the source walk, and entries listed per directory. */
  depth: 6,
  entries: 1000,
};

/** Never the app's own sources: dependencies, build output, caches, VCS data. */
const SKIP_DIRS = new Set(['node_modules', 'vendor', 'dist', 'build', 'target', 'out', 'coverage', 'venv', 'env', '__pycache__', 'site-packages', 'bower_components', 'snapshots']);

export interface SourceFile {
  path: string;
  text: string;
}

export interface Sources {
  files: SourceFile[];
  /** False when a limit stopped the walk: an absence found in them is then not certain. */
  complete: boolean;
}

export class Repo {
  private readonly texts = new Map<string, string | undefined>();
  private readonly walks = new Map<string, Sources>();

  /** Files we generated, by path, with the sha256 the lock recorded for them. */
  private readonly generated: ReadonlyMap<string, string>;

  /** `root`: the git repository root when it is above dir (a monorepo service). */
  constructor(
    readonly dir: string,
    readonly root?: string,
  ) {
    this.generated = lockedRenders(dir);
  }

  /**
   * A file's text (at most `limit` bytes of it), or undefined when it cannot be read, or when it
   * is a file we generated and nobody changed since: our own Dockerfile, .env.example or compose
   * file say what we wrote, not what the app is, and reading them back would feed a run's output
   * into the next run's answers.
   */
  read(path: string, limit = LIMITS.fileBytes): string | undefined {
    const key = `${limit}:${path}`;
    if (!this.texts.has(key)) this.texts.set(key, this.ours(path) ? undefined : readHead(join(this.dir, path), limit));
    return this.texts.get(key);
  }

  private ours(path: string): boolean {
    const recorded = this.generated.get(path.replace(/^\.\//, ''));
    if (!recorded) return false;
    const text = readHead(join(this.dir, path), LIMITS.fileBytes * 4);
    return text !== undefined && sha256(text) === recorded;
  }

  exists(path: string): boolean {
    try {
      statSync(join(this.dir, path));
      return true;
    } catch {
      return false;
    }
  }

  /** Whether a file has an execute bit (a committed wrapper script that CI can run as ./mvnw). */
  executable(path: string): boolean {
    try {
      return (statSync(join(this.dir, path)).mode & 0o111) !== 0;
    } catch {
      return false;
    }
  }

  isDir(path: string): boolean {
    try {
      return statSync(join(this.dir, path)).isDirectory();
    } catch {
      return false;
    }
  }

  /** Entry names of a directory, sorted, at most LIMITS.entries. */
  list(path: string): string[] {
    try {
      return readdirSync(join(this.dir, path)).sort().slice(0, LIMITS.entries);
    } catch {
      return [];
    }
  }

  private entries(path: string): Dirent[] {
    try {
      return readdirSync(join(this.dir, path), { withFileTypes: true })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .slice(0, LIMITS.entries);
    } catch {
      return [];
    }
  }

  json(path: string): Record<string, unknown> | undefined {
    const text = this.read(path);
    if (text === undefined) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  yaml(path: string): unknown {
    const text = this.read(path);
    return text === undefined ? undefined : parseYaml(text);
  }

  /** The first of these files that exists. */
  first(paths: readonly string[]): string | undefined {
    return paths.find((p) => this.read(p, 1) !== undefined);
  }

  /**
   * Paths from the stack's directory up to the repository root (nearest first), as paths
   * relative to the stack: ['', '../', '../../']. Lockfiles of a workspace live at its root.
   */
  upward(): string[] {
    if (!this.root) return [''];
    const depth = relative(this.root, this.dir).split(sep).filter(Boolean).length;
    return Array.from({ length: depth + 1 }, (_, i) => '../'.repeat(i));
  }

  /** The app's source files with these extensions, breadth first, within LIMITS. */
  sources(extensions: readonly string[]): Sources {
    const key = extensions.join(',');
    const cached = this.walks.get(key);
    if (cached) return cached;
    const files: SourceFile[] = [];
    let complete = true;
    let queue: string[] = [''];
    for (let depth = 0; queue.length && depth <= LIMITS.depth; depth++) {
      const next: string[] = [];
      for (const dir of queue) {
        for (const entry of this.entries(dir)) {
          const { name } = entry;
          const path = dir ? `${dir}/${name}` : name;
          // Symbolic links are not followed: they may lead out of the repository, or in circles.
          if (name.startsWith('.') || SKIP_DIRS.has(name) || entry.isSymbolicLink()) continue;
          if (entry.isDirectory()) next.push(path);
          else if (entry.isFile() && extensions.some((e) => name.endsWith(e))) {
            if (files.length >= LIMITS.sourceFiles) complete = false;
            else {
              const text = this.read(path, LIMITS.sourceBytes);
              if (text !== undefined) files.push({ path, text });
            }
          }
        }
      }
      queue = next;
    }
    if (queue.length) complete = false;
    const result = { files, complete };
    this.walks.set(key, result);
    return result;
  }
}

/** The lock's record of what a previous run wrote (path → sha256), or nothing. */
function lockedRenders(dir: string): Map<string, string> {
  const text = readHead(join(dir, 'devops-stack.lock.json'), 4 * 1024 * 1024);
  const renders = new Map<string, string>();
  try {
    const files = (JSON.parse(text ?? '{}') as { files?: Record<string, { sha256?: unknown }> }).files ?? {};
    for (const [path, entry] of Object.entries(files)) if (typeof entry?.sha256 === 'string') renders.set(path, entry.sha256);
  } catch {
    // A broken lock is check's to report; detection reads every file then.
  }
  return renders;
}

/** At most `limit` bytes of a file by absolute path, or undefined (for git's files, which may be outside the stack). */
export function readHead(path: string, limit: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(Math.min(limit, Math.max(statSync(path).size, 1)));
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Parses YAML, or undefined: a broken file is reported by its own tool, not by us. */
export function parseYaml(text: string): unknown {
  try {
    return load(text, { json: true });
  } catch {
    return undefined;
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
