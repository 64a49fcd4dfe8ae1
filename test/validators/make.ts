/**
 * Makefiles (`Makefile`, `GNUmakefile`, `*.mk`): `make -n -f FILE` for the default goal and
 * for every target the file declares `.PHONY` (missing separators, undefined prerequisites,
 * syntax). `-n` prints recipes without running them, but `$(shell …)` still runs: keep those
 * side-effect free in generated Makefiles.
 */
import { join } from 'node:path';
import { type Finding, type RunContext, type Tree, baseName, dirName, run, withContext } from './common.js';

export const MAKE = 'make';

export const isMakefilePath = (p: string): boolean => /^(GNUmakefile|Makefile|makefile)$|\.mk$/.test(baseName(p));

export function phonyTargets(content: string): string[] {
  const out = new Set<string>();
  for (const m of content.matchAll(/^\.PHONY\s*:\s*(.+)$/gm)) for (const t of m[1]!.split(/\s+/)) if (t && !t.includes('$')) out.add(t);
  return [...out];
}

export async function checkMake(tree: Tree, ctx?: RunContext): Promise<Finding[]> {
  const files = [...tree.values()].filter((f) => isMakefilePath(f.path));
  if (!files.length) return [];
  return withContext(tree, ctx, async (rc) => {
    const tools = rc.tools(MAKE, ['make']);
    if (!tools) return [];
    const root = rc.treeOnDisk();
    const findings: Finding[] = [];
    for (const file of files) {
      const cwd = join(root, dirName(file.path));
      const goals: (string | undefined)[] = [undefined, ...phonyTargets(file.content)];
      for (const goal of goals) {
        const res = await run(tools.make!, ['-n', '-f', baseName(file.path), ...(goal ? [goal] : [])], { cwd, timeoutMs: 30_000 });
        if (res.code === 0) continue;
        const message = res.stderr.trim().split('\n').filter((l) => l.includes('***') || /error/i.test(l)).join(' ') || res.stderr.trim();
        if (findings.some((f) => f.file === file.path && f.message === message)) continue;
        findings.push({ validator: MAKE, file: file.path, location: `make -n${goal ? ` ${goal}` : ''}`, message });
        if (/missing separator|\*\*\* No rule|Stop\./.test(message) && !goal) break;
      }
    }
    return findings;
  });
}
