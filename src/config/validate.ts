/**
 * Validates raw answers against schemas/devops-stack.schema.json with the validator
 * compiled at build time, and turns every error into a Problem that names the field,
 * the bad value and what is allowed.
 */
import type { ErrorObject } from 'ajv';
import schema from '../../schemas/devops-stack.schema.json' with { type: 'json' };
import validateAnswers from '../generated/validate-answers.js';
import { clip, type Problem } from '../core/errors.js';
import { patternText } from './pattern-text.js';
import { reservedReason } from './reserved.js';

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
  ciServer: '--ci-server',
};

/** A JSON pointer's segments, unescaped (~1 is '/', ~0 is '~'). */
function segments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** One segment escaped for a JSON pointer. */
const escapeSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * "/app/port" → "app.port", "/environments/1" → "environments[1]", and a key that is no plain
 * name (an ownership path) in brackets: "/ownership/docs~1devops~1" → 'ownership["docs/devops/"]'.
 */
export function fieldPath(pointer: string): string {
  return segments(pointer).reduce((path, part) => {
    if (/^\d+$/.test(part)) return `${path}[${part}]`;
    if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) return path ? `${path}.${part}` : part;
    return `${path}[${clip(JSON.stringify(part), 120)}]`;
  }, '');
}

function schemaAt(pointer: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema as SchemaNode;
  for (const part of segments(pointer)) {
    if (!node) return undefined;
    const free: SchemaNode | undefined = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
    node = /^\d+$/.test(part) ? node.items : (node.properties?.[part] ?? free);
  }
  return node;
}

function valueAt(data: unknown, pointer: string): unknown {
  let value: unknown = data;
  for (const part of segments(pointer)) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A value as the message shows it: JSON, cut short (a 10 MB name is not echoed). */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return clip(text, 80);
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
    const at = `${pointer}/${escapeSegment(unknown)}`;
    const field = fieldPath(at);
    const known = Object.keys(node?.properties ?? {}).join(', ');
    return { where: field, message: `unknown field (value ${show(valueAt(data, at))})`, remedy: `Remove it or fix its spelling; allowed fields here: ${known}.` };
  }
  const field = fieldPath(pointer) || '(answers)';
  switch (error.keyword) {
    case 'not': {
      const top = segments(pointer)[0] ?? '';
      const reason = reservedReason(top, value) ?? 'it is reserved';
      return { where: field, message: `${show(value)} cannot be used: ${reason}`, remedy: remedyFor(field, 'another value') };
    }
    case 'maxLength':
    case 'maxItems':
    case 'maxProperties': {
      const limit = Number(error.params['limit']);
      const unit = error.keyword === 'maxLength' ? 'characters' : error.keyword === 'maxItems' ? 'items' : 'entries';
      const size = typeof value === 'string' ? value.length : Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : 0;
      return { where: field, message: `${show(value)} has ${size} ${unit}, more than the ${limit} allowed`, remedy: remedyFor(field, `at most ${limit} ${unit}`) };
    }
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

/** No answer is longer than this (ARNs are at most 200, ownership paths 300): anything longer is refused before the schema runs. */
const LONGEST_VALUE = 1024;
const MOST_ITEMS = 200;

/**
 * Values no schema field allows, found without running the schema's patterns over them: a string
 * longer than any answer, a list or map longer than any. Fast on any input, and echoes little.
 */
function oversized(data: unknown): Problem[] {
  const problems: Problem[] = [];
  const visit = (value: unknown, pointer: string): void => {
    if (problems.length >= 5) return;
    if (typeof value === 'string' && value.length > LONGEST_VALUE) {
      problems.push({ where: fieldPath(pointer) || '(answers)', message: `${show(value)} is ${value.length} characters; no answer is longer than ${LONGEST_VALUE}`, remedy: 'Shorten it (see schemas/devops-stack.schema.json for what each field takes).' });
    } else if (value && typeof value === 'object') {
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      if (entries.length > MOST_ITEMS) {
        problems.push({ where: fieldPath(pointer) || '(answers)', message: `has ${entries.length} entries; no answer has more than ${MOST_ITEMS}`, remedy: 'Remove the entries that are not needed.' });
        return;
      }
      for (const [key, v] of entries) {
        if (key.length > LONGEST_VALUE) problems.push({ where: fieldPath(pointer) || '(answers)', message: `has a key of ${key.length} characters (${show(key)}); no key is longer than ${LONGEST_VALUE}`, remedy: 'Remove it.' });
        else visit(v, `${pointer}/${escapeSegment(key)}`);
      }
    }
  };
  visit(data, '');
  return problems;
}

/** At most this many problems are listed: the rest are counted. */
const SHOWN_PROBLEMS = 20;

/** Every schema problem with the raw answers, at once (the first twenty, and how many more). */
export function schemaProblems(data: unknown): Problem[] {
  const tooLarge = oversized(data);
  if (tooLarge.length) return tooLarge;
  if (validateAnswers(data)) return [];
  const problems = (validateAnswers.errors ?? []).map((error) => toProblem(error, data));
  if (problems.length <= SHOWN_PROBLEMS) return problems;
  return [...problems.slice(0, SHOWN_PROBLEMS), { where: '(answers)', message: `and ${problems.length - SHOWN_PROBLEMS} more problems`, remedy: 'Fix the ones above first: the others are often of the same kind.' }];
}
