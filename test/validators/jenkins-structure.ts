/**
 * A small reader of declarative Jenkinsfiles: the tree of `name(args) { … }` blocks (strings and
 * comments skipped), each with its line and the statements directly in its body, and the bodies
 * of `sh` steps. Enough for the structural rules of jenkinsfile.ts; Groovy syntax itself is
 * npm-groovy-lint's job.
 */

export interface Block {
  name?: string;
  args: string;
  line: number;
  children: Block[];
  /** Source text of the body, nested blocks included. */
  body: string;
  /** First word of every statement directly in the body (not in nested blocks), with its line. */
  statements: { word: string; text: string; line: number }[];
}

const HEADER = /([A-Za-z_]\w*)\s*(\(([\s\S]*)\))?\s*$/;

/** Offsets of string literals and comments, to skip while scanning (Groovy's forms, slashy strings aside). */
function skipSpans(src: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i, i + 3);
    let end = -1;
    if (src.startsWith('//', i)) end = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    else if (src.startsWith('/*', i)) end = src.indexOf('*/', i + 2) < 0 ? src.length : src.indexOf('*/', i + 2) + 2;
    else if (rest === "'''" || rest === '"""') {
      let j = i + 3;
      while (j < src.length && !(src.startsWith(rest, j) && src[j - 1] !== '\\')) j++;
      end = Math.min(src.length, j + 3);
    } else if (src[i] === "'" || src[i] === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== src[i] && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      end = j + 1;
    }
    if (end > i) {
      spans.push({ start: i, end });
      i = end;
    } else i++;
  }
  return spans;
}

export function parseBlocks(src: string): Block[] {
  const spans = skipSpans(src);
  const masked = src.split('');
  for (const s of spans) for (let k = s.start; k < s.end; k++) if (masked[k] !== '\n') masked[k] = ' ';
  const text = masked.join('');
  const lineAt = (offset: number): number => src.slice(0, offset).split('\n').length;
  const root: Block = { args: '', line: 0, children: [], body: src, statements: [] };
  const stack: { block: Block; start: number }[] = [{ block: root, start: 0 }];
  let stmtStart = 0;
  let depthParen = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depthParen++;
    else if (c === ')' || c === ']') depthParen = Math.max(0, depthParen - 1);
    else if (c === '{' && depthParen === 0) {
      const header = text.slice(stmtStart, i);
      const m = HEADER.exec(header);
      const headerStart = m ? stmtStart + header.search(/\S/) : i;
      const args = m?.[2] ? (/\(([\s\S]*)\)\s*$/.exec(src.slice(stmtStart, i))?.[1] ?? '') : '';
      const block: Block = { name: m?.[1], args, line: lineAt(headerStart), children: [], body: '', statements: [] };
      stack[stack.length - 1]!.block.children.push(block);
      stack.push({ block, start: i + 1 });
      stmtStart = i + 1;
    } else if (c === '}' && depthParen === 0) {
      // The last statement of a one-line block (`input { message 'x'; submitter 'y' }`).
      const last = text.slice(stmtStart, i).trim();
      const lastWord = /^([A-Za-z_]\w*)/.exec(last)?.[1];
      if (lastWord) stack[stack.length - 1]!.block.statements.push({ word: lastWord, text: src.slice(stmtStart, i).trim(), line: lineAt(stmtStart + text.slice(stmtStart, i).search(/\S/)) });
      const top = stack.pop();
      if (top && stack.length) top.block.body = src.slice(top.start, i);
      if (!stack.length) stack.push({ block: root, start: 0 });
      stmtStart = i + 1;
    } else if ((c === '\n' || c === ';') && depthParen === 0) {
      const stmt = text.slice(stmtStart, i).trim();
      const word = /^([A-Za-z_]\w*)/.exec(stmt)?.[1];
      if (word) stack[stack.length - 1]!.block.statements.push({ word, text: src.slice(stmtStart, i).trim(), line: lineAt(stmtStart + text.slice(stmtStart, i).search(/\S/)) });
      stmtStart = i + 1;
    }
  }
  return root.children;
}

export interface ShStep {
  /** Script text as the shell receives it, Groovy interpolations replaced by words. */
  script: string;
  /** 1-based line of the file for each line of the script. */
  lines: number[];
  dialect: 'bash' | 'sh';
}

// `sh` as a step: not the end of a path (`deploy/rollback.sh`) or a word (`bash`), not inside another step's script.
const SH = /(?<![\w./-])sh\s*\(?\s*(?:script\s*:\s*)?('''|"""|'|")/g;

/** Bodies of `sh '…'`, `sh """…"""`, `sh(script: '''…''')` steps. */
export function shSteps(src: string): ShStep[] {
  const out: ShStep[] = [];
  let consumed = 0;
  for (const m of src.matchAll(SH)) {
    if (m.index < consumed) continue;
    const quote = m[1]!;
    const start = m.index + m[0].length;
    let end = start;
    while (end < src.length && !(src.startsWith(quote, end) && src[end - 1] !== '\\')) end++;
    if (end >= src.length) continue;
    consumed = end + quote.length;
    let body = src.slice(start, end);
    const gstring = quote.startsWith('"');
    let n = 0;
    if (gstring) body = body.replace(/(?<!\\)\$\{[^}]*\}|(?<!\\)\$(?=[A-Za-z_])[\w.]+/g, () => `_GROOVY_EXPR_${n++}_`);
    body = body.replace(/\\\$/g, '$').replace(/\\\\/g, '\\').replace(/\\'/g, "'").replace(/\\"/g, '"');
    let firstLine = src.slice(0, start).split('\n').length;
    if (body.startsWith('\n')) {
      body = body.slice(1);
      firstLine++;
    }
    const scriptLines = body.split('\n');
    const dialect = /^#!.*\bbash\b/.test(scriptLines[0] ?? '') ? 'bash' : 'sh';
    out.push({ script: `${body.replace(/\n[ \t]*$/, '')}\n`, lines: scriptLines.map((_, i) => firstLine + i), dialect });
  }
  return out;
}
