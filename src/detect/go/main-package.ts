/**
 * The Go main package that is the service: the module root when it is `package main`, else the
 * one directory under cmd/ (or the one named after the module, or server/api when there are
 * several), else any directory with a main package found by a bounded walk.
 */
import type { Repo } from '../repo.js';
import type { Detected } from '../types.js';

const isMain = (repo: Repo, dir: string): boolean =>
  repo
    .list(dir)
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
    .some((f) => /^package\s+main\b/m.test(repo.read(dir ? `${dir}/${f}` : f, 16 * 1024) ?? ''));

export function goMainPackage(repo: Repo, moduleName: string | undefined): Detected {
  const field = 'mainPackage';
  if (isMain(repo, '')) return { field, value: '.', file: 'go.mod', reason: 'package main at the module root' };
  const commands = repo.list('cmd').filter((d) => repo.isDir(`cmd/${d}`) && isMain(repo, `cmd/${d}`));
  if (commands.length === 1) return { field, value: `./cmd/${commands[0]}`, file: `cmd/${commands[0]}`, reason: 'the one main package under cmd/' };
  if (commands.length > 1) {
    const preferred = commands.find((c) => c === moduleName) ?? commands.find((c) => /^(server|api|app|web|service)$/.test(c)) ?? commands[0]!;
    return { field, value: `./cmd/${preferred}`, file: `cmd/${preferred}`, reason: `one of ${commands.length} main packages under cmd/ (${commands.join(', ')}): ${preferred === moduleName ? 'named after the module' : 'chosen by name'}; set app.commands.build to build another` };
  }
  for (const dir of repo.list('').filter((d) => repo.isDir(d) && !d.startsWith('.') && d !== 'vendor')) {
    if (isMain(repo, dir)) return { field, value: `./${dir}`, file: dir, reason: `package main in ${dir}/` };
  }
  return { field, value: '.', file: 'go.mod', reason: 'no main package found: the module root' };
}
