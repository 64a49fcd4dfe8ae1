/**
 * Shared pieces of the validation harness: the finding and tree types, one context per run
 * (materialised tree on disk, scratch dir, skipped validators), YAML parsing with line numbers,
 * and a small process runner.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LineCounter, parseAllDocuments, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import { requireTools, type Skipped, type ToolName } from './tools.js';

export interface Finding {
  validator: string;
  file: string;
  location?: string;
  message: string;
}

/** What the validators read from a file: the generator's VirtualFile satisfies it. */
export interface TreeFile {
  path: string;
  content: string;
}
export type Tree = ReadonlyMap<string, TreeFile>;

export type Validator = (tree: Tree, ctx?: RunContext) => Promise<Finding[]>;

/**
 * One validation run: the tree written to a temp dir once (for tools that read files), a scratch
 * dir for derived inputs, and the list of validators skipped for a missing tool.
 */
export class RunContext {
  readonly skipped: Skipped[] = [];
  private root: string | undefined;
  private treeDir: string | undefined;
  private scratchCount = 0;

  constructor(readonly tree: Tree) {}

  private base(): string {
    this.root ??= mkdtempSync(join(tmpdir(), 'devops-validate-'));
    return this.root;
  }

  /** The tree, written once under a temp dir; returns that dir. */
  treeOnDisk(): string {
    if (!this.treeDir) {
      const dir = join(this.base(), 'tree');
      for (const file of this.tree.values()) {
        const target = join(dir, file.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, file.content);
      }
      mkdirSync(dir, { recursive: true });
      this.treeDir = dir;
    }
    return this.treeDir;
  }

  /** A fresh empty dir for one validator's derived files. */
  scratch(name: string): string {
    const dir = join(this.base(), `${name}-${this.scratchCount++}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Paths of the tools, or undefined (validator skipped, or throws in CI). */
  tools(validator: string, tools: readonly ToolName[]): Record<string, string> | undefined {
    return requireTools(validator, tools, this.skipped);
  }

  dispose(): void {
    if (this.root) rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
    this.treeDir = undefined;
  }
}

/** Runs fn with the given context, or with a temporary one it disposes afterwards. */
export async function withContext<T>(tree: Tree, ctx: RunContext | undefined, fn: (ctx: RunContext) => Promise<T>): Promise<T> {
  if (ctx) return fn(ctx);
  const own = new RunContext(tree);
  try {
    return await fn(own);
  } finally {
    own.dispose();
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell; never rejects on a non-zero exit. */
export function run(cmd: string, args: readonly string[], opts: { cwd?: string; input?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // the tool may exit before reading its input
      child.stdin.end(opts.input);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Files

export const isYamlPath = (p: string): boolean => /\.ya?ml$/i.test(p);
export const isWorkflowPath = (p: string): boolean => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p);
export const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
export const dirName = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.');

export function filesWhere(tree: Tree, pred: (path: string) => boolean): TreeFile[] {
  return [...tree.values()].filter((f) => pred(f.path));
}

/** Directories holding a Helm chart (their templates are not plain YAML). */
export function helmTemplateDirs(tree: Tree): string[] {
  return [...tree.keys()].filter((p) => baseName(p) === 'Chart.yaml').map((p) => `${dirName(p)}/templates/`);
}

// ---------------------------------------------------------------------------------------------
// YAML with positions

export interface YamlDoc {
  /** Index of the document in its file (0-based). */
  index: number;
  value: unknown;
  doc: Document.Parsed;
  /** 1-based line of the document's content. */
  line: number;
  errors: { message: string; line: number; col: number }[];
}

export interface YamlFile {
  docs: YamlDoc[];
  lines: LineCounter;
}

const yamlCache = new WeakMap<TreeFile, YamlFile>();

/** All documents of a YAML file, parsed once per file object. Empty documents are dropped. */
export function parseYaml(file: TreeFile): YamlFile {
  let parsed = yamlCache.get(file);
  if (!parsed) {
    const lines = new LineCounter();
    const all = parseAllDocuments(file.content, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const list = Array.isArray(all) ? all : [];
    const docs: YamlDoc[] = [];
    list.forEach((doc, index) => {
      const errors = doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { message: e.message.split('\n')[0] ?? e.message, line: pos.line, col: pos.col };
      });
      const value = errors.length ? undefined : doc.toJS({ maxAliasCount: 100 });
      if (!errors.length && (value === null || value === undefined)) return;
      const start = doc.contents?.range?.[0] ?? doc.range[0];
      docs.push({ index, value, doc, line: lines.linePos(start).line, errors });
    });
    parsed = { docs, lines };
    yamlCache.set(file, parsed);
  }
  return parsed;
}

export type PathSeg = string | number;

/** The YAML node at a path, and the node of its key when it is a map entry. */
export function nodeAt(doc: Document.Parsed, path: readonly PathSeg[]): { node?: Node; key?: Node } {
  let current: unknown = doc.contents;
  let key: Node | undefined;
  for (const seg of path) {
    if (isMap(current)) {
      const pair = current.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) return {};
      key = pair.key as Node;
      current = pair.value;
    } else if (isSeq(current) && typeof seg === 'number') {
      current = current.items[seg];
      key = undefined;
    } else {
      return {};
    }
  }
  return { node: (current as Node | undefined) ?? undefined, key };
}

/** 1-based line of the key (or the node) at a path, or undefined. */
export function lineAt(file: YamlFile, doc: YamlDoc, path: readonly PathSeg[]): number | undefined {
  const { node, key } = nodeAt(doc.doc, path);
  const target = key ?? node;
  const offset = target?.range?.[0];
  return offset === undefined ? undefined : file.lines.linePos(offset).line;
}

/** The path of a JSON pointer (`/spec/containers/0` → ['spec', 'containers', 0]), as ajv reports it. */
export function pointerPath(pointer: string): PathSeg[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** `spec.template.spec.containers[0].name` */
export function pathString(path: readonly PathSeg[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Kubernetes-style objects (apiVersion + kind) of every YAML document of a file. */
export function k8sObjects(file: TreeFile): { doc: YamlDoc; obj: Record<string, unknown>; apiVersion: string; kind: string; name: string }[] {
  return parseYaml(file).docs.flatMap((doc) => {
    const obj = doc.value;
    if (!isRecord(obj) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return [];
    const meta = isRecord(obj.metadata) ? obj.metadata : {};
    return [{ doc, obj, apiVersion: obj.apiVersion, kind: obj.kind, name: typeof meta.name === 'string' ? meta.name : '(unnamed)' }];
  });
}

/** Edit distance, for "did you mean" hints. */
export function closest(word: string, candidates: Iterable<string>, max = 3): string | undefined {
  let best: string | undefined;
  let bestDist = max + 1;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return bestDist <= Math.min(max, Math.max(1, Math.floor(word.length / 2))) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
