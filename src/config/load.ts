/**
 * One place where raw input (answers file, flags) becomes validated, defaulted Answers.
 * Every problem is collected and reported at once.
 */
import { InputError, type Problem } from '../core/errors.js';
import type { Answers } from './answers.js';
import { combinationProblems } from './combinations.js';
import { withDefaults, type PartialAnswers } from './defaults.js';
import { notGeneratedYet } from './generation-support.js';
import { schemaProblems } from './validate.js';

/** Flags override the answers file; nested `app` values (and `app.commands`) merge field by field. */
export function mergeSources(...sources: Record<string, unknown>[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      // Never the object's prototype (the answers file refuses the key; this keeps any other source from setting it).
      if (value === undefined || key === '__proto__') continue;
      const previous = merged[key];
      merged[key] = key === 'app' && isRecord(previous) && isRecord(value) ? mergeApp(previous, value) : value;
    }
  }
  return merged;
}

function mergeApp(previous: Record<string, unknown>, value: Record<string, unknown>): Record<string, unknown> {
  const commands = isRecord(previous['commands']) && isRecord(value['commands']) ? { commands: { ...previous['commands'], ...value['commands'] } } : {};
  return { ...previous, ...value, ...commands };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates and completes raw answers; throws InputError listing every problem. */
export function resolveAnswers(raw: Record<string, unknown>): Answers {
  const problems: Problem[] = schemaProblems(raw);
  if (problems.length) throw new InputError(problems);
  const answers = withDefaults(raw as PartialAnswers);
  const conflicts = [...combinationProblems(answers), ...notGeneratedYet(answers)];
  if (conflicts.length) throw new InputError(conflicts);
  return answers;
}
