/**
 * cfn-guard 3.1.1 (the static binary of @cdklabs/cdk-validator-cfnguard 0.0.62, /usr/local/bin):
 * - `cfn-guard test -r RULES -t TESTS` for every generated rules file `DIR/NAME.guard` with a test
 *   file `DIR/NAME_tests.yaml` or `DIR/tests/NAME_tests.yaml` (.yml/.json too): the rules parse
 *   and give the expected PASS/FAIL/SKIP on each case;
 * - `cfn-guard validate` of every generated rules file against every CloudFormation template of
 *   the tree (cloudformation.ts picks them): the generated templates comply with the generated
 *   policies. One process for all of them.
 */
import { join } from 'node:path';
import { type Finding, type RunContext, type Tree, type TreeFile, baseName, dirName, run, withContext } from './common.js';
import { cfnFiles } from './cloudformation.js';

export const CFN_GUARD = 'cfn-guard';

const isGuardPath = (p: string): boolean => /\.guard$/.test(p);

function testsFor(tree: Tree, rules: TreeFile): TreeFile[] {
  const dir = dirName(rules.path);
  const name = baseName(rules.path).replace(/\.guard$/, '');
  const prefix = dir === '.' ? '' : `${dir}/`;
  return ['', 'tests/'].flatMap((sub) => ['yaml', 'yml', 'json'].map((ext) => tree.get(`${prefix}${sub}${name}_tests.${ext}`)).filter((f): f is TreeFile => Boolean(f)));
}

interface GuardReport {
  name: string;
  status: string;
  not_compliant?: { Rule?: { name?: string; checks?: unknown[] } }[];
}

/** The error messages of a non-compliant rule's checks (nested clauses included). */
function messages(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => messages(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'error_message' && typeof x === 'string' && x) out.push(x);
      else messages(x, out);
    }
  }
  return out;
}

export async function checkCfnGuard(tree: Tree, ctx?: RunContext): Promise<Finding[]> {
  const rules = [...tree.values()].filter((f) => isGuardPath(f.path));
  if (!rules.length) return [];
  return withContext(tree, ctx, async (rc) => {
    const tools = rc.tools(CFN_GUARD, ['cfn-guard']);
    if (!tools) return [];
    const guard = tools['cfn-guard']!;
    const root = rc.treeOnDisk();
    const findings: Finding[] = [];
    for (const r of rules) {
      const tests = testsFor(tree, r);
      for (const t of tests) {
        const res = await run(guard, ['test', '-r', join(root, r.path), '-t', join(root, t.path)]);
        if (res.code === 0) continue;
        const failed = res.stdout
          .split(/\n(?=Test Case #)/)
          .filter((c) => /FAIL Rules:/.test(c))
          .map((c) => c.replace(/\s+/g, ' ').trim());
        const text = failed.length ? failed.join('; ') : (res.stderr || res.stdout).trim().split('\n').slice(0, 3).join(' ');
        findings.push({ validator: CFN_GUARD, file: r.path, message: `cfn-guard test with ${t.path}: ${text}` });
      }
    }
    const templates = cfnFiles(tree).templates;
    if (!templates.length) return findings;
    const data = templates.map((t) => ({ file: t, disk: join(root, t.path) }));
    const args = ['validate', '-o', 'json', '-S', 'none', '-z', ...rules.flatMap((r) => ['-r', join(root, r.path)]), ...data.flatMap((d) => ['-d', d.disk])];
    const res = await run(guard, args);
    if (res.code !== 0 && res.code !== 19) {
      findings.push({ validator: CFN_GUARD, file: rules[0]!.path, message: `cfn-guard validate failed (exit ${res.code}): ${(res.stderr || res.stdout).trim().slice(0, 500)}` });
      return findings;
    }
    for (const report of JSON.parse(res.stdout || '[]') as GuardReport[]) {
      const target = data.find((d) => d.disk === report.name)?.file;
      if (!target || report.status !== 'FAIL') continue;
      for (const nc of report.not_compliant ?? []) {
        findings.push({ validator: CFN_GUARD, file: target.path, message: `rule ${nc.Rule?.name ?? '?'}: ${messages(nc.Rule?.checks).join('; ') || 'not compliant'}` });
      }
    }
    return findings;
  });
}
