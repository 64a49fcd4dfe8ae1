/**
 * A small reader of declarative Jenkinsfiles, generated or edited by hand: the tree of
 * `name(args) { … }` blocks with the statements directly in each (split at newlines and `;`),
 * strings and comments skipped while scanning, and Groovy string literals read back to their
 * text. Not a Groovy parser: what it cannot read it leaves out, never throws.
 */

export interface Block {
  name: string;
  /** Text inside the header's parentheses: stage('build') → 'build' as written ("'build'"). */
  args: string;
  children: Block[];
  /** Statements directly in the body (not in nested blocks), as written. */
  statements: string[];
}

/** End offset of the string literal or comment starting at `i`, or -1. */
function skipEnd(src: string, i: number): number {
  if (src.startsWith('//', i)) {
    const n = src.indexOf('\n', i);
    return n < 0 ? src.length : n;
  }
  if (src.startsWith('/*', i)) {
    const n = src.indexOf('*/', i + 2);
    return n < 0 ? src.length : n + 2;
  }
  const triple = src.slice(i, i + 3);
  if (triple === "'''" || triple === '"""') {
    let j = i + 3;
    while (j < src.length && !src.startsWith(triple, j)) j += src[j] === '\\' ? 2 : 1;
    return Math.min(src.length, j + 3);
  }
  const q = src[i];
  if (q === "'" || q === '"') {
    let j = i + 1;
    while (j < src.length && src[j] !== q && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
    return Math.min(src.length, j + 1);
  }
  return -1;
}

/** The source with strings and comments blanked (same length), for brace matching and statement splitting. */
function masked(src: string): string {
  const out = src.split('');
  for (let i = 0; i < src.length; ) {
    const end = skipEnd(src, i);
    if (end < 0) {
      i++;
      continue;
    }
    for (let k = i; k < end; k++) out[k] = ' ';
    i = end;
  }
  return out.join('');
}

const HEADER = /([A-Za-z_]\w*)\s*(?:\(([\s\S]*)\))?\s*$/;

export function parseBlocks(src: string): Block[] {
  const text = masked(src);
  const root: Block = { name: '', args: '', children: [], statements: [] };
  const stack: Block[] = [root];
  let start = 0;
  let parens = 0;
  const statement = (end: number): void => {
    const stmt = src.slice(start, end).trim();
    if (stmt && text.slice(start, end).trim()) stack[stack.length - 1]!.statements.push(stmt);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') parens++;
    else if (c === ')' || c === ']') parens = Math.max(0, parens - 1);
    else if (parens === 0 && c === '{') {
      const m = HEADER.exec(text.slice(start, i));
      const header = m ? src.slice(start, i).trim() : '';
      const args = m?.[2] !== undefined ? (/\(([\s\S]*)\)\s*$/.exec(header)?.[1] ?? '') : '';
      const block: Block = { name: m?.[1] ?? '', args, children: [], statements: [] };
      stack[stack.length - 1]!.children.push(block);
      stack.push(block);
      start = i + 1;
    } else if (parens === 0 && c === '}') {
      statement(i);
      if (stack.length > 1) stack.pop();
      start = i + 1;
    } else if (parens === 0 && (c === '\n' || c === ';')) {
      statement(i);
      start = i + 1;
    }
  }
  return root.children;
}

/** The text of a Groovy string literal ('…', "…", '''…''', """…"""), escapes undone; undefined if it is not one. */
export function stringValue(literal: string): string | undefined {
  const t = literal.trim();
  const m = /^('''|"""|'|")([\s\S]*)\1$/.exec(t);
  if (!m) return undefined;
  return m[2]!.replace(/\\(.)/g, (_all, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}

export const child = (b: Block | undefined, name: string): Block | undefined => b?.children.find((c) => c.name === name);

/** `word 'value'` or `word: 'value'` in a statement list (one-liner blocks are split at `;`). */
export function argument(statements: readonly string[], word: string): string | undefined {
  for (const s of statements) {
    const m = new RegExp(`^${word}\\s*:?\\s*(\\(.*\\)|'(?:[^'\\\\]|\\\\.)*'|"(?:[^"\\\\]|\\\\.)*"|\\S+)`).exec(s);
    if (m) return stringValue(m[1]!.replace(/^\((.*)\)$/, '$1')) ?? m[1];
  }
  return undefined;
}

/** The scripts of the `sh` steps among the statements (`sh '…'`, `sh '''…'''`, `sh(script: '…')`). */
export function shScripts(statements: readonly string[]): string[] {
  return statements.flatMap((s) => {
    const m = /^sh\s*\(?\s*(?:script\s*:\s*)?('''[\s\S]*'''|"""[\s\S]*"""|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/.exec(s);
    const text = m ? stringValue(m[1]!) : undefined;
    return text === undefined ? [] : [text];
  });
}
