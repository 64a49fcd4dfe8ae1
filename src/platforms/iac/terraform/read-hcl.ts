/**
 * Reads HCL attributes back from generated Terraform the way a human may have edited it: nested
 * objects, strings and lists of strings (what bootstrap locals hold); anything else is skipped.
 * Shared by the clouds' identity facts.
 */

export type HclValue = string | string[] | HclMap;
export interface HclMap {
  [key: string]: HclValue;
}
type Value = HclValue;

const unescape = (text: string): string => text.replace(/\$\$\{/g, '${').replace(/\\(.)/g, (_all, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));

/**
 * The value of `name = { ... }` in HCL text, as far as it is made of nested objects, strings
 * and lists of strings (what the bootstrap's locals hold); anything else is skipped.
 */
export function hclObjectAttribute(text: string, name: string): HclMap | undefined {
  const start = new RegExp(`^\\s*${name}\\s*=\\s*\\{`, 'm').exec(text);
  if (!start) return undefined;
  const tokens: { quoted: boolean; text: string }[] = [...text.slice(start.index + start[0].length).matchAll(/"((?:[^"\\]|\\.)*)"|[{}[\],=\n]|[^\s{}[\],="]+/g)].map((m) =>
    m[1] !== undefined ? { quoted: true, text: unescape(m[1]) } : { quoted: false, text: m[0] },
  );
  const is = (index: number, text: string): boolean => tokens[index]?.quoted === false && tokens[index]!.text === text;
  let i = 0;
  const object = (): HclMap => {
    const result: HclMap = {};
    while (i < tokens.length) {
      const token = tokens[i++]!;
      if (!token.quoted && token.text === '}') return result;
      if ((!token.quoted && (token.text === '\n' || token.text === ',')) || !is(i, '=')) continue;
      i++;
      const value = tokens[i++];
      if (is(i - 1, '{')) result[token.text] = object();
      else if (is(i - 1, '[')) result[token.text] = list();
      else if (value?.quoted && (is(i, '\n') || is(i, '}') || is(i, ','))) result[token.text] = value.text;
      else while (i < tokens.length && !is(i, '\n') && !is(i, '}')) i++;
    }
    return result;
  };
  const list = (): string[] => {
    const items: string[] = [];
    while (i < tokens.length) {
      const token = tokens[i++]!;
      if (!token.quoted && token.text === ']') return items;
      if (token.quoted) items.push(token.text);
    }
    return items;
  };
  return object();
}

/** A `resource "type" "name" { ... }` block of generated HCL (up to its closing brace at column 0). */
export function resourceBlock(content: string, type: string, name: string): string | undefined {
  const start = content.indexOf(`resource "${type}" "${name}" {`);
  if (start < 0) return undefined;
  const end = content.indexOf('\n}', start);
  return content.slice(start, end < 0 ? undefined : end + 2);
}
