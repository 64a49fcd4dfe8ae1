/**
 * A typed HCL builder whose output is already `terraform fmt`-formatted:
 * two-space indents, and `=` aligned across each run of consecutive one-line
 * attributes (a multi-line value, a block, a comment or a blank line ends a run,
 * as in hclwrite). User values only ever enter as quoted strings.
 */
export class HclExpression {
  constructor(readonly text: string) {}
}
class HclCall {
  constructor(
    readonly name: string,
    readonly args: HclValue[],
  ) {}
}

export type HclValue = string | number | boolean | HclExpression | HclCall | HclValue[] | HclObject;
export interface HclObject {
  [key: string]: HclValue;
}

export interface HclAttribute {
  kind: 'attribute';
  name: string;
  value: HclValue;
}
export interface HclBlock {
  kind: 'block';
  type: string;
  labels: string[];
  body: HclBody;
}
interface HclTrivia {
  kind: 'blank' | 'comment';
  text: string;
}
export type HclNode = HclAttribute | HclBlock | HclTrivia;
export type HclBody = (HclNode | false | undefined)[];

/** A raw HCL expression (a reference, a function call written by us): never user input. */
export const expr = (text: string): HclExpression => new HclExpression(text);
/** A function call whose arguments are HCL values, e.g. jsonencode({...}). */
export const call = (name: string, ...args: HclValue[]): HclCall => new HclCall(name, args);
export const attr = (name: string, value: HclValue): HclAttribute => ({ kind: 'attribute', name, value });
export const block = (type: string, labels: string[], body: HclBody): HclBlock => ({ kind: 'block', type, labels, body });
export const blank = (): HclTrivia => ({ kind: 'blank', text: '' });
export const comment = (text: string): HclTrivia => ({ kind: 'comment', text });

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function hclString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
  return `"${escaped}"`;
}

function renderKey(key: string): string {
  return IDENTIFIER.test(key) ? key : hclString(key);
}

function renderValue(value: HclValue, indent: string): string {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof HclExpression) return value.text;
  if (value instanceof HclCall) return `${value.name}(${value.args.map((a) => renderValue(a, indent)).join(', ')})`;
  if (Array.isArray(value)) return renderList(value, indent);
  return renderObject(value, indent);
}

function isScalar(value: HclValue): boolean {
  return typeof value !== 'object' || value instanceof HclExpression;
}

function renderList(items: HclValue[], indent: string): string {
  if (items.length === 0) return '[]';
  if (items.every(isScalar)) {
    const oneLine = `[${items.map((i) => renderValue(i, indent)).join(', ')}]`;
    if (oneLine.length + indent.length <= 100) return oneLine;
  }
  // A list of one object hugs its brackets, as hand-written Terraform does: [{ ... }]
  if (items.length === 1 && !isScalar(items[0]!) && !Array.isArray(items[0])) {
    return `[${renderValue(items[0]!, indent)}]`;
  }
  const inner = indent + '  ';
  return `[\n${items.map((i) => `${inner}${renderValue(i, inner)},\n`).join('')}${indent}]`;
}

function renderObject(object: HclObject, indent: string): string {
  const entries = Object.entries(object);
  if (entries.length === 0) return '{}';
  const inner = indent + '  ';
  const nodes: HclNode[] = entries.map(([name, value]) => ({ kind: 'attribute', name: renderKey(name), value }));
  return `{\n${renderNodes(nodes, inner)}${indent}}`;
}

function renderNodes(nodes: readonly HclNode[], indent: string): string {
  const lines: string[] = [];
  let run: { name: string; value: string }[] = [];
  const flush = (): void => {
    const width = Math.max(0, ...run.map((a) => a.name.length));
    for (const a of run) lines.push(`${indent}${a.name.padEnd(width)} = ${a.value}\n`);
    run = [];
  };
  for (const node of nodes) {
    if (node.kind === 'attribute') {
      const value = renderValue(node.value, indent);
      if (!value.includes('\n')) {
        run.push({ name: node.name, value });
        continue;
      }
      flush();
      lines.push(`${indent}${node.name} = ${value}\n`);
      continue;
    }
    flush();
    if (node.kind === 'block') lines.push(renderBlock(node, indent));
    else if (node.kind === 'comment') lines.push(`${indent}# ${node.text}\n`);
    else lines.push('\n');
  }
  flush();
  return lines.join('');
}

function renderBlock(node: HclBlock, indent: string): string {
  const head = [node.type, ...node.labels.map(hclString)].join(' ');
  const body = node.body.filter((n): n is HclNode => Boolean(n));
  if (body.length === 0) return `${indent}${head} {}\n`;
  return `${indent}${head} {\n${renderNodes(body, indent + '  ')}${indent}}\n`;
}

/** Renders top-level nodes, separating blocks by one blank line, as Terraform files are laid out. */
export function renderHcl(nodes: HclBody, header?: string): string {
  const present = nodes.filter((n): n is HclNode => Boolean(n));
  const parts: string[] = [];
  if (header) parts.push(header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n') + '\n');
  let pending: HclNode[] = [];
  const flushAttributes = (): void => {
    if (pending.length) parts.push(renderNodes(pending, ''));
    pending = [];
  };
  for (const node of present) {
    if (node.kind === 'block') {
      flushAttributes();
      parts.push(renderBlock(node, ''));
    } else if (node.kind !== 'blank') {
      pending.push(node);
    } else {
      flushAttributes();
    }
  }
  flushAttributes();
  return parts.join('\n');
}
