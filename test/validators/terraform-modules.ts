/**
 * Terraform `module` blocks, offline:
 * - registry modules (`terraform-aws-modules/vpc/aws`, `…//modules/flow-log`) must carry a
 *   `version` and every argument must be an input of that source's major version, as listed in
 *   data/module-inputs.json (read from the modules' variables.tf); for map(object) inputs listed
 *   there with `nested` keys (eks `addons`, `access_entries`, `eks_managed_node_groups`), the keys
 *   of every literal entry are checked too, since Terraform silently drops unknown object attributes;
 *   inputs listed as `required` (no default in variables.tf) must be set;
 * - local modules (`./modules/x`) are checked against the `variable` blocks of that directory in
 *   the tree: no unknown argument, every variable without a default set.
 */
import { readFileSync } from 'node:fs';
import { type Finding, type RunContext, type Tree, type TreeFile, closest, dirName, isRecord } from './common.js';
import { type HclBody, headerLocation, parseHcl, terraformFiles } from './hcl.js';

export const TERRAFORM_MODULES = 'terraform-module-inputs';

interface ModuleInputs {
  provenance: string;
  inputs: string[];
  /** Variables without a default, where recorded: a call must set them. */
  required?: string[];
  nested?: Record<string, { shape: 'map(object)'; keys: string[] }>;
}
let inputsCache: Record<string, Record<string, ModuleInputs>> | undefined;
export function moduleInputs(): Record<string, Record<string, ModuleInputs>> {
  inputsCache ??= (JSON.parse(readFileSync(new URL('./data/module-inputs.json', import.meta.url), 'utf8')) as { modules: Record<string, Record<string, ModuleInputs>> }).modules;
  return inputsCache;
}

const META = new Set(['source', 'version', 'count', 'for_each', 'depends_on', 'providers']);
const REGISTRY = /^[A-Za-z0-9][\w-]*\/[\w-]+\/[\w-]+(\/\/.+)?$/;

/** Major version a constraint pins, e.g. `~> 6.0` → 6, `>= 21.1, < 22` → 21. */
export function majorOf(constraint: string): string | undefined {
  return /(\d+)/.exec(constraint)?.[1];
}

function joinPath(dir: string, rel: string): string {
  const out: string[] = [];
  for (const p of (dir === '.' ? [] : dir.split('/')).concat(rel.split('/'))) {
    if (p === '..') out.pop();
    else if (p && p !== '.') out.push(p);
  }
  return out.join('/');
}

async function localVariables(tree: Tree, dir: string): Promise<Map<string, boolean> | undefined> {
  const files = terraformFiles(tree).filter((f) => dirName(f.path) === (dir || '.'));
  if (!files.length) return undefined;
  const vars = new Map<string, boolean>(); // name → required
  for (const f of files) {
    const { json } = await parseHcl(f);
    const section = json?.variable;
    if (!isRecord(section)) continue;
    for (const [name, bodies] of Object.entries(section)) {
      const body = Array.isArray(bodies) && isRecord(bodies[0]) ? bodies[0] : {};
      vars.set(name, !('default' in body));
    }
  }
  return vars;
}

async function checkModule(tree: Tree, file: TreeFile, name: string, body: HclBody, findings: Finding[]): Promise<void> {
  const where = headerLocation(file, 'module', [name]);
  const push = (location: string, message: string): void => {
    findings.push({ validator: TERRAFORM_MODULES, file: file.path, location, message });
  };
  const source = body.source;
  if (typeof source !== 'string') {
    push(where, 'module without a literal `source`');
    return;
  }
  const args = Object.keys(body).filter((k) => !META.has(k));

  if (source.startsWith('./') || source.startsWith('../')) {
    const dir = joinPath(dirName(file.path), source);
    const vars = await localVariables(tree, dir);
    if (!vars) {
      push(where, `local module source "${source}" has no .tf files in the tree (${dir})`);
      return;
    }
    for (const a of args) {
      if (!vars.has(a)) {
        const hint = closest(a, vars.keys());
        push(`${where}.${a}`, `module "${name}" (${source}) has no variable "${a}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
      }
    }
    for (const [v, required] of vars) if (required && !(v in body)) push(where, `module "${name}" (${source}) requires variable "${v}" (it has no default)`);
    return;
  }

  if (!REGISTRY.test(source)) return; // git::, s3::, https:// sources: nothing to check offline
  const version = typeof body.version === 'string' ? body.version : undefined;
  if (!version) {
    push(where, `registry module "${source}" without a \`version\` constraint`);
    return;
  }
  const major = majorOf(version);
  const known = moduleInputs()[source];
  const spec = major ? known?.[major] : undefined;
  if (!spec) {
    push(where, `no input list for ${source} major version ${major ?? '?'} (version = "${version}"): add it to test/validators/data/module-inputs.json from the module's variables.tf`);
    return;
  }
  const inputs = new Set(spec.inputs);
  for (const r of spec.required ?? []) if (!(r in body)) push(where, `${source} v${major} requires input "${r}" (it has no default)`);
  for (const a of args) {
    if (!inputs.has(a)) {
      const hint = closest(a, inputs);
      push(`${where}.${a}`, `unknown input "${a}" for ${source} v${major}${hint ? ` (did you mean "${hint}"?)` : ''}`);
      continue;
    }
    const nested = spec.nested?.[a];
    const value = body[a];
    if (!nested || !isRecord(value)) continue;
    const keys = new Set(nested.keys);
    for (const [entry, obj] of Object.entries(value)) {
      if (!isRecord(obj)) continue;
      for (const k of Object.keys(obj)) {
        if (keys.has(k)) continue;
        const hint = closest(k, keys);
        push(`${where}.${a}["${entry}"].${k}`, `unknown attribute "${k}" in ${a} entries of ${source} v${major} (Terraform drops it silently)${hint ? ` (did you mean "${hint}"?)` : ''}`);
      }
    }
  }
}

export async function checkTerraformModules(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of terraformFiles(tree)) {
    const { json } = await parseHcl(file);
    const modules = json?.module;
    if (!isRecord(modules)) continue;
    for (const [name, bodies] of Object.entries(modules)) {
      for (const body of Array.isArray(bodies) ? bodies : []) {
        if (isRecord(body)) await checkModule(tree, file, name, body, findings);
      }
    }
  }
  return findings;
}
