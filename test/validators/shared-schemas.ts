/**
 * The JSON schemas of ../shared/schemas (CircleCI, Azure Pipelines), read from there at test time
 * and never copied into the project; compiled once per process with the options their README
 * gives. Where the folder is absent the validator is skipped with a printed reason (CI=true: fails).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { type Finding, type PathSeg, type RunContext, type TreeFile, type YamlDoc, type YamlFile, closest, isRecord, lineAt, pathString, pointerPath } from './common.js';
import { requireFile } from './tools.js';

export const SHARED_SCHEMAS = fileURLToPath(new URL('../../../shared/schemas/', import.meta.url));

const compiled = new Map<string, ValidateFunction>();

/** The compiled schema, or undefined when ../shared/schemas/NAME is absent (skipped, or throws in CI). */
export function sharedSchema(validator: string, name: string, rc: RunContext): ValidateFunction | undefined {
  const path = `${SHARED_SCHEMAS}${name}`;
  if (!requireFile(validator, `../shared/schemas/${name}`, path, rc.skipped)) return undefined;
  let fn = compiled.get(path);
  if (!fn) {
    const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true, validateFormats: false, keywords: ['firstProperty', 'markdownDescription', 'deprecationMessage', 'doNotSuggest', 'ignoreCase', 'enumDescriptions'] });
    fn = ajv.compile(JSON.parse(readFileSync(path, 'utf8')) as object);
    compiled.set(path, fn);
  }
  return fn;
}

/**
 * Findings for a schema's errors. Editor schemas are made of anyOf branches (a step is a task, a
 * script, a checkout…), and ajv reports every branch's complaints: we keep the deepest paths
 * only (the branch that matched furthest), and at one path the unknown key that every branch
 * rejects, a missing key when nothing is unknown, or an enum.
 */
export function schemaFindings(validator: string, label: string, file: TreeFile, yf: YamlFile, doc: YamlDoc, errors: readonly ErrorObject[]): Finding[] {
  const relevant = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  const deeper = (p: string): boolean => relevant.some((e) => e.instancePath.startsWith(`${p}/`));
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of relevant) if (!deeper(e.instancePath)) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  const findings: Finding[] = [];
  for (const [instancePath, list] of byPath) {
    const path = pointerPath(instancePath);
    const report = (at: PathSeg[], message: string): void => {
      const where = pathString(at) || '(root)';
      findings.push({ validator, file: file.path, location: `${where} (line ${lineAt(yf, doc, at) ?? lineAt(yf, doc, path) ?? doc.line})`, message: `${where}: ${message} (${label})` });
    };
    const most = (keyword: string, param: 'additionalProperty' | 'missingProperty'): string[] => {
      const counts = new Map<string, number>();
      for (const e of list) if (e.keyword === keyword) counts.set(String((e.params as Record<string, unknown>)[param]), (counts.get(String((e.params as Record<string, unknown>)[param])) ?? 0) + 1);
      const max = Math.max(0, ...counts.values());
      return [...counts].filter(([, c]) => c === max).map(([k]) => k);
    };
    const unknown = most('additionalProperties', 'additionalProperty');
    const missing = most('required', 'missingProperty');
    const literal = (e: ErrorObject): string | undefined => (e.keyword === 'pattern' ? /^\^([\w.@-]+)\$$/.exec(String((e.params as { pattern?: string }).pattern))?.[1] : undefined);
    const enums = list.filter((e) => e.keyword === 'enum' || e.keyword === 'const' || literal(e) !== undefined);
    if (unknown.length) for (const k of unknown) report([...path, k], `unknown key "${k}"`);
    else if (missing.length) for (const k of missing) report(path, `missing required key "${k}"`);
    else if (enums.length) {
      const allowed = [
        ...new Set(enums.flatMap((e) => (literal(e) !== undefined ? [literal(e)!] : ((e.params as { allowedValues?: unknown[]; allowedValue?: unknown }).allowedValues ?? [(e.params as { allowedValue?: unknown }).allowedValue]).map(String)))),
      ];
      const value = String(path.reduce<unknown>((v, k) => (isRecord(v) || Array.isArray(v) ? (v as Record<string, unknown>)[k as string] : undefined), doc.value));
      const hint = closest(value, allowed, 4);
      const shown = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, … (${allowed.length} values)` : allowed.join(', ');
      report(path, `"${value}" is not allowed${hint ? ` (did you mean "${hint}"?)` : ''}: must be one of ${shown}`);
    } else report(path, list[0]!.message ?? list[0]!.keyword);
  }
  return findings;
}

/** The document with every scalar as a string, as the Azure Pipelines parser (and its schema) sees it. */
export function scalarsAsStrings(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(scalarsAsStrings);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scalarsAsStrings(x)]));
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
}
