/**
 * Answers fields by path ("stack", "app.port"): read, write and validate one value
 * with the same compiled schema as the answers file, so a prompt and a flag accept
 * exactly what devops-stack.yaml accepts.
 */
import { schemaProblems } from '../config/validate.js';

export type Raw = Record<string, unknown>;

export function getField(raw: Raw, path: string): unknown {
  let value: unknown = raw;
  for (const part of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Raw)[part] : undefined;
  return value;
}

/** A copy of raw with path set (undefined removes it); "app.commands.test" sets one level deeper. */
export function setField(raw: Raw, path: string, value: unknown): Raw {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const next: Raw = { ...raw };
  if (!rest.length) {
    if (value === undefined) delete next[head];
    else next[head] = value;
    return next;
  }
  const inner = typeof raw[head] === 'object' && raw[head] !== null ? (raw[head] as Raw) : {};
  next[head] = setField(inner, rest.join('.'), value);
  return next;
}

/** {app: {port, commands: {test}}, gcp: {project}} → {"app.port": …, "app.commands.test": …, "gcp.project": …}: question ids are field paths. */
export function flat(raw: Raw, prefix = ''): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(raw)) {
    const path = `${prefix}${k}`;
    if ((path === 'app' || path === 'app.commands' || path === 'gcp' || path === 'azure') && typeof v === 'object' && v !== null && !Array.isArray(v)) Object.assign(out, flat(v as Raw, `${path}.`));
    else out[path] = v;
  }
  return out;
}

/** The schema's message for one value, or undefined when it is valid. */
export function fieldProblem(path: string, value: unknown): string | undefined {
  const problems = schemaProblems(setField({ name: 'a' }, path, value)).filter((p) => p.where === path || p.where.startsWith(`${path}[`) || p.where.startsWith(`${path}.`));
  const first = problems[0];
  return first ? `${first.message}. ${first.remedy}` : undefined;
}
