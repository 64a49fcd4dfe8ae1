import { describe, expect, it } from 'vitest';
import type { PartialAnswers } from '../src/config/defaults.js';
import { generate } from '../src/core/pipeline.js';
import { DIAGRAM_IDS, stackDiagram } from '../src/integration/diagram.js';
import { resolveAnswers } from '../src/config/load.js';
import { derivePlan } from '../src/plan/derive-plan.js';
import { flowchart, mermaidLabel } from '../src/render/mermaid.js';

interface Parsed {
  direction: string;
  nodes: Map<string, { label: string; shape: string }>;
  /** Solid edges: "runs after". */
  edges: [string, string][];
  /** Dotted edges: "observed by". */
  dotted: [string, string][];
}

const decode = (text: string): string => text.replace(/#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)));

/** Reads the subset of Mermaid the diagram writes; any other line fails the parse. */
function parse(source: string): Parsed {
  const [head, ...lines] = source.split('\n');
  const direction = /^flowchart (LR|TD)$/.exec(head!)?.[1];
  if (!direction) throw new Error(`not a flowchart: ${head}`);
  const parsed: Parsed = { direction, nodes: new Map(), edges: [], dotted: [] };
  for (const line of lines) {
    const node = /^ {2}([A-Za-z][A-Za-z0-9_]*)(\[|\(|\{\{)"([^"]*)"(\]|\)|\}\})$/.exec(line);
    // A chain `a --> b --> c` of one kind of link, each element a node or a group `a & b`.
    const group = '[A-Za-z][A-Za-z0-9_]*(?: & [A-Za-z][A-Za-z0-9_]*)*';
    const edge = new RegExp(`^ {2}${group}(?: (-->) ${group})+$|^ {2}${group}(?: (-\\.->) ${group})+$`).exec(line);
    if (node) {
      const shape = { '[': 'box', '(': 'round', '{{': 'hexagon' }[node[2]!]!;
      expect(parsed.nodes.has(node[1]!), `node ${node[1]} declared twice`).toBe(false);
      parsed.nodes.set(node[1]!, { label: decode(node[3]!), shape });
    } else if (edge) {
      const arrow = edge[1] ?? edge[2]!;
      const groups = line.trim().split(` ${arrow} `).map((g) => g.split(' & '));
      for (const id of groups.flat()) expect(parsed.nodes.has(id), `link to undeclared node ${id}`).toBe(true);
      for (let i = 1; i < groups.length; i++) for (const from of groups[i - 1]!) for (const to of groups[i]!) (arrow === '-->' ? parsed.edges : parsed.dotted).push([from, to]);
    } else {
      throw new Error(`unexpected line: ${JSON.stringify(line)}`);
    }
  }
  return parsed;
}

/** The path the solid edges draw from their one start (every node has at most one successor and one predecessor). */
function chain(edges: [string, string][]): string[] {
  const next = new Map(edges);
  expect(next.size, 'one successor per node').toBe(edges.length);
  const targets = new Set(edges.map(([, to]) => to));
  const starts = edges.map(([from]) => from).filter((from) => !targets.has(from));
  expect(starts).toHaveLength(1);
  const path = [starts[0]!];
  while (next.has(path.at(-1)!)) path.push(next.get(path.at(-1)!)!);
  expect(path).toHaveLength(edges.length + 1);
  return path;
}

const IDS = { organization: '0f1e2d3c-aaaa-bbbb-cccc-123456789abc', project: '9a8b7c6d-1111-2222-3333-444455556666' };
const CASES: [string, PartialAnswers][] = [
  ['GitHub Actions, T2', { tier: 'T2', strategy: 'canary' }],
  ['CircleCI, T2, four environments', { tier: 'T2', ci: 'circleci', ciIdentity: IDS, environments: ['dev', 'qa', 'staging', 'prod'] }],
  ['CircleCI, T3, a second region', { tier: 'T3', ci: 'circleci', ciIdentity: IDS, stack: 'go' }],
  ['GitHub Actions, T3, CI/CD left out', { tier: 'T3', skip: ['cicd'] }],
  ['CircleCI, T2, observability left out', { tier: 'T2', ci: 'circleci', skip: ['observability'] }],
];

describe('the integration guide\'s diagram of the stack', () => {
  it.each(CASES)('%s: one node per deploy target in promotion order, the approval before production, observability watching every deploy', async (_id, overrides) => {
    const answers = resolveAnswers({ name: 'shop-api', repository: 'acme/shop-api', ...overrides });
    const plan = derivePlan(answers);
    const { tree, facts } = await generate(answers);
    const guide = tree.get(`${plan.paths.docsDir}/integration-guide.md`)!.content;
    const source = /\n```mermaid\n([\s\S]*?)\n```\n/.exec(guide)?.[1];
    expect(source).toBeDefined();
    expect(source).toBe(stackDiagram(plan));
    const diagram = parse(source!);
    const withCi = !answers.skip.includes('cicd');
    const targets = plan.environments.flatMap((e) => e.targets.map((t) => ({ env: e, target: t })));
    const production = plan.environments.find((e) => e.isProduction)!;

    // The expected order: CI, then each target's infrastructure and deploy, the approval before production's first target.
    const expected = [
      ...(withCi ? [DIAGRAM_IDS.ci] : []),
      ...targets.flatMap(({ env, target }, i) => [...(withCi && env === production && target.primary ? [DIAGRAM_IDS.approval] : []), DIAGRAM_IDS.iac(i), DIAGRAM_IDS.deploy(i)]),
    ];
    expect(chain(diagram.edges)).toEqual(expected);
    targets.forEach(({ target }, i) => {
      expect(diagram.nodes.get(DIAGRAM_IDS.iac(i))!.label).toBe(`Terraform: ${target.id}`);
      expect(diagram.nodes.get(DIAGRAM_IDS.deploy(i))!.label).toBe(`deploy ${target.id}`);
    });
    if (withCi) {
      expect(diagram.nodes.get(DIAGRAM_IDS.approval)).toEqual({ label: `approval: ${production.name}`, shape: 'hexagon' });
      // The deploy jobs read back from the CI files: the environments and targets they deploy, in the diagram's order.
      expect(facts.cicd.environmentOrder).toEqual(plan.environments.map((e) => e.name));
      expect(facts.cicd.deploys.map((d) => `deploy ${d.targetId}`).sort()).toEqual(targets.map((_, i) => diagram.nodes.get(DIAGRAM_IDS.deploy(i))!.label).sort());
    } else {
      expect(diagram.nodes.has(DIAGRAM_IDS.ci) || diagram.nodes.has(DIAGRAM_IDS.approval)).toBe(false);
    }
    if (answers.skip.includes('observability')) expect(diagram.nodes.has(DIAGRAM_IDS.observe)).toBe(false);
    else expect(diagram.dotted).toEqual(targets.map((_, i) => [DIAGRAM_IDS.deploy(i), DIAGRAM_IDS.observe]));
  });

  it('is left out at T1, whose token budget has no room for it', async () => {
    const answers = resolveAnswers({ name: 'shop-api', repository: 'acme/shop-api', ci: 'circleci' });
    expect(stackDiagram(derivePlan(answers))).toBeUndefined();
    const { tree } = await generate(answers);
    expect(tree.get('docs/devops/integration-guide.md')!.content).not.toContain('```mermaid');
  });
});

describe('Mermaid labels and ids', () => {
  it('quote every value: nothing in a label can end it, open Markdown or HTML, or be read as syntax', () => {
    const hostile = 'a"] --> x["b` <b>#1;</b> end\nclick x call alert()';
    const label = mermaidLabel(hostile);
    expect(label).toMatch(/^"[A-Za-z0-9 .,:/()_+#;-]*"$/);
    expect(decode(label.slice(1, -1))).toBe(hostile.replace('\n', ' '));
    const source = flowchart('LR', [{ id: 'n1', label: hostile }, { id: 'n2', label: 'b' }], [{ nodes: ['n1', 'n2'] }]);
    expect(parse(source).nodes.get('n1')!.label).toBe(hostile.replace('\n', ' '));
  });

  it('refuses ids that are not plain identifiers or are Mermaid words, and edges to undeclared nodes', () => {
    expect(() => flowchart('LR', [{ id: 'end', label: 'x' }], [])).toThrow(/not a plain identifier/);
    expect(() => flowchart('LR', [{ id: 'a', label: 'x' }, { id: 'a', label: 'y' }], [])).toThrow(/unique/);
    expect(() => flowchart('LR', [{ id: 'a b', label: 'x' }], [])).toThrow(/not a plain identifier/);
    expect(() => flowchart('LR', [{ id: 'a', label: 'x' }], [{ nodes: ['a', 'b'] }])).toThrow(/undeclared/);
    expect(() => flowchart('LR', [{ id: 'a', label: 'x' }], [{ nodes: [['a'], 'b'], dotted: true }])).toThrow(/undeclared/);
  });
});
