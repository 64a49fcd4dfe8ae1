/**
 * Validates raw answers against schemas/devops-stack.schema.json with the validator
 * compiled at build time, and turns every error into a Problem that names the field,
 * the bad value and what is allowed.
 */
import type { ErrorObject } from 'ajv';
import schema from '../../schemas/devops-stack.schema.json' with { type: 'json' };
import validateAnswers from '../generated/validate-answers.js';
import type { Problem } from '../core/errors.js';
import { patternText } from './pattern-text.js';

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  enum?: unknown[];
  pattern?: string;
}

/** Which CLI flag sets a top-level field, for remedies. */
const FLAGS: Record<string, string> = {
  name: '--name',
  tier: '--tier',
  stack: '--stack',
  ci: '--ci',
  cloud: '--cloud',
  iac: '--iac',
  target: '--target',
  strategy: '--strategy',
  environments: '--environments',
  region: '--region',
  secondaryRegion: '--secondary-region',
  backingServices: '--services',
  branch: '--branch',
};

/** "/app/port" → "app.port", "/environments/1" → "environments[1]". */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function schemaAt(pointer: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema as SchemaNode;
  for (const part of pointer.split('/').slice(1)) {
    if (!node) return undefined;
    const free: SchemaNode | undefined = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
    node = /^\d+$/.test(part) ? node.items : (node.properties?.[part] ?? free);
  }
  return node;
}

function valueAt(data: unknown, pointer: string): unknown {
  let value: unknown = data;
  for (const part of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function firstSentence(text: string | undefined): string {
  if (!text) return '';
  const end = text.indexOf('. ');
  return end === -1 ? text : text.slice(0, end + 1);
}

function remedyFor(field: string, allowed: string): string {
  const top = field.split(/[.[]/)[0] ?? field;
  const flag = FLAGS[top];
  const where = flag ? `Pass ${flag} or set ${field} in devops-stack.yaml` : `Set ${field} in devops-stack.yaml`;
  return `${where} to ${allowed}.`;
}

function toProblem(error: ErrorObject, data: unknown): Problem {
  const pointer = error.instancePath;
  const node = schemaAt(pointer);
  const value = valueAt(data, pointer);
  if (error.keyword === 'additionalProperties') {
    const unknown = String((error.params as { additionalProperty: string }).additionalProperty);
    const field = fieldPath(`${pointer}/${unknown}`);
    const known = Object.keys(node?.properties ?? {}).join(', ');
    return { where: field, message: `unknown field (value ${show(valueAt(data, `${pointer}/${unknown}`))})`, remedy: `Remove it or fix its spelling; allowed fields here: ${known}.` };
  }
  const field = fieldPath(pointer) || '(answers)';
  switch (error.keyword) {
    case 'enum': {
      const allowed = (node?.enum ?? []).map(String).join(' | ');
      return { where: field, message: `${show(value)} is not supported`, remedy: remedyFor(field, `one of ${allowed}`) };
    }
    case 'pattern': {
      // In words, never the regular expression (src/config/pattern-text.ts).
      const allowed = patternText(field) ?? 'a valid value (see schemas/devops-stack.schema.json)';
      return { where: field, message: `${show(value)} is not valid${node?.description ? `: ${firstSentence(node.description)}` : ''}`, remedy: remedyFor(field, allowed) };
    }
    case 'type':
      return { where: field, message: `${show(value)} must be ${String(error.params['type'])}`, remedy: remedyFor(field, `a ${String(error.params['type'])}`) };
    case 'required': {
      const missing = String(error.params['missingProperty']);
      return { where: missing, message: 'is required', remedy: remedyFor(missing, 'a value') };
    }
    default:
      return { where: field, message: `${show(value)} ${error.message ?? 'is not valid'}`, remedy: remedyFor(field, 'a valid value (see schemas/devops-stack.schema.json)') };
  }
}

/** Every schema problem with the raw answers, at once. */
export function schemaProblems(data: unknown): Problem[] {
  if (validateAnswers(data)) return [];
  return (validateAnswers.errors ?? []).map((error) => toProblem(error, data));
}
