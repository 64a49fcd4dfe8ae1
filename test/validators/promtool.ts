/**
 * promtool (Debian's 2.42 build, /usr/local/bin/promtool):
 * - `promtool check rules` (PromQL parse and types, durations, duplicate rules) on the `spec` of
 *   every PrometheusRule object of the tree (and GMP Rules/ClusterRules/GlobalRules) and on every `*.rules.yml` file, all in one process;
 * - `promtool check config` on every `prometheus.yml`; Debian's build lacks most service
 *   discoveries, so every `*_sd_configs` but `static_configs`/`file_sd_configs` is swapped for a
 *   static target first (in a copy next to the original, so relative `rule_files` still resolve);
 * - `promtool test rules` on every rule unit-test file (top-level `rule_files` and `tests`); a
 *   `rule_files` entry that is a PrometheusRule manifest is replaced by its extracted `spec`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { isGmpRules } from './gmp.js';
import { type Finding, type RunContext, type Tree, type TreeFile, type YamlDoc, baseName, dirName, isRecord, isYamlPath, k8sObjects, parseYaml, run, withContext } from './common.js';

export const PROMTOOL = 'promtool';

const isRulesFile = (p: string): boolean => /\.rules\.ya?ml$/.test(p);
const isPrometheusConfig = (p: string): boolean => /^prometheus\.ya?ml$/.test(baseName(p));

export function prometheusRules(tree: Tree): { file: TreeFile; kind: string; name: string; line: number; spec: unknown }[] {
  return [...tree.values()]
    .filter((f) => isYamlPath(f.path))
    .flatMap((file) =>
      k8sObjects(file)
        .filter((o) => (o.kind === 'PrometheusRule' && o.apiVersion.startsWith('monitoring.coreos.com/')) || isGmpRules(o.apiVersion, o.kind))
        .map((o) => ({ file, kind: o.kind, name: o.name, line: o.doc.line, spec: o.obj.spec })),
    );
}

/** A promtool rule unit-test file: top-level `rule_files` and `tests`. */
export function isRuleTestFile(f: TreeFile): boolean {
  if (!isYamlPath(f.path)) return false;
  const v = parseYaml(f).docs[0]?.value;
  return isRecord(v) && Array.isArray(v.rule_files) && Array.isArray(v.tests);
}

function ruleTestFiles(tree: Tree): TreeFile[] {
  return [...tree.values()].filter(isRuleTestFile);
}

const OFFLINE_SD = new Set(['static_configs', 'file_sd_configs']);

/**
 * The config text with unsupported service discoveries replaced by one static target; edited
 * through the YAML document so every other scalar keeps its source form.
 */
function offlineConfig(doc: YamlDoc): { text: string; replaced: string[] } {
  const replaced: string[] = [];
  const value = doc.value;
  const copy = doc.doc.clone();
  if (isRecord(value) && Array.isArray(value.scrape_configs)) {
    value.scrape_configs.forEach((sc, i) => {
      if (!isRecord(sc)) return;
      const drop = Object.keys(sc).filter((k) => k.endsWith('_sd_configs') && !OFFLINE_SD.has(k));
      for (const k of drop) {
        copy.deleteIn(['scrape_configs', i, k]);
        replaced.push(`${String(sc.job_name)}.${k}`);
      }
      if (drop.length && !sc.static_configs) copy.setIn(['scrape_configs', i, 'static_configs'], [{ targets: ['localhost:9090'] }]);
    });
  }
  return { text: String(copy), replaced };
}

function resolveRel(fromDir: string, rel: string): string {
  const out: string[] = [];
  for (const p of (fromDir === '.' ? [] : fromDir.split('/')).concat(rel.split('/'))) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return out.join('/');
}

export async function checkPromtool(tree: Tree, ctx?: RunContext): Promise<Finding[]> {
  const objects = prometheusRules(tree);
  const rulesFiles = [...tree.values()].filter((f) => isRulesFile(f.path));
  const configs = [...tree.values()].filter((f) => isPrometheusConfig(f.path));
  const tests = ruleTestFiles(tree);
  if (!objects.length && !rulesFiles.length && !configs.length && !tests.length) return [];

  return withContext(tree, ctx, async (rc) => {
    const tools = rc.tools(PROMTOOL, ['promtool']);
    if (!tools) return [];
    const promtool = tools.promtool!;
    const findings: Finding[] = [];
    const root = rc.treeOnDisk();
    const scratch = rc.scratch('promtool');

    // check rules: one process for all.
    const targets = new Map<string, { file: string; location?: string }>();
    objects.forEach((o, i) => {
      const disk = join(scratch, `prometheusrule-${i}.yml`);
      writeFileSync(disk, stringify(isRecord(o.spec) ? o.spec : { groups: [] }));
      targets.set(disk, { file: o.file.path, location: `${o.kind}/${o.name} (line ${o.line}) spec` });
    });
    for (const f of rulesFiles) targets.set(join(root, f.path), { file: f.path });
    if (targets.size) {
      const res = await run(promtool, ['check', 'rules', ...targets.keys()]);
      if (res.code !== 0) {
        let current: Finding | undefined;
        for (const line of res.stderr.split('\n')) {
          const hit = [...targets.keys()].find((k) => line.startsWith(`${k}: `));
          if (hit) {
            const t = targets.get(hit)!;
            current = { validator: PROMTOOL, file: t.file, location: t.location, message: line.slice(hit.length + 2).trim() };
            findings.push(current);
          } else if (current && line.trim() && !/^\s*FAILED:?\s*$/.test(line)) {
            current.message += ` ${line.trim()}`;
          }
        }
        if (!findings.length) findings.push({ validator: PROMTOOL, file: [...targets.values()][0]!.file, message: `promtool check rules failed: ${(res.stderr || res.stdout).trim()}` });
      }
    }

    // check config: one process per config (its errors carry no file name).
    for (const f of configs) {
      const doc = parseYaml(f).docs[0];
      if (!doc || doc.errors.length) {
        findings.push({ validator: PROMTOOL, file: f.path, message: `YAML: ${doc?.errors[0]?.message ?? 'empty file'}` });
        continue;
      }
      const { text, replaced } = offlineConfig(doc);
      const disk = join(root, dirName(f.path), `.promtool-offline-${baseName(f.path)}`);
      writeFileSync(disk, text);
      const res = await run(promtool, ['check', 'config', disk], { cwd: join(root, dirName(f.path)) });
      if (res.code !== 0) {
        const note = replaced.length ? ` (checked with ${replaced.join(', ')} replaced by static_configs: Debian's promtool lacks them)` : '';
        const msg = res.stderr.split(disk).join(f.path).replace(/\s*FAILED:\s*/g, ' ').replace(/\s+/g, ' ').trim();
        findings.push({ validator: PROMTOOL, file: f.path, location: 'promtool check config', message: `${msg}${note}` });
      }
    }

    // test rules: one process per test file (output is per file, multi-line).
    const byPath = new Map([...tree.values()].map((f) => [f.path, f]));
    for (const f of tests) {
      const doc = parseYaml(f).docs[0]!;
      const value = doc.value as Record<string, unknown>;
      const dir = dirName(f.path);
      const copy = doc.doc.clone();
      let rewritten = false;
      (value.rule_files as unknown[]).forEach((rel, i) => {
        if (typeof rel !== 'string') return;
        const target = byPath.get(resolveRel(dir, rel));
        const pr = target && prometheusRules(new Map([[target.path, target]]))[0];
        if (!pr) return;
        const extracted = `.promtool-spec-${i}-${baseName(target.path)}`;
        writeFileSync(join(root, dir, extracted), stringify(pr.spec));
        copy.setIn(['rule_files', i], extracted);
        rewritten = true;
      });
      const disk = rewritten ? join(root, dir, `.promtool-test-${baseName(f.path)}`) : join(root, f.path);
      if (rewritten) writeFileSync(disk, String(copy));
      const res = await run(promtool, ['test', 'rules', disk], { cwd: join(root, dir) });
      if (res.code !== 0) {
        const text = `${res.stdout}\n${res.stderr}`
          .split(disk)
          .join(f.path)
          .replace(/Unit Testing:\s+\S+/g, '')
          .replace(/\s+/g, ' ')
          .trim();
        findings.push({ validator: PROMTOOL, file: f.path, location: 'promtool test rules', message: text.slice(0, 2000) });
      }
    }
    return findings;
  });
}
