/**
 * Gathers the answers for a run: the answers file (explicit --config, or the one
 * already in the target directory), then flags, then detected values, then defaults.
 */
import { lstatSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Answers } from '../config/answers.js';
import { parseAnswersFile, readAnswersText } from '../config/answers-file.js';
import { detectRepository } from '../config/detect-repository.js';
import { detectDirectory, findGitRoot } from '../config/repository-root.js';
import { mergeSources, resolveAnswers } from '../config/load.js';
import { clip, InputError } from '../core/errors.js';
import { applyStackAnswers, detectExisting, foreignCiProblem, type Detection } from '../detect/index.js';
import { applyGoal, inferGoal, type GoalInference } from '../goal/infer.js';
import { warningsFor, type Warning } from '../prompt/warnings.js';
import type { CliOptions } from './args.js';

export interface ResolvedInput {
  answers: Answers;
  /** Where the answers came from, for the summary. */
  sources: string[];
  /** What was found in an existing repository (language, port, services, CI, orchestration). */
  detection?: Detection;
  /** What --goal (or the goal typed at the first prompt) inferred, with the words that matched. */
  goal?: GoalInference;
  /** Conflicts, missing pieces and unsupported requests that remain, each with its options. */
  warnings?: Warning[];
}

/** The answers before validation: everything below the flags (detected, answers file), and the flags. */
export interface CollectedInput {
  base: Record<string, unknown>;
  flags: Record<string, unknown>;
  sources: string[];
  detection: Detection;
}

/** A DNS-1123 label from a directory name: "My App" → "my-app". */
export function nameFromDirectory(dir: string): string | undefined {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return name || undefined;
}

/** Whether anything is at path, a dangling link or a link loop included (reading it then says what is wrong). */
function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export function collectInput(options: CliOptions, cwd: string): CollectedInput {
  const dir = resolve(cwd, options.dir);
  const sources: string[] = [];
  let fromFile: Record<string, unknown> = {};
  const configPath = options.config !== undefined ? resolve(cwd, options.config) : join(dir, 'devops-stack.yaml');
  const present = lstatExists(configPath);
  if (options.config !== undefined && !present) {
    throw new InputError([{ where: '--config', message: `${clip(options.config)} does not exist`, remedy: 'Pass the path of an existing devops-stack.yaml, or leave --config out to start from defaults.' }]);
  }
  if (present) {
    // Bounded and checked (size, type, encoding, aliases): src/config/answers-file.ts. Named as the
    // user typed it (or as dir/devops-stack.yaml), never as an absolute path.
    const shown = options.config ?? join(options.dir, 'devops-stack.yaml');
    fromFile = parseAnswersFile(readAnswersText(configPath), shown);
    sources.push(shown);
  }
  if (Object.keys(options.answers).length) sources.push('flags');
  const detected: Record<string, unknown> = {};
  // The remote is configured at the repository root, which may be above the stack (a monorepo).
  const repository = detectRepository(findGitRoot(dir) ?? dir);
  if (repository) {
    detected['repository'] = repository;
    sources.push(`git remote origin (${repository})`);
  }
  const directory = detectDirectory(dir);
  if (directory) {
    detected['directory'] = directory;
    sources.push(`git repository root (directory ${directory})`);
  }
  const name = nameFromDirectory(dir);
  if (name) detected['name'] = name;
  // Manifests, Dockerfile and compose file know the service better than its directory name.
  const detection = detectExisting(dir, findGitRoot(dir));
  if (detection.detected.length) sources.push('existing files (detected)');
  const foreignCi = foreignCiProblem(detection, 'ci' in fromFile || 'ci' in options.answers);
  if (foreignCi) throw foreignCi;
  return { base: mergeSources(detected, detection.answers, fromFile), flags: options.answers, sources, detection };
}

/** Without prompts: a goal's answers sit above the answers file and below the flags. */
export function resolveInput(options: CliOptions, cwd: string): ResolvedInput {
  const { base, flags, sources, detection } = collectInput(options, cwd);
  const goal = options.goal === undefined ? undefined : inferGoal(options.goal);
  if (goal) sources.push('goal');
  const answers = resolveAnswers(applyStackAnswers(mergeSources(applyGoal(base, goal), flags), detection));
  return { answers, sources, detection, ...(goal ? { goal } : {}), warnings: warningsFor(answers, { goal, detection }) };
}
