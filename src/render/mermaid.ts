/**
 * Mermaid flowcharts from typed nodes and edges. Node ids are ours (checked, never a user's
 * value); every label is written in double quotes with each character outside a small safe set
 * as a Mermaid entity code (`#34;`), so a user's value can neither end the label, start a
 * Markdown string (a backtick), inject HTML (`<`), nor be read as Mermaid syntax.
 */

export type NodeShape = 'box' | 'round' | 'hexagon';

export interface MermaidNode {
  id: string;
  label: string;
  shape?: NodeShape;
}

/**
 * Links written as one chain, `a --> b --> c`; an element that is a list is a group,
 * `a & b -.-> c`, linked to and from each of its nodes (fewer lines and tokens than an edge a line).
 */
export interface MermaidChain {
  nodes: (string | string[])[];
  /** A dotted line: a relation other than "runs after" (metrics scraped). */
  dotted?: boolean;
}

/** Words a flowchart reads as syntax, which must never be a node id (`end` closes a subgraph). */
const RESERVED = new Set(['end', 'graph', 'flowchart', 'subgraph', 'style', 'class', 'classdef', 'click', 'linkstyle', 'direction', 'default']);
const ID = /^[A-Za-z][A-Za-z0-9_]*$/;
const SAFE = /[A-Za-z0-9 .,:/()_+-]/;

/** A label as Mermaid text in double quotes: unsafe characters as entity codes (`"` is `#34;`). */
export function mermaidLabel(text: string): string {
  let out = '';
  for (const char of text.replace(/[\r\n\t]+/g, ' ')) out += SAFE.test(char) ? char : `#${char.codePointAt(0)};`;
  return `"${out}"`;
}

const OPEN: Record<NodeShape, [string, string]> = { box: ['[', ']'], round: ['(', ')'], hexagon: ['{{', '}}'] };

function checkId(id: string): string {
  if (!ID.test(id) || RESERVED.has(id.toLowerCase())) throw new Error(`Mermaid node id "${id}" is not a plain identifier`);
  return id;
}

/** `flowchart <direction>` with every node declared once (in order), then every chain of links. */
export function flowchart(direction: 'LR' | 'TD', nodes: readonly MermaidNode[], chains: readonly MermaidChain[]): string {
  const ids = new Set(nodes.map((n) => checkId(n.id)));
  if (ids.size !== nodes.length) throw new Error('Mermaid node ids must be unique');
  for (const c of chains) {
    if (c.nodes.length < 2) throw new Error('A Mermaid chain links at least two nodes');
    for (const id of c.nodes.flat()) if (!ids.has(id)) throw new Error(`Mermaid link to ${id} names an undeclared node`);
  }
  return [
    `flowchart ${direction}`,
    ...nodes.map((n) => {
      const [open, close] = OPEN[n.shape ?? 'box'];
      return `  ${n.id}${open}${mermaidLabel(n.label)}${close}`;
    }),
    ...chains.map((c) => `  ${c.nodes.map((n) => (Array.isArray(n) ? n.join(' & ') : n)).join(c.dotted ? ' -.-> ' : ' --> ')}`),
  ].join('\n');
}
