/**
 * Grafana dashboards (`*.json` under a `dashboards/` dir): valid JSON, then type-checked against
 * @grafana/schema 13.2.3's `Dashboard` (the package ships no JSON schema) by compiling
 * `const d: Dashboard = <the file>` with the TypeScript compiler API: excess (unknown) keys at
 * any depth, wrong value types, missing required fields. The JSON text is the initializer as is,
 * so diagnostic positions map straight back to lines of the file. One program per run, reused.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { Finding, RunContext, Tree, TreeFile } from './common.js';
import { isDashboardPath } from './promql.js';

export const GRAFANA = 'grafana-dashboard';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PREFIX = `import type { Dashboard } from '@grafana/schema';\nconst dashboard: Dashboard = `;
const SUFFIX = `;\nexport default dashboard;\n`;

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
};

let previous: ts.Program | undefined;

function typecheck(files: TreeFile[]): Map<TreeFile, ts.Diagnostic[]> {
  const virtual = new Map(files.map((f, i) => [`${REPO_ROOT}test/validators/__dashboard_${i}__.ts`, f]));
  const host = ts.createCompilerHost(OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => {
    const f = virtual.get(name);
    return f ? ts.createSourceFile(name, `${PREFIX}${f.content.trimEnd()}${SUFFIX}`, lang) : getSourceFile(name, lang, ...rest);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => virtual.has(name) || fileExists(name);
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options: OPTIONS, host, oldProgram: previous });
  previous = program;
  const out = new Map<TreeFile, ts.Diagnostic[]>();
  for (const [name, f] of virtual) {
    const sf = program.getSourceFile(name)!;
    out.set(f, [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]);
  }
  return out;
}

export async function checkGrafana(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  const valid: TreeFile[] = [];
  for (const file of tree.values()) {
    if (!isDashboardPath(file.path)) continue;
    try {
      JSON.parse(file.content);
      valid.push(file);
    } catch (err) {
      findings.push({ validator: GRAFANA, file: file.path, message: `invalid JSON: ${(err as Error).message}` });
    }
  }
  if (!valid.length) return findings;
  const prefixLines = PREFIX.split('\n');
  const prefixCols = prefixLines[prefixLines.length - 1]!.length;
  for (const [file, diags] of typecheck(valid)) {
    for (const d of diags) {
      let location: string | undefined;
      if (d.file && d.start !== undefined) {
        const pos = d.file.getLineAndCharacterOfPosition(d.start);
        const line = pos.line - (prefixLines.length - 1) + 1;
        const col = (pos.line === prefixLines.length - 1 ? pos.character - prefixCols : pos.character) + 1;
        location = line >= 1 ? `line ${line}, col ${col}` : undefined;
      }
      findings.push({ validator: GRAFANA, file: file.path, location, message: `${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (@grafana/schema Dashboard)` });
    }
  }
  return findings;
}
