/**
 * CloudFormation templates as data: YAML with the short-form intrinsic tags (`!Ref`, `!Sub`,
 * `!GetAtt`, `!ImportValue`, `!Join`, `!If`, `!Equals`, `!Select`, `!Split`, `!FindInMap`,
 * `!GetAZs`, `!Base64`, `!Cidr`, `!Not`, `!And`, `!Or`, `!Condition`) turned into their long
 * form (`{ Ref: … }`, `{ "Fn::Sub": … }`, `!GetAtt A.B` → `{ "Fn::GetAtt": ["A", "B"] }`), as
 * CloudFormation reads them; JSON templates as they are. Any other tag is an error.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { type TreeFile, isRecord } from './common.js';

const FN = new Set(['Sub', 'GetAtt', 'ImportValue', 'Join', 'If', 'Equals', 'Select', 'Split', 'FindInMap', 'GetAZs', 'Base64', 'Cidr', 'Not', 'And', 'Or', 'Transform', 'Length', 'ToJsonString']);

export interface CfnDoc {
  value: unknown;
  errors: { line: number; message: string }[];
}

function convert(node: unknown, errors: CfnDoc['errors'], lineOf: (n: Node) => number): unknown {
  if (isAlias(node)) return undefined;
  let value: unknown;
  if (isMap(node)) value = Object.fromEntries(node.items.filter(isPair).map((p) => [String(isScalar(p.key) ? p.key.value : p.key), convert(p.value, errors, lineOf)]));
  else if (isSeq(node)) value = node.items.map((i) => convert(i, errors, lineOf));
  else if (isScalar(node)) value = node.value;
  else return node ?? null;
  const tag = (node as Node).tag;
  if (!tag || tag.startsWith('tag:yaml.org,2002:')) return value;
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  if (FN.has(name)) return { [`Fn::${name}`]: value };
  errors.push({ line: lineOf(node as Node), message: `unknown tag ${tag}` });
  return value;
}

const cache = new WeakMap<TreeFile, CfnDoc>();

export function parseCfn(file: TreeFile): CfnDoc {
  let out = cache.get(file);
  if (out) return out;
  if (/\.json$/i.test(file.path)) {
    try {
      out = { value: JSON.parse(file.content) as unknown, errors: [] };
    } catch (err) {
      out = { value: undefined, errors: [{ line: 1, message: `JSON: ${(err as Error).message}` }] };
    }
  } else {
    const lines = new LineCounter();
    const doc = parseDocument(file.content, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const errors = doc.errors.map((e) => ({ line: lines.linePos(e.pos[0]).line, message: `YAML: ${e.message.split('\n')[0]}` }));
    const lineOf = (n: Node): number => lines.linePos(n.range?.[0] ?? 0).line;
    out = { value: errors.length ? undefined : convert(doc.contents, errors, lineOf), errors };
  }
  cache.set(file, out);
  return out;
}

/** Whether the data is a template (has Resources), not a parameter file or anything else. */
export const isTemplate = (v: unknown): v is Record<string, unknown> & { Resources: Record<string, unknown> } => isRecord(v) && isRecord(v.Resources);

/** The one intrinsic function an object is (`Ref`, `Fn::Sub`…), if it is one. */
export function intrinsic(v: unknown): { fn: string; arg: unknown } | undefined {
  if (!isRecord(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const fn = keys[0]!;
  return fn === 'Ref' || fn === 'Condition' || fn.startsWith('Fn::') ? { fn, arg: v[fn] } : undefined;
}
