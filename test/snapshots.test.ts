import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDefaults } from '../src/config/defaults.js';
import { generate } from '../src/core/pipeline.js';
import { REFERENCE_STACKS } from './reference-stacks.js';

const SNAPSHOTS = join(import.meta.dirname, '..', 'snapshots');

function listFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

// Golden trees: each reference stack's whole output, one file per generated file.
// Update with `npx vitest run test/snapshots.test.ts -u`, and only after reading the diff.
describe.each(Object.entries(REFERENCE_STACKS))('golden tree %s', (name, answers) => {
  it('matches snapshots/' + name + ' file by file', async () => {
    const { tree } = await generate(withDefaults(answers));
    const root = join(SNAPSHOTS, name);
    for (const file of tree.values()) {
      await expect(file.content).toMatchFileSnapshot(join(root, file.path));
    }
    const onDisk = listFiles(root).map((p) => relative(root, p).split('\\').join('/')).sort();
    expect(onDisk.filter((p) => !tree.has(p)), 'snapshot files no longer generated').toEqual([]);
  });
});
