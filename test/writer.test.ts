import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTree, type VirtualFile } from '../src/core/files.js';
import { OverwriteRefused, diffAgainstDisk, writeTree } from '../src/write/writer.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cds-writer-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const file = (path: string, content: string, executable = false): VirtualFile => ({ path, content, producer: 'cicd', summary: '', executable });

describe('writer', () => {
  it('sorts files into new, changed and unchanged', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'same.txt'), 'a');
    writeFileSync(join(dir, 'edited.txt'), 'mine');
    const changes = diffAgainstDisk(buildTree([file('same.txt', 'a'), file('edited.txt', 'theirs'), file('new/x.txt', 'x')]), dir);
    expect(changes.map((c) => [c.file.path, c.status])).toEqual([
      ['edited.txt', 'changed'],
      ['new/x.txt', 'new'],
      ['same.txt', 'unchanged'],
    ]);
  });

  it('refuses to overwrite a changed file without force, and writes nothing at all', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'edited.txt'), 'mine');
    const changes = diffAgainstDisk(buildTree([file('edited.txt', 'theirs'), file('new.txt', 'x')]), dir);
    expect(() => writeTree(changes, dir, { force: false })).toThrow(OverwriteRefused);
    expect(readFileSync(join(dir, 'edited.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(dir)).toEqual(['edited.txt']);
  });

  it('overwrites with force and sets the executable bit', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'edited.txt'), 'mine');
    writeTree(diffAgainstDisk(buildTree([file('edited.txt', 'theirs'), file('bin/run.sh', '#!/bin/sh\n', true)]), dir), dir, { force: true });
    expect(readFileSync(join(dir, 'edited.txt'), 'utf8')).toBe('theirs');
    expect(statSync(join(dir, 'bin/run.sh')).mode & 0o111).not.toBe(0);
  });

  it('refuses a file where a directory must be before writing anything', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'old a');
    writeFileSync(join(dir, 'blocker'), 'a file, not a directory');
    const tree = buildTree([file('a.txt', 'new a'), file('b/c.txt', 'c'), file('blocker/z.txt', 'z')]);
    expect(() => writeTree(diffAgainstDisk(tree, dir), dir, { force: true })).toThrow(/blocker: is a file, where create-devops-stack needs a directory/);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old a');
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'blocker']);
  });

  it('deletes removals with the writes, and puts them back when the write fails', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'old.txt'), 'no longer generated');
    writeTree(diffAgainstDisk(buildTree([file('new.txt', 'n')]), dir), dir, { force: false, remove: [{ path: 'old.txt' }] });
    expect(readdirSync(dir).sort()).toEqual(['new.txt']);

    // The second removal fails (a directory is not removed as a file): the first is put back.
    writeFileSync(join(dir, 'old.txt'), 'no longer generated');
    mkdirSync(join(dir, 'a-directory'));
    const remove = [{ path: 'old.txt' }, { path: 'a-directory' }];
    expect(() => writeTree([], dir, { force: false, remove })).toThrow();
    expect(readFileSync(join(dir, 'old.txt'), 'utf8')).toBe('no longer generated');
    expect(() => writeTree([], dir, { force: false, remove: [{ path: '../outside.txt' }] })).toThrow(/outside/);
  });

  it('refuses paths that escape the target directory', () => {
    const dir = tempDir();
    expect(() => diffAgainstDisk(buildTree([file('../outside.txt', 'x')]), dir)).toThrow(/outside/);
  });
});
