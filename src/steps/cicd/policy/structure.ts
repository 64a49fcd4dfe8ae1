/**
 * A structural check of Rego, for the policies we generate and the ones users edit: no OPA
 * build runs offline here, and `opa test policy` / `conftest test -p policy` load every file of
 * the directory into one compiler, so a conflict between two files (a helper named alike in two
 * test files) fails the whole policy job. What it checks is what OPA's compiler and v1 parser
 * reject:
 * - per package, across all files: one kind of rule per name (single value, multi-value
 *   `contains`, function of one arity), at most one `default` ("conflicting rules … found");
 * - calls of the package's own functions with their arity (or one more: the output argument);
 * - v1 syntax: `package` first, `import rego.v1` (without the `future.keywords` it implies),
 *   `if` before every rule body, `contains` for multi-value rules, `every x in xs { … }`;
 * - no `with` on a `some … in` expression (older parsers reject it): bind the result first.
 * It reads tokens, not a grammar: strings and comments are blanked first, so a keyword inside
 * either never counts.
 */

export interface RegoFile {
  path: string;
  content: string;
}

export interface RegoProblem {
  file: string;
  line: number;
  message: string;
}

interface Statement {
  file: string;
  line: number;
  text: string;
}

interface RuleHead {
  name: string;
  /** 'f/2' for a function of two arguments, 'single' or 'multi' otherwise. */
  kind: string;
  isDefault: boolean;
  /** The text after the head: value and body, where calls are looked for. */
  rest: string;
  statement: Statement;
}

/** Blanks the contents of strings and comments, keeping every newline and the length. */
export function maskRego(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') (out += ' '), i++;
    } else if (c === '"' || c === '`') {
      out += c;
      i++;
      while (i < text.length && text[i] !== c) {
        if (c === '"' && text[i] === '\\') (out += '  '), (i += 2);
        else (out += text[i] === '\n' ? '\n' : ' '), i++;
      }
      if (i < text.length) (out += c), i++;
    } else (out += c), i++;
  }
  return out;
}

/** Top-level statements: a line at depth 0 starts one; deeper lines and `else` clauses continue it. */
function statements(file: RegoFile): Statement[] {
  const lines = maskRego(file.content).split('\n');
  const out: Statement[] = [];
  let depth = 0;
  lines.forEach((line, index) => {
    const continues = depth > 0 || /^\s*else\b/.test(line) || (out.length > 0 && /^\s+\S/.test(line));
    if (continues && out.length) out[out.length - 1]!.text += `\n${line}`;
    else if (line.trim()) out.push({ file: file.path, line: index + 1, text: line });
    for (const ch of line) depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0;
    depth = Math.max(depth, 0);
  });
  return out;
}

/** The index just after the bracket closing the one at `open`. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if ('([{'.includes(text[i]!)) depth++;
    else if (')]}'.includes(text[i]!) && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Top-level comma-separated arguments of the call whose `(` is at `open`. */
function argumentCount(text: string, open: number): number {
  const inner = text.slice(open + 1, closing(text, open) - 1);
  if (!inner.trim()) return 0;
  let depth = 0;
  let count = 1;
  for (const ch of inner) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) count++;
  }
  return count;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

function ruleHead(statement: Statement, problems: RegoProblem[]): RuleHead | null {
  const text = statement.text;
  const isDefault = /^default\s/.test(text);
  let i = isDefault ? text.indexOf('default') + 'default'.length : 0;
  while (/\s/.test(text[i] ?? '')) i++;
  const name = IDENT.exec(text.slice(i))?.[0];
  if (!name) return null;
  i += name.length;
  let refHead = false;
  // Ref heads: a.b.c or a[x]
  for (;;) {
    if (text[i] === '.' && IDENT.test(text.slice(i + 1))) i += 1 + IDENT.exec(text.slice(i + 1))![0].length;
    else if (text[i] === '[') (refHead = true), (i = closing(text, i));
    else break;
  }
  let kind = refHead ? 'multi' : 'single';
  if (text[i] === '(') {
    kind = `f/${argumentCount(text, i)}`;
    i = closing(text, i);
  }
  let rest = text.slice(i);
  const afterHead = rest.trimStart();
  if (/^contains\b/.test(afterHead)) kind = 'multi';
  const problem = (message: string) => problems.push({ file: statement.file, line: statement.line, message });
  // A body right after the head (or after `contains term`) is v0 syntax: v1 requires `if`.
  const beforeBody = /^contains\s+[^{]*?(?=\{|\bif\b|$)/.exec(afterHead)?.[0] ?? '';
  if (afterHead.slice(beforeBody.length).startsWith('{')) {
    problem(`rule "${name}" has a body without \`if\` (Rego v1 requires \`${name}${beforeBody ? ` ${beforeBody.trim()}` : ''} if { … }\`)`);
  }
  if (refHead && !/^(contains\b|:=|=)/.test(afterHead)) {
    problem(`rule "${name}[…]" is a v0 partial set: write \`${name} contains … if { … }\``);
  }
  rest = rest.replace(/^\s*contains\b/, '');
  return { name, kind, isDefault, rest, statement };
}

const describeKind = (kind: string, name: string): string =>
  kind.startsWith('f/') ? `function ${name}/${kind.slice(2)}` : kind === 'multi' ? `multi-value rule ${name}` : `rule ${name}`;

/** Every problem OPA would reject the directory for, by file and line. */
export function checkRegoStructure(files: readonly RegoFile[]): RegoProblem[] {
  const problems: RegoProblem[] = [];
  const byPackage = new Map<string, RuleHead[]>();
  for (const file of files) {
    const stmts = statements(file);
    const first = stmts[0];
    const pkg = first && /^package\s+([\w.]+)/.exec(first.text)?.[1];
    if (!pkg) {
      problems.push({ file: file.path, line: first?.line ?? 1, message: 'the first statement must be `package NAME`' });
      continue;
    }
    const imports = stmts.filter((s) => /^import\s/.test(s.text));
    if (!imports.some((s) => /^import\s+rego\.v1\s*$/.test(s.text.trim()))) {
      problems.push({ file: file.path, line: first.line, message: 'missing `import rego.v1`: OPA before 1.0 and conftest in v0 mode then parse `if` and `contains` as names' });
    } else {
      for (const s of imports.filter((s) => /^import\s+future\.keywords\b/.test(s.text))) {
        problems.push({ file: file.path, line: s.line, message: '`import future.keywords` with `import rego.v1`: OPA rejects the pair (rego.v1 implies it); remove it' });
      }
    }
    const masked = maskRego(file.content);
    masked.split('\n').forEach((line, index) => {
      for (const m of line.matchAll(/\bevery\b/g)) {
        if (!/^every\s+[A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)?\s+in\s+[^{]*\{?/.test(line.slice(m.index))) {
          problems.push({ file: file.path, line: index + 1, message: '`every` takes `every x in xs { … }` (or `every k, v in xs { … }`)' });
        }
      }
      if (/^\s*some\s[^;]*\bin\b.*\bwith\b/.test(line)) {
        problems.push({ file: file.path, line: index + 1, message: '`with` on a `some … in` expression: older OPA parsers reject it; bind first (`xs := deny with input as x`), then `some x in xs`' });
      }
    });
    const heads = byPackage.get(pkg) ?? [];
    for (const s of stmts.slice(1).filter((s) => !/^import\s/.test(s.text))) {
      const head = ruleHead(s, problems);
      if (head) heads.push(head);
    }
    byPackage.set(pkg, heads);
  }

  for (const [pkg, heads] of byPackage) {
    const kinds = new Map<string, Map<string, RuleHead>>();
    for (const head of heads) {
      const seen = kinds.get(head.name) ?? new Map<string, RuleHead>();
      if (!seen.has(head.kind)) seen.set(head.kind, head);
      kinds.set(head.name, seen);
    }
    for (const [name, seen] of kinds) {
      if (seen.size > 1) {
        const [first, ...others] = [...seen.values()];
        for (const other of others) {
          problems.push({
            file: other.statement.file,
            line: other.statement.line,
            message: `conflicting rules in package ${pkg}: ${describeKind(other.kind, name)} here and ${describeKind(first!.kind, name)} in ${first!.statement.file}:${first!.statement.line}; OPA compiles every file of the directory together, so give each its own name`,
          });
        }
      }
      const defaults = heads.filter((h) => h.name === name && h.isDefault);
      for (const extra of defaults.slice(1)) {
        problems.push({ file: extra.statement.file, line: extra.statement.line, message: `multiple default rules named ${name} in package ${pkg}` });
      }
    }
    // Calls of the package's own rules, with the arity they are defined with.
    for (const head of heads) {
      for (const m of head.rest.matchAll(/(?<![\w.])([A-Za-z_]\w*)\s*\(/g)) {
        const defined = kinds.get(m[1]!);
        if (!defined) continue;
        const open = head.rest.indexOf('(', m.index);
        const given = argumentCount(head.rest, open);
        const arities = [...defined.keys()].filter((k) => k.startsWith('f/')).map((k) => Number(k.slice(2)));
        if (!arities.some((n) => given === n || given === n + 1)) {
          const want = arities.length ? `${arities.join(' or ')} argument${arities[0] === 1 ? '' : 's'}` : 'no arguments (it is not a function)';
          problems.push({ file: head.statement.file, line: head.statement.line, message: `${m[1]}(…) is called with ${given} argument${given === 1 ? '' : 's'}, but package ${pkg} defines it with ${want}` });
        }
      }
    }
  }
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
