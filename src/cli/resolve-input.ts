/**
 * Gathers the answers for a run: the answers file (explicit --config, or the one
 * already in the target directory), then flags, then detected values, then defaults.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Answers } from '../config/answers.js';
import { parseAnswersFile } from '../config/answers-file.js';
import { detectRepository } from '../config/detect-repository.js';
import { mergeSources, resolveAnswers } from '../config/load.js';
import { InputError } from '../core/errors.js';
import type { CliOptions } from './args.js';

export interface ResolvedInput {
  answers: Answers;
  /** Where the answers came from, for the summary. */
  sources: string[];
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

export function resolveInput(options: CliOptions, cwd: string): ResolvedInput {
  const dir = resolve(cwd, options.dir);
  const sources: string[] = [];
  let fromFile: Record<string, unknown> = {};
  const configPath = options.config ? resolve(cwd, options.config) : join(dir, 'devops-stack.yaml');
  if (options.config && !existsSync(configPath)) {
    throw new InputError([{ where: '--config', message: `${options.config} does not exist`, remedy: 'Pass the path of an existing devops-stack.yaml, or leave --config out to start from defaults.' }]);
  }
  if (existsSync(configPath)) {
    fromFile = parseAnswersFile(readFileSync(configPath, 'utf8'), configPath);
    sources.push(configPath);
  }
  if (Object.keys(options.answers).length) sources.push('flags');
  const detected: Record<string, unknown> = {};
  const repository = detectRepository(dir);
  if (repository) {
    detected['repository'] = repository;
    sources.push(`git remote origin (${repository})`);
  }
  const name = nameFromDirectory(dir);
  if (name) detected['name'] = name;
  return { answers: resolveAnswers(mergeSources(detected, fromFile, options.answers)), sources };
}
