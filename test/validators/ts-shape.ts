/**
 * Unknown-key check of plain data against TypeScript types shipped by packages
 * (kubernetes-models and friends), through the TypeScript compiler API.
 *
 * The model packages ship no JSON schema (their `_schemas/*.js` are compiled AJV validators, which
 * accept any extra key), but their `.d.ts` interfaces are generated from the same OpenAPI schemas:
 * the walk below follows properties, arrays and unions, treats string index signatures as maps
 * (labels, annotations: additionalProperties) and `{}`/`object`/`any`/`unknown` as free-form
 * (x-kubernetes-preserve-unknown-fields), and reports every key the type does not declare.
 * One program is built per process and grown when new types are asked for.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { type PathSeg, closest } from './common.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = `${REPO_ROOT}test/validators/__ts_shape_entry__.ts`;

export interface TypeRef {
  /** Module specifier, e.g. `kubernetes-models/apps/v1/Deployment`. */
  module: string;
  /** Exported type name, e.g. `IDeployment`. */
  name: string;
}

const key = (r: TypeRef): string => `${r.module}#${r.name}`;

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

let state: { refs: TypeRef[]; program: ts.Program; types: Map<string, ts.Type> } | undefined;

function build(refs: TypeRef[]): NonNullable<typeof state> {
  const source = refs.map((r, i) => `import type * as M${i} from ${JSON.stringify(r.module)};\nexport type T${i} = M${i}.${r.name};\n`).join('');
  const host = ts.createCompilerHost(OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, lang, ...rest) => (file === ENTRY ? ts.createSourceFile(file, source, lang) : getSourceFile(file, lang, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => f === ENTRY || fileExists(f);
  const program = ts.createProgram({ rootNames: [ENTRY], options: OPTIONS, host, oldProgram: state?.program });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(ENTRY)!;
  const problems = program.getSemanticDiagnostics(sf).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  if (problems.length) throw new Error(`cannot load model types: ${problems.join('; ')}`);
  const moduleSymbol = checker.getSymbolAtLocation(sf)!;
  const types = new Map<string, ts.Type>();
  for (const sym of checker.getExportsOfModule(moduleSymbol)) {
    const i = Number(sym.name.slice(1));
    types.set(key(refs[i]!), checker.getDeclaredTypeOfSymbol(sym));
  }
  return { refs, program, types };
}

function checkerFor(wanted: readonly TypeRef[]): { checker: ts.TypeChecker; types: Map<string, ts.Type> } {
  const missing = wanted.filter((r) => !state?.types.has(key(r)));
  if (missing.length || !state) {
    const all = [...(state?.refs ?? [])];
    for (const r of missing) if (!all.some((a) => key(a) === key(r))) all.push(r);
    state = build(all);
  }
  return { checker: state.program.getTypeChecker(), types: state.types };
}

/** Whether a module specifier resolves to a file under node_modules (no throw). */
export function moduleFileExists(relativeToNodeModules: string): boolean {
  return existsSync(`${REPO_ROOT}node_modules/${relativeToNodeModules}`);
}

export interface UnknownKey {
  path: PathSeg[];
  key: string;
  /** Names the type does declare at that place, for messages. */
  suggestion?: string;
}

/** Every key of `value` (at any depth) that the type `ref` does not declare. */
export function unknownKeys(value: unknown, ref: TypeRef): UnknownKey[] {
  const { checker, types } = checkerFor([ref]);
  const root = types.get(key(ref))!;
  const out: UnknownKey[] = [];

  const isArray = (t: ts.Type): boolean => checker.isArrayType(t) || checker.isTupleType(t);
  const elementOf = (t: ts.Type): ts.Type | undefined => {
    const candidates = t.isUnion() ? t.types : [t];
    const arr = candidates.find(isArray);
    return arr ? checker.getTypeArguments(arr as ts.TypeReference)[0] : undefined;
  };
  const stringIndex = (t: ts.Type): ts.Type | undefined =>
    checker.getIndexInfosOfType(t).find((info) => info.keyType.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral))?.type;
  const isFreeForm = (t: ts.Type): boolean =>
    Boolean(t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) ||
    (Boolean(t.flags & ts.TypeFlags.Object) && !isArray(t) && checker.getPropertiesOfType(t).length === 0 && !stringIndex(t));

  const walk = (v: unknown, type: ts.Type, path: PathSeg[], depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > 64) return;
    const t = checker.getNonNullableType(type);
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (Array.isArray(v)) {
      const el = elementOf(t);
      if (el) v.forEach((item, i) => walk(item, el, [...path, i], depth + 1));
      return;
    }
    const members = (t.isUnion() ? t.types : [t]).filter((m) => (m.flags & (ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive | ts.TypeFlags.Intersection)) && !isArray(m));
    if (!members.length) return; // a primitive where an object sits: the schema validator reports it
    if (members.some(isFreeForm)) return;
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      let childType: ts.Type | undefined;
      for (const m of members) {
        const prop = checker.getPropertyOfType(m, k);
        if (prop) {
          childType = checker.getTypeOfSymbol(prop);
          break;
        }
      }
      childType ??= members.map(stringIndex).find(Boolean);
      if (!childType) {
        const names = members.flatMap((m) => checker.getPropertiesOfType(m).map((p) => p.name));
        out.push({ path: [...path, k], key: k, suggestion: closest(k, names) });
        continue;
      }
      walk(child, childType, [...path, k], depth + 1);
    }
  };
  walk(value, root, [], 0);
  return out;
}
