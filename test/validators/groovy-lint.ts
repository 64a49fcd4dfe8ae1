/**
 * npm-groovy-lint 16.1.1 (`--noserver`: no CodeNarc server left running) for the Groovy syntax
 * of Jenkinsfiles: its `--parse` step compiles each file with GroovyShell and reports parse errors
 * as `NglParseError`. It costs one JVM start (4–8 s) per invocation and about 0.2 s per file, so:
 * - one invocation lints every file not linted yet, with CodeNarc's style rules reduced to one
 *   (the rule set may not be empty; style is not what generated files are held to) and a JVM
 *   tuned for a short run (C1 only, serial GC): about half the time of the defaults;
 * - results are cached per file content for the life of the process;
 * - `primeGroovyLint` lets a caller that knows many files up front (the matrix test) lint them all
 *   in one invocation before validating tree by tree.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './common.js';

const BIN = fileURLToPath(new URL('../../node_modules/npm-groovy-lint/lib/index.js', import.meta.url));
const JAVA_OPTIONS = '-Xms64m,-Xmx512m,-XX:TieredStopAtLevel=1,-XX:+UseSerialGC';

export interface GroovyError {
  line?: number;
  message: string;
}

const results = new Map<string, Promise<GroovyError[]>>();
const keyOf = (content: string): string => createHash('sha256').update(content).digest('hex');

interface LintJson {
  files?: Record<string, { errors?: { line?: string | number; severity?: string; msg?: string; rule?: string }[] }>;
}

async function lintBatch(contents: string[], javaDir: string): Promise<Map<string, GroovyError[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'groovy-lint-'));
  try {
    const paths = contents.map((content, i) => {
      const file = join(dir, String(i), 'Jenkinsfile');
      mkdirSync(join(dir, String(i)));
      writeFileSync(file, content);
      return file;
    });
    const res = await run(process.execPath, [BIN, '--noserver', '--failon', 'error', '-o', 'json', '-r', 'ClassNameSameAsFilename', `--javaoptions=${JAVA_OPTIONS}`, ...paths], {
      cwd: dir,
      timeoutMs: 600_000,
      env: { PATH: `${javaDir}:${process.env.PATH ?? ''}` },
    });
    const start = res.stdout.indexOf('{');
    if (start < 0) throw new Error(`npm-groovy-lint printed no report (exit ${res.code}): ${(res.stderr || res.stdout).slice(0, 2000)}`);
    const report = JSON.parse(res.stdout.slice(start)) as LintJson;
    const out = new Map<string, GroovyError[]>();
    paths.forEach((p, i) => {
      const errors = (report.files?.[p]?.errors ?? []).filter((e) => e.severity === 'error');
      out.set(
        keyOf(contents[i]!),
        errors.map((e) => ({ line: e.line === undefined ? undefined : Number(e.line), message: `${e.rule ?? 'error'}: ${(e.msg ?? '').split('\n')[0]}` })),
      );
    });
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lints every content not linted yet, in one invocation. */
export function primeGroovyLint(contents: readonly string[], javaDir: string): Promise<void> {
  const todo = [...new Set(contents)].filter((c) => !results.has(keyOf(c)));
  if (!todo.length) return Promise.resolve();
  const batch = lintBatch(todo, javaDir);
  for (const c of todo) results.set(keyOf(c), batch.then((m) => m.get(keyOf(c)) ?? []));
  return batch.then(() => undefined);
}

/** The Groovy errors of each content (linting the new ones together). */
export async function groovyLint(contents: readonly string[], javaDir: string): Promise<GroovyError[][]> {
  await primeGroovyLint(contents, javaDir);
  return Promise.all(contents.map((c) => results.get(keyOf(c))!));
}
