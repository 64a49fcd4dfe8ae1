/**
 * The stacks the validation suite generates, derived from the answers schema so that an option
 * added later is validated without editing a test:
 * - every combination of the platform dimensions (tier × CI platform × cloud × IaC tool × target)
 *   that the answers accept (the cube: every platform pair the product offers, at every tier);
 * - every pair of values of any two options at least once (a pairwise covering array), the other
 *   options riding along on the cube's rows, greedily chosen to cover the most pairs still missing;
 * - a pair no valid stack can have (T1 × canary) is reported with the reason the answers give.
 */
import schema from '../schemas/devops-stack.schema.json' with { type: 'json' };
import type { Answers, Cloud } from '../src/config/answers.js';
import type { PartialAnswers } from '../src/config/defaults.js';
import { resolveAnswers } from '../src/config/load.js';
import { InputError } from '../src/core/errors.js';

interface EnumProperty {
  type?: string;
  enum?: string[];
  items?: { enum?: string[] };
}

/** The platform dimensions: every valid combination of these is generated, at every tier. */
export const CUBE = ['tier', 'ci', 'cloud', 'iac', 'target'] as const;

/**
 * List values whose files are only what the row with all of them has too (a local compose
 * service, an egress port and a Secret key, as MySQL's): that row validates them, and a row each
 * alone would grow the matrix by half for no other file.
 */
const COVERED_BY_ALL: ReadonlySet<unknown> = new Set(['opensearch', 'rabbitmq', 'kafka']);

/**
 * Top-level options with a fixed set of values. A list of enum values (backingServices)
 * contributes the empty list, each value alone (but COVERED_BY_ALL), and all of them together.
 */
export function enumOptions(): [string, unknown[]][] {
  const properties = schema.properties as Record<string, EnumProperty>;
  return Object.entries(properties).flatMap(([key, p]): [string, unknown[]][] => {
    if (Array.isArray(p.enum)) return [[key, p.enum]];
    const items = p.type === 'array' ? p.items?.enum : undefined;
    return items ? [[key, [[], ...items.filter((i) => !COVERED_BY_ALL.has(i)).map((i) => [i]), items]]] : [];
  });
}

/** A value's identity in ids and coverage checks (lists compare by content). */
export function valueKey(value: unknown): string {
  return Array.isArray(value) ? (value.length ? value.join('+') : 'none') : String(value);
}

export interface MatrixStack {
  id: string;
  answers: Answers;
}

function resolveRow(raw: Record<string, unknown>): Answers | string {
  try {
    return resolveAnswers(raw);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.problems.map((p) => `${p.where}: ${p.message}`).join('; ');
  }
}

const pairKey = (a: string, av: unknown, b: string, bv: unknown): string => `${a}=${valueKey(av)} × ${b}=${valueKey(bv)}`;
const read = (answers: Answers, key: string): unknown => (answers as unknown as Record<string, unknown>)[key];

/** Every pair of values of two different options, keyed in option order. */
function allPairs(options: [string, unknown[]][]): Map<string, [string, unknown, string, unknown]> {
  const pairs = new Map<string, [string, unknown, string, unknown]>();
  options.forEach(([a, avs], i) => {
    for (const [b, bvs] of options.slice(i + 1)) for (const av of avs) for (const bv of bvs) pairs.set(pairKey(a, av, b, bv), [a, av, b, bv]);
  });
  return pairs;
}

function pairsOf(answers: Answers, options: [string, unknown[]][]): string[] {
  const keys: string[] = [];
  options.forEach(([a], i) => {
    for (const [b] of options.slice(i + 1)) keys.push(pairKey(a, read(answers, a), b, read(answers, b)));
  });
  return keys;
}

/**
 * `byCloud`: answers only one cloud takes (its region names, Google Cloud's project), merged
 * into every row of that cloud (the budgets measure each cloud with its longest values).
 */
export function validationMatrix(base: PartialAnswers = { name: 'matrix-app', repository: 'acme/matrix-app' }, byCloud: Partial<Record<Cloud, PartialAnswers>> = {}): {
  stacks: MatrixStack[];
  /** Pairs of option values no valid stack can have, with the reason the answers give. */
  impossible: Map<string, string>;
} {
  const options = enumOptions();
  const tryResolve = (raw: Record<string, unknown>): Answers | string => resolveRow({ ...byCloud[(raw['cloud'] as Cloud | undefined) ?? 'aws'], ...raw });
  const cube = options.filter(([key]) => (CUBE as readonly string[]).includes(key));
  const others = options.filter(([key]) => !(CUBE as readonly string[]).includes(key));
  const missing = allPairs(options);
  const stacks: MatrixStack[] = [];
  const ids = new Set<string>();
  const add = (answers: Answers): void => {
    const id = options.map(([key]) => valueKey(read(answers, key))).join('-');
    if (ids.has(id)) return;
    ids.add(id);
    stacks.push({ id, answers });
    for (const key of pairsOf(answers, options)) missing.delete(key);
  };

  /** Completes a row option by option, each time with the value that covers the most missing pairs and still resolves. */
  const complete = (start: Record<string, unknown>, free: [string, unknown[]][]): Answers | string => {
    const row = { ...start };
    for (const [key, values] of free) {
      const fixed = Object.keys(row).filter((k) => k !== 'name' && k !== 'repository');
      const gain = (value: unknown): number =>
        fixed.filter((k) => missing.has(pairKey(k, row[k], key, value)) || missing.has(pairKey(key, value, k, row[k]))).length;
      const ranked = [...values].sort((x, y) => gain(y) - gain(x));
      for (const value of ranked) {
        if (typeof tryResolve({ ...row, [key]: value }) !== 'string') {
          row[key] = value;
          break;
        }
      }
    }
    return tryResolve(row);
  };

  // 1. The cube: every valid platform combination, the other options filling in pairs.
  const cubeRows = cube.reduce<Record<string, unknown>[]>((rows, [key, values]) => rows.flatMap((row) => values.map((v) => ({ ...row, [key]: v }))), [{ ...base }]);
  for (const row of cubeRows) {
    if (typeof tryResolve(row) === 'string') continue;
    const answers = complete(row, others);
    if (typeof answers !== 'string') add(answers);
  }

  // 2. Every pair still missing gets a row of its own, completed greedily; one that cannot resolve is impossible.
  const impossible = new Map<string, string>();
  for (const [key, [a, av, b, bv]] of [...missing]) {
    if (!missing.has(key)) continue;
    const start = { ...base, [a]: av, [b]: bv };
    const alone = tryResolve(start);
    const answers = complete(start, options.filter(([k]) => k !== a && k !== b));
    if (typeof answers !== 'string') add(answers);
    else impossible.set(key, typeof alone === 'string' ? alone : answers);
  }
  return { stacks, impossible };
}
