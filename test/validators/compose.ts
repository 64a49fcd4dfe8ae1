/**
 * docker-compose files (`docker-compose*.yml`, `compose*.yml`) through Debian's docker-compose
 * 1.29.2: `docker-compose -f F config -q` (schema: unknown keys, undefined `depends_on`, port
 * syntax; first error only). Override files are checked together with their base file, as
 * docker-compose merges them. Variables are taken from the `.env.example` next to the file when
 * there is one. Its schema predates the Compose spec: a top-level `name:` or `develop:` fails.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Finding, type RunContext, type Tree, baseName, dirName, run, withContext } from './common.js';

export const COMPOSE = 'docker-compose';

export const isComposePath = (p: string): boolean => /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/.test(baseName(p));
const isOverride = (p: string): boolean => /\.override\.ya?ml$|^(docker-)?compose\.[\w-]+\.ya?ml$/.test(baseName(p));

export async function checkCompose(tree: Tree, ctx?: RunContext): Promise<Finding[]> {
  const files = [...tree.keys()].filter(isComposePath);
  if (!files.length) return [];
  return withContext(tree, ctx, async (rc) => {
    const tools = rc.tools(COMPOSE, ['docker-compose']);
    if (!tools) return [];
    const root = rc.treeOnDisk();
    const findings: Finding[] = [];
    for (const file of files) {
      const dir = dirName(file);
      const base = isOverride(file) ? files.find((f) => dirName(f) === dir && !isOverride(f)) : undefined;
      const args = [...(base ? ['-f', join(root, base)] : []), '-f', join(root, file), 'config', '-q'];
      const envExample = join(root, dir, '.env.example');
      const env = join(root, dir, '.env');
      if (existsSync(envExample) && !existsSync(env)) copyFileSync(envExample, env);
      const res = await run(tools['docker-compose']!, args, { cwd: join(root, dir) });
      if (res.code !== 0) {
        const message = res.stderr.split(`${root}/`).join('').replace(/\s+/g, ' ').trim();
        findings.push({ validator: COMPOSE, file, location: `docker-compose${base ? ` -f ${base}` : ''} -f ${file} config`, message });
      }
    }
    return findings;
  });
}
