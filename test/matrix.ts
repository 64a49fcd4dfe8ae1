/**
 * The stacks the validation suite generates, derived from the answers schema so that
 * an option added later is validated without editing a test: every enum value of every
 * option appears in at least one stack for every tier (a covering array of width 2 on
 * tier × option), unless that tier and value are an impossible combination, which the
 * matrix reports with the reason.
 */
import schema from '../schemas/devops-stack.schema.json' with { type: 'json' };
import type { Answers } from '../src/config/answers.js';
import type { PartialAnswers } from '../src/config/defaults.js';
import { resolveAnswers } from '../src/config/load.js';
import { InputError } from '../src/core/errors.js';

interface EnumProperty {
  type?: string;
  enum?: string[];
  items?: { enum?: string[] };
}

/**
 * Top-level options with a fixed set of values. A list of enum values (backingServices)
 * contributes the empty list, each value alone, and all of them together.
 */
export function enumOptions(): [string, unknown[]][] {
  const properties = schema.properties as Record<string, EnumProperty>;
  return Object.entries(properties).flatMap(([key, p]): [string, unknown[]][] => {
    if (Array.isArray(p.enum)) return [[key, p.enum]];
    const items = p.type === 'array' ? p.items?.enum : undefined;
    return items ? [[key, [[], ...items.map((i) => [i]), items]]] : [];
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

function tryResolve(raw: Record<string, unknown>): Answers | string {
  try {
    return resolveAnswers(raw);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.problems.map((p) => `${p.where}: ${p.message}`).join('; ');
  }
}

export function validationMatrix(base: PartialAnswers = { name: 'matrix-app', repository: 'acme/matrix-app' }): {
  stacks: MatrixStack[];
  /** `tier × option=value` pairs no valid stack can have, with the reason. */
  impossible: Map<string, string>;
} {
  const options = enumOptions();
  const tiers = options.find(([key]) => key === 'tier')![1];
  const others = options.filter(([key]) => key !== 'tier');
  const width = Math.max(...others.map(([, values]) => values.length));
  const stacks: MatrixStack[] = [];
  const impossible = new Map<string, string>();
  const ids = new Set<string>();
  const add = (raw: Record<string, unknown>): Answers | string => {
    const result = tryResolve(raw);
    if (typeof result === 'string') return result;
    const id = [result.tier, ...others.map(([key]) => valueKey((result as unknown as Record<string, unknown>)[key]))].join('-');
    if (!ids.has(id)) {
      ids.add(id);
      stacks.push({ id, answers: result });
    }
    return result;
  };
  const covered = (tier: unknown, key: string, value: unknown): boolean =>
    stacks.some((s) => s.answers.tier === tier && valueKey((s.answers as unknown as Record<string, unknown>)[key]) === valueKey(value));
  for (const tier of tiers) {
    // Rows cycle through every option's values at once; a row that is impossible is left out,
    // and whatever it would have covered gets a stack of its own below.
    for (let row = 0; row < width; row++) {
      const raw: Record<string, unknown> = { ...base, tier };
      for (const [key, values] of others) raw[key] = values[row % values.length];
      add(raw);
    }
    for (const [key, values] of others) {
      for (const value of values) {
        if (covered(tier, key, value)) continue;
        const result = add({ ...base, tier, [key]: value });
        if (typeof result === 'string') impossible.set(`${String(tier)} × ${key}=${valueKey(value)}`, result);
      }
    }
  }
  return { stacks, impossible };
}
