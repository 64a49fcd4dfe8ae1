/**
 * Shell scripts embedded in CI files (GitLab `script:`, CircleCI `run:`, Azure `script:`/`bash:`,
 * Jenkins `sh '''…'''`), as shellcheck inputs: the text with each platform's template syntax
 * replaced by plain words (the platform pastes a value in before the shell starts, so a word is
 * what the shell sees), and for every script line the line of the CI file it came from.
 */
import type { PathSeg, TreeFile, YamlDoc, YamlFile } from './common.js';
import { scriptLine } from './workflows.js';

export interface CiScript {
  file: TreeFile;
  /** `jobs.deploy.script`, `stage Deploy sh`… */
  where: string;
  text: string;
  /** 1-based line in the file for each line of `text`. */
  lines: number[];
  dialect: 'bash' | 'sh';
}

interface Piece {
  text: string;
  line: number;
}

/** The pieces of a string or list-of-strings value (GitLab runs list entries one after another in one shell). */
function pieces(yf: YamlFile, doc: YamlDoc, path: readonly PathSeg[], value: unknown): Piece[] {
  if (typeof value === 'string') return [{ text: value, line: scriptLine(yf, doc, path) }];
  if (!Array.isArray(value)) return [];
  // Nested lists are GitLab `!reference [.job, script]` tags: the referenced script is checked where it is defined.
  return value.flatMap((item, i) => (typeof item === 'string' ? [{ text: item, line: scriptLine(yf, doc, [...path, i]) }] : []));
}

/** One script from the string or list at `path`, or undefined when there is nothing there. */
export function yamlScript(
  file: TreeFile,
  yf: YamlFile,
  doc: YamlDoc,
  path: readonly PathSeg[],
  value: unknown,
  where: string,
  dialect: 'bash' | 'sh',
  substitute: (text: string) => string,
): CiScript | undefined {
  const parts = pieces(yf, doc, path, value);
  if (!parts.length) return undefined;
  const textLines: string[] = [];
  const lines: number[] = [];
  for (const p of parts) {
    const own = substitute(p.text).replace(/\n$/, '').split('\n');
    own.forEach((l, i) => {
      textLines.push(l);
      lines.push(p.line + i);
    });
  }
  return { file, where, text: `${textLines.join('\n')}\n`, lines, dialect };
}

/** Replaces every match of `re` with `_<TAG>_<n>_`, keeping the line structure. */
export function wordsFor(re: RegExp, tag: string): (text: string) => string {
  return (text) => {
    let n = 0;
    return text.replace(re, (m) => `_${tag}_${n++}_${'\n'.repeat((m.match(/\n/g) ?? []).length)}`);
  };
}
