/**
 * A small TOML reader for the few keys detection needs (pyproject.toml, Pipfile): tables,
 * keys with string, number, boolean, array and inline-table values. Not a full TOML parser
 * (no dates, no multi-line strings' escapes beyond the basics); anything it cannot read is
 * skipped, never an error. Input is already bounded by the repository reader.
 */

export type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };
/** Table name ("" for the top level, "tool.poetry.dependencies") → its keys. */
export type TomlTables = Map<string, Record<string, TomlValue>>;

const unquote = (key: string): string => key.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2');

export function readToml(text: string): TomlTables {
  const tables: TomlTables = new Map([['', {}]]);
  let current = tables.get('')!;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i]!).trim();
    if (!line) continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      const name = header[1]!.split('.').map(unquote).join('.');
      current = tables.get(name) ?? {};
      tables.set(name, current);
      continue;
    }
    const eq = keyEnd(line);
    if (eq < 0) continue;
    let raw = line.slice(eq + 1).trim();
    // An array or inline table may continue over the next lines.
    while (!balanced(raw) && i + 1 < lines.length) raw += ` ${stripComment(lines[++i]!).trim()}`;
    const value = parseValue(raw);
    if (value !== undefined) current[line.slice(0, eq).split('.').map(unquote).join('.')] = value.value;
  }
  return tables;
}

/** The characters of text outside quoted strings, with their index (a "\\" escapes in "…" only). */
function* outsideQuotes(text: string): Generator<[number, string]> {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else yield [i, c];
  }
}

/** The `=` that ends the key (keys may be quoted and contain dots). */
function keyEnd(line: string): number {
  for (const [i, c] of outsideQuotes(line)) if (c === '=') return i;
  return -1;
}

function stripComment(line: string): string {
  for (const [i, c] of outsideQuotes(line)) if (c === '#') return line.slice(0, i);
  return line;
}

function balanced(raw: string): boolean {
  let depth = 0;
  for (const [, c] of outsideQuotes(raw)) depth += c === '[' || c === '{' ? 1 : c === ']' || c === '}' ? -1 : 0;
  return depth <= 0;
}

/** Parses one value at the start of raw; returns it and the rest. */
function parseValue(raw: string): { value: TomlValue; rest: string } | undefined {
  const text = raw.trimStart();
  const c = text[0];
  if (c === '"' || c === "'") {
    const triple = text.startsWith(c.repeat(3));
    const open = triple ? 3 : 1;
    const end = text.indexOf(triple ? c.repeat(3) : c, open);
    if (end < 0) return undefined;
    const body = text.slice(open, end);
    return { value: c === '"' ? body.replace(/\\(["\\])/g, '$1') : body, rest: text.slice(end + open) };
  }
  if (c === '[' || c === '{') {
    const close = c === '[' ? ']' : '}';
    const items: TomlValue[] = [];
    const table: Record<string, TomlValue> = {};
    let rest = text.slice(1).trimStart();
    while (rest && rest[0] !== close) {
      if (c === '{') {
        const eq = keyEnd(rest);
        if (eq < 0) return undefined;
        const key = unquote(rest.slice(0, eq));
        const item = parseValue(rest.slice(eq + 1));
        if (!item) return undefined;
        table[key] = item.value;
        rest = item.rest;
      } else {
        const item = parseValue(rest);
        if (!item) return undefined;
        items.push(item.value);
        rest = item.rest;
      }
      rest = rest.trimStart().replace(/^,/, '').trimStart();
    }
    return { value: c === '[' ? items : table, rest: rest.slice(1) };
  }
  const scalar = /^[^,\]}]+/.exec(text)?.[0].trim();
  if (scalar === undefined) return undefined;
  const value: TomlValue = scalar === 'true' ? true : scalar === 'false' ? false : /^[+-]?\d+(\.\d+)?$/.test(scalar) ? Number(scalar) : scalar;
  return { value, rest: text.slice(scalar.length) };
}

export function tomlString(value: TomlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function tomlStrings(value: TomlValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
