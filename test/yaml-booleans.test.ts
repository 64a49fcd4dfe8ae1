/**
 * Issue 11, item 13: a name a YAML 1.1 reader takes for a boolean (yes, no, on, off, y, n, in any
 * case) is written quoted, in every YAML file we generate. Each generated YAML file is read as
 * YAML 1.1 (the `yaml` package, as kustomize and PyYAML read it) and as YAML 1.2 (js-yaml, as
 * we write it): every value must read the same. A file written around src/render/yaml.ts, or a
 * value it left bare, shows here.
 */
import { load as load12, loadAll as loadAll12 } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../src/config/load.js';
import { generate } from '../src/core/pipeline.js';
import { toYaml } from '../src/render/yaml.js';

/** Every scalar value (keys left out: `on:` is GitHub's key and must stay bare), in document order. */
function values(node: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((n) => values(n, out));
  else if (node && typeof node === 'object' && !(node instanceof Date)) Object.values(node).forEach((n) => values(n, out));
  else out.push(node instanceof Date ? node.toISOString() : node);
  return out;
}

const STACKS: Record<string, Record<string, unknown>> = {
  'T1 named yes': { name: 'yes', repository: 'on/off' },
  'T1 named n': { name: 'n', environments: ['off'] },
  'T2 with environments no, off, y': { name: 'on', tier: 'T2', strategy: 'canary', environments: ['no', 'off', 'y'] },
  'T3 with environments on, n, yes, below the root in on/y': { name: 'off', tier: 'T3', strategy: 'blue-green', environments: ['on', 'n', 'yes'], backingServices: ['postgres', 'redis'], directory: 'on/y' },
};

describe('YAML 1.1 booleans are quoted', () => {
  it('toYaml quotes every case of them as values, and leaves keys and other words alone', () => {
    const text = toYaml({ on: { push: 'yes' }, namespace: 'no', list: ['on', 'Y', 'OFF', 'True', 'nO', 'ok', 'yess'] });
    expect(text).toBe('on:\n  push: "yes"\nnamespace: "no"\nlist:\n  - "on"\n  - "Y"\n  - "OFF"\n  - "True"\n  - "nO"\n  - ok\n  - yess\n');
    expect(load12(text)).toEqual({ on: { push: 'yes' }, namespace: 'no', list: ['on', 'Y', 'OFF', 'True', 'nO', 'ok', 'yess'] });
  });

  it.each(Object.entries(STACKS))('every generated YAML file reads the same as YAML 1.1 and 1.2: %s', async (_label, raw) => {
    const { tree } = await generate(resolveAnswers(raw), { budgets: false });
    const yamlFiles = [...tree.values()].filter((f) => /\.ya?ml$/.test(f.path));
    expect(yamlFiles.length).toBeGreaterThan(10);
    const differences: string[] = [];
    for (const file of yamlFiles) {
      const as12 = values(loadAll12(file.content));
      const as11 = values(parseAllDocuments(file.content, { version: '1.1' }).map((d) => d.toJS()));
      expect(as11.length, file.path).toBe(as12.length);
      as12.forEach((v, i) => {
        const old = as11[i];
        // A string we wrote that a YAML 1.1 reader takes for a boolean or a number (1.1's octal and
        // base 60 included). Its float rule also matches a lone '.', which real readers (go-yaml,
        // PyYAML) keep a string: NaN is not counted.
        const misread = typeof v === 'string' && (typeof old === 'boolean' || (typeof old === 'number' && !Number.isNaN(old)));
        if (misread) differences.push(`${file.path}: ${JSON.stringify(v)} reads as ${JSON.stringify(old)} in YAML 1.1`);
      });
    }
    expect(differences).toEqual([]);
  });
});
