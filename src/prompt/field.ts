/**
 * Answers fields by path ("stack", "app.port"): read, write and validate one value
 * with the same compiled schema as the answers file, so a prompt and a flag accept
 * exactly what devops-stack.yaml accepts.
 */
import { schemaProblems } from '../config/validate.js';

export type Raw = Record<string, unknown>;

export function getField(raw: Raw, path: string): unknown {
  const [head, tail] = path.split('.') as [string, string | undefined];
  const value = raw[head];
  if (tail === undefined) return value;
  return typeof value === 'object' && value !== null ? (value as Raw)[tail] : undefined;
}

/** A copy of raw with path set (undefined removes it). */
export function setField(raw: Raw, path: string, value: unknown): Raw {
  const [head, tail] = path.split('.') as [string, string | undefined];
  const next: Raw = { ...raw };
  if (tail === undefined) {
    if (value === undefined) delete next[head];
    else next[head] = value;
    return next;
  }
  const inner: Raw = { ...((raw[head] as Raw | undefined) ?? {}) };
  if (value === undefined) delete inner[tail];
  else inner[tail] = value;
  next[head] = inner;
  return next;
}

/** The schema's message for one value, or undefined when it is valid. */
export function fieldProblem(path: string, value: unknown): string | undefined {
  const problems = schemaProblems(setField({ name: 'a' }, path, value)).filter((p) => p.where === path || p.where.startsWith(`${path}[`) || p.where.startsWith(`${path}.`));
  const first = problems[0];
  return first ? `${first.message}. ${first.remedy}` : undefined;
}
