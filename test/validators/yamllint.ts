/**
 * yamllint (Debian's 1.29) with the project config test/validators/yamllint.yml on every
 * `.yml`/`.yaml` of the tree except Helm chart templates: duplicate keys, syntax, indentation,
 * trailing spaces, missing final newline. One process for all files.
 */
import { fileURLToPath } from 'node:url';
import { type Finding, type RunContext, type Tree, helmTemplateDirs, isYamlPath, run, withContext } from './common.js';

export const YAMLLINT = 'yamllint';
export const YAMLLINT_CONFIG = fileURLToPath(new URL('./yamllint.yml', import.meta.url));

export async function checkYamllint(tree: Tree, ctx?: RunContext): Promise<Finding[]> {
  const helm = helmTemplateDirs(tree);
  const files = [...tree.keys()].filter((p) => isYamlPath(p) && !helm.some((d) => p.startsWith(d)));
  if (!files.length) return [];
  return withContext(tree, ctx, async (rc) => {
    const tools = rc.tools(YAMLLINT, ['yamllint']);
    if (!tools) return [];
    const root = rc.treeOnDisk();
    const res = await run(tools.yamllint!, ['-c', YAMLLINT_CONFIG, '-f', 'parsable', '--no-warnings', ...files], { cwd: root });
    if (res.code !== 0 && res.code !== 1) throw new Error(`yamllint failed (exit ${res.code}): ${res.stderr.trim()}`);
    const findings: Finding[] = [];
    for (const line of res.stdout.split('\n')) {
      // path:line:col: [level] message (rule)
      const m = /^(.+?):(\d+):(\d+): \[(\w+)\] (.*)$/.exec(line);
      if (m) findings.push({ validator: YAMLLINT, file: m[1]!, location: `line ${m[2]}, col ${m[3]}`, message: m[5]! });
    }
    if (res.code === 1 && !findings.length) throw new Error(`yamllint exit 1 without parsable output: ${res.stdout}${res.stderr}`);
    return findings;
  });
}
