/**
 * Reading and writing devops-stack.yaml. The file written after a run holds every
 * answer, defaults included, so that a later run reproduces the same files even if
 * a future version changes a default.
 *
 * Reading is bounded, whatever the file holds: its size, and the values its aliases expand to
 * (a few hundred bytes of nested aliases can stand for billions of values). Every bound is far
 * above any real answers file; beyond it the file is refused with the reason, at once.
 */
import { isUtf8 } from 'node:buffer';
import { load } from 'js-yaml';
import { clip, InputError } from '../core/errors.js';
import { yamlFile } from '../render/yaml.js';
import { isErrno } from '../write/fs-failure.js';
import { readRegularFile } from '../write/stack-paths.js';
import { ANSWER_KEYS, type Answers } from './answers.js';
import { withoutDefaultFields } from './default-fields.js';

export const ANSWERS_HEADER = [
  'yaml-language-server: $schema=https://unpkg.com/create-devops-stack/schemas/devops-stack.schema.json',
  'Answers for create-devops-stack. Change a value and run `npx create-devops-stack --config devops-stack.yaml --yes`.',
].join('\n');

/** An answers file is a few hundred bytes; 256 KiB leaves room for long comments. */
export const MAX_ANSWERS_BYTES = 256 * 1024;
/** Values (mappings, lists, scalars) once aliases are expanded: a full answers file has about 60. */
const MAX_NODES = 5_000;
const MAX_DEPTH = 12;
/** Characters of all strings, counted once per reference (aliases included). */
const MAX_CHARACTERS = 1024 * 1024;

function refused(path: string, message: string, remedy: string): InputError {
  return new InputError([{ where: path, message, remedy }]);
}

/** The bytes of an answers file as text: a regular, readable, bounded UTF-8 file, or a message why not. */
export function readAnswersText(path: string, shownAs = path): string {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(path, shownAs, MAX_ANSWERS_BYTES, true);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.problems, 'answers');
    if (!isErrno(error)) throw error;
    const reasons: Record<string, string> = {
      ENOENT: 'does not exist',
      EACCES: 'cannot be read: permission denied',
      EPERM: 'cannot be read: permission denied',
      ELOOP: 'is a loop of symbolic links',
      EISDIR: 'is a directory, not a file',
      ENOTDIR: 'is not reachable: a part of its path is a file',
      ENAMETOOLONG: 'is too long a path',
    };
    throw refused(shownAs, reasons[error.code] ?? `cannot be read (${error.code})`, 'Pass the path of a readable devops-stack.yaml (a regular file).');
  }
  if (!isUtf8(bytes)) throw refused(shownAs, 'is not UTF-8 text', 'Save it as UTF-8 (answers are ASCII: names, regions, paths).');
  return bytes.toString('utf8');
}

/**
 * Walks the loaded value as the schema validator will, counting every value each time it is
 * reached (an alias counts as what it expands to), and refuses a cycle (`x: &a [*a]`), a forbidden
 * key, or more than the bounds allow. Linear in the bounds, never in the expansion.
 */
function checkShape(value: unknown, path: string): void {
  let nodes = 0;
  let characters = 0;
  const ancestors = new Set<object>();
  const visit = (node: unknown, depth: number, where: string): void => {
    nodes += 1;
    if (nodes > MAX_NODES) throw refused(path, `expands to more than ${MAX_NODES} values (aliases count as what they stand for)`, 'An answers file needs a few dozen values: remove the aliases (&name / *name) that multiply them.');
    if (depth > MAX_DEPTH) throw refused(path, `nests values more than ${MAX_DEPTH} levels deep (at ${where})`, 'Answers are at most three levels deep (app.port): flatten the file.');
    if (typeof node === 'string') {
      characters += node.length;
      if (characters > MAX_CHARACTERS) throw refused(path, `holds more than ${MAX_CHARACTERS} characters of values once aliases are expanded`, 'Shorten the values, or remove the aliases that repeat them.');
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if (ancestors.has(node)) throw refused(path, `refers to itself through an alias (at ${where})`, 'Remove the alias (*name) that points back into its own anchor (&name).');
    ancestors.add(node);
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, depth + 1, `${where}[${i}]`));
    else {
      for (const key of Object.keys(node)) {
        if (key === '__proto__') throw refused(path, `has a key named __proto__ (at ${where || 'the top level'})`, 'Remove it: it is not an answer.');
        visit((node as Record<string, unknown>)[key], depth + 1, where ? `${where}.${key}` : key);
      }
    }
    ancestors.delete(node);
  };
  visit(value, 0, '');
}

export function parseAnswersFile(text: string, path: string): Record<string, unknown> {
  if (text.length > MAX_ANSWERS_BYTES) throw refused(path, `is ${text.length} characters, more than the ${MAX_ANSWERS_BYTES} an answers file may be`, 'Pass the right file: an answers file is a few hundred bytes.');
  let data: unknown;
  try {
    data = load(text, { filename: path });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    throw refused(path, `is not valid YAML: ${clip(reason, 200)}`, 'Fix the syntax, or delete the file to start from defaults.');
  }
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw refused(path, 'must be a YAML mapping of answers', 'See schemas/devops-stack.schema.json for the fields.');
  }
  checkShape(data, path);
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
  // A public hostname is optional: without one, nothing to record.
  if (!answers.domain) delete ordered['domain'];
  return yamlFile(ordered, ANSWERS_HEADER);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether an answers file on disk may be replaced by the full answers of this run: when every
 * value it states is the value used (the run only adds defaults and detected values) and it has
 * no comment to lose. A short hand-written devops-stack.yaml is then completed, not refused.
 */
export function answersRewritable(previous: string | undefined, answers: Answers): boolean {
  if (previous === undefined) return false;
  const header = new Set(ANSWERS_HEADER.split('\n').map((line) => `# ${line}`));
  if (previous.split('\n').some((line) => line.includes('#') && !header.has(line.trim()))) return false;
  let stated: Record<string, unknown>;
  try {
    stated = parseAnswersFile(previous, 'devops-stack.yaml');
  } catch {
    return false;
  }
  return Object.entries(stated).every(([key, value]) => {
    const used = (answers as unknown as Record<string, unknown>)[key];
    if (key === 'app' && value && typeof value === 'object' && used && typeof used === 'object') {
      return Object.entries(value).every(([field, v]) => sameValue(v, (used as Record<string, unknown>)[field]));
    }
    return sameValue(value, used ?? (key === 'ownership' ? {} : undefined));
  });
}
