// The identity of a build: a digest of everything that decides what the generator renders
// (its sources, templates, answers schema, build scripts, version and locked dependencies). The lock records
// it with each render, so `check` can tell that a repository's files are this very build's
// render of these very answers without rendering again (src/check/unchanged.ts). Within one
// version it still changes with any source edit, which keeps development builds honest.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file below dir, in a stable order. */
export function listFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

export function buildId(root) {
  const hash = createHash('sha256');
  const inputs = [
    // The build scripts decide how templates compile and sources bundle: part of the render too.
    ...['src', 'templates', 'schemas', 'scripts'].flatMap((dir) => listFiles(join(root, dir))),
    join(root, 'package.json'),
    join(root, 'package-lock.json'),
    join(root, 'tsconfig.json'),
  ].filter((path) => !path.startsWith(join(root, 'src', 'generated') + sep));
  for (const path of inputs) {
    hash.update(`${relative(root, path).split(sep).join('/')}\0`);
    hash.update(readFileSync(path));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
