/**
 * `kubectl kustomize DIR` (kustomize v5 built into kubectl) for every directory of the tree that
 * holds a kustomization: missing resources and patches, bad kustomization fields, patches that
 * match nothing. Runs on the tree written to a temp dir, two builds at a time.
 */
import { join } from 'node:path';
import { type Finding, type RunContext, type Tree, dirName, run, withContext } from './common.js';
import { isKustomizationPath } from './kubernetes.js';

export const KUSTOMIZE = 'kustomize';

function errorText(stderr: string): string {
  const m = /err="((?:[^"\\]|\\.)*)"/.exec(stderr);
  const text = m ? m[1]!.replace(/\\"/g, '"') : stderr.trim().split('\n').filter(Boolean).pop() ?? stderr.trim();
  return text.replace(/\s+/g, ' ');
}

export async function checkKustomize(tree: Tree, ctx?: RunContext): Promise<Finding[]> {
  const files = [...tree.keys()].filter(isKustomizationPath);
  if (!files.length) return [];
  return withContext(tree, ctx, async (rc) => {
    const tools = rc.tools(KUSTOMIZE, ['kubectl']);
    if (!tools) return [];
    const root = rc.treeOnDisk();
    const findings: Finding[] = [];
    const queue = [...files];
    const worker = async (): Promise<void> => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        const dir = dirName(file);
        const res = await run(tools.kubectl!, ['kustomize', join(root, dir)], { timeoutMs: 60_000 });
        if (res.code !== 0) {
          const message = errorText(res.stderr).split(`${root}/`).join('');
          findings.push({ validator: KUSTOMIZE, file, location: `kubectl kustomize ${dir}`, message });
        }
      }
    };
    await Promise.all([worker(), worker()]);
    return findings.sort((a, b) => (a.file < b.file ? -1 : 1));
  });
}
