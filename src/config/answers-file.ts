/**
 * Reading and writing devops-stack.yaml. The file written after a run holds every
 * answer, defaults included, so that a later run reproduces the same files even if
 * a future version changes a default.
 */
import { load } from 'js-yaml';
import { InputError } from '../core/errors.js';
import { yamlFile } from '../render/yaml.js';
import { ANSWER_KEYS, type Answers } from './answers.js';
import { withoutDefaultFields } from './default-fields.js';

export const ANSWERS_HEADER = [
  'yaml-language-server: $schema=https://unpkg.com/create-devops-stack/schemas/devops-stack.schema.json',
  'Answers for create-devops-stack. Change a value and run `npx create-devops-stack --config devops-stack.yaml --yes`.',
].join('\n');

export function parseAnswersFile(text: string, path: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = load(text, { filename: path });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InputError([{ where: path, message: `is not valid YAML: ${reason}`, remedy: 'Fix the syntax, or delete the file to start from defaults.' }]);
  }
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError([{ where: path, message: 'must be a YAML mapping of answers', remedy: 'See schemas/devops-stack.schema.json for the fields.' }]);
  }
  return data as Record<string, unknown>;
}

export function serializeAnswers(answers: Answers): string {
  const ordered: Record<string, unknown> = {};
  // Fields that detection fills (branch, the app's tool, version, commands, settings) are written
  // when they differ from their defaults only: a stack without them reads as it did before.
  const shown = withoutDefaultFields(answers);
  for (const key of ANSWER_KEYS) ordered[key] = shown[key];
  // No step left out is the default: omitted, so the file reads as it did before skip existed.
  if (!answers.skip.length) delete ordered['skip'];
  // Likewise no extra cluster admin: omitted, so files written before the field read the same.
  if (!answers.clusterAdmins.length) delete ordered['clusterAdmins'];
  // And a stack at the repository root (the common case) has no directory to record.
  if (!answers.directory) delete ordered['directory'];
  return yamlFile(ordered, ANSWERS_HEADER);
}
