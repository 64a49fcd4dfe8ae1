/**
 * Azure Pipelines: every `azure-pipelines.yml` of the tree, and the templates under an
 * `azure-pipelines/` or `.azure-pipelines/` directory.
 * - the service schema of ../shared/schemas/azure-pipelines.service-schema.json (ajv 8, the
 *   options of its README);
 * - our structural rules: stage `dependsOn` names stages of the file, job `dependsOn` names jobs of
 *   the same stage; a `deployment` job names an `environment` (approvals and the exclusive lock
 *   live on it, not in YAML); tasks are pinned by major version (`Name@N`); template repositories
 *   (`resources.repositories`) are pinned with `ref: refs/tags/…`, and `template: x@alias` names
 *   a declared repository;
 * - `script:`/`bash:` steps and inline Bash@3 scripts go to shellcheck (via `azureScripts`), with
 *   `${{ }}`, `$[ ]` and `$(macro)` replaced by words.
 */
import { type Finding, type PathSeg, type RunContext, type Tree, type TreeFile, type YamlDoc, type YamlFile, isRecord, lineAt, parseYaml, pathString, withContext } from './common.js';
import { type CiScript, yamlScript } from './ci-scripts.js';
import { scalarsAsStrings, schemaFindings, sharedSchema } from './shared-schemas.js';

export const AZURE_PIPELINES = 'azure-pipelines';

export const isAzurePipelinesPath = (p: string): boolean => /(^|\/)azure-pipelines\.ya?ml$/.test(p) || /(^|\/)\.?azure-pipelines\/.+\.ya?ml$/.test(p);

const TASK_PIN = /^[\w.-]+@\d+$/;

interface Visit {
  path: PathSeg[];
  value: Record<string, unknown>;
}

/** Every object in the document, with its path. */
function objects(value: unknown, path: PathSeg[] = [], out: Visit[] = []): Visit[] {
  if (Array.isArray(value)) value.forEach((v, i) => objects(v, [...path, i], out));
  else if (isRecord(value)) {
    out.push({ path, value });
    for (const [k, v] of Object.entries(value)) objects(v, [...path, k], out);
  }
  return out;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);
const isExpr = (s: string): boolean => /\$\{\{|\$\[|\$\(/.test(s);

function rules(file: TreeFile, yf: YamlFile, doc: YamlDoc): Finding[] {
  const root = doc.value;
  if (!isRecord(root)) return [];
  const findings: Finding[] = [];
  const push = (path: PathSeg[], message: string): void => {
    findings.push({ validator: AZURE_PIPELINES, file: file.path, location: `${pathString(path) || '(root)'} (line ${lineAt(yf, doc, path) ?? doc.line})`, message });
  };
  const stages = Array.isArray(root.stages) ? root.stages : [];
  const stageNames = new Set(stages.filter(isRecord).map((s) => s.stage).filter((s): s is string => typeof s === 'string'));
  stages.forEach((stage, i) => {
    if (!isRecord(stage)) return;
    for (const dep of strings(stage.dependsOn)) if (!isExpr(dep) && !stageNames.has(dep)) push(['stages', i, 'dependsOn'], `stage "${String(stage.stage)}" depends on "${dep}", which is not a stage of this pipeline`);
  });
  const jobLists: { jobs: unknown[]; path: PathSeg[] }[] = Array.isArray(root.jobs) ? [{ jobs: root.jobs, path: ['jobs'] }] : [];
  stages.forEach((stage, i) => {
    if (isRecord(stage) && Array.isArray(stage.jobs)) jobLists.push({ jobs: stage.jobs, path: ['stages', i, 'jobs'] });
  });
  for (const { jobs, path } of jobLists) {
    const names = new Set(jobs.filter(isRecord).map((j) => j.job ?? j.deployment).filter((n): n is string => typeof n === 'string'));
    jobs.forEach((job, j) => {
      if (!isRecord(job)) return;
      const name = String(job.job ?? job.deployment ?? j);
      for (const dep of strings(job.dependsOn)) if (!isExpr(dep) && !names.has(dep)) push([...path, j, 'dependsOn'], `job "${name}" depends on "${dep}", which is not a job of the same stage`);
      if ('deployment' in job) {
        const env = job.environment;
        const envName = typeof env === 'string' ? env : isRecord(env) ? env.name : undefined;
        if (typeof envName !== 'string' || !envName) push([...path, j], `deployment job "${name}" names no environment: approvals and the exclusive lock are set on the environment`);
      }
    });
  }
  const aliases = new Set<string>();
  const repos = isRecord(root.resources) && Array.isArray(root.resources.repositories) ? root.resources.repositories : [];
  repos.forEach((repo, i) => {
    if (!isRecord(repo)) return;
    if (typeof repo.repository === 'string') aliases.add(repo.repository);
    if (repo.repository === 'self') return;
    const ref = typeof repo.ref === 'string' ? repo.ref : '';
    if (!/^refs\/tags\/\S+$/.test(ref)) push(['resources', 'repositories', i], `repository "${String(repo.repository)}" is not pinned to a tag (ref: refs/tags/…; found "${ref || 'default branch'}")`);
  });
  for (const { path, value } of objects(root)) {
    if (typeof value.task === 'string' && !isExpr(value.task) && !TASK_PIN.test(value.task)) push([...path, 'task'], `task "${value.task}" is not pinned by major version (Name@N)`);
    if (typeof value.template === 'string' && value.template.includes('@')) {
      const alias = value.template.split('@').pop()!;
      if (alias !== 'self' && !aliases.has(alias)) push([...path, 'template'], `template "${value.template}" names repository "${alias}", which resources.repositories does not declare`);
    }
  }
  return findings;
}

export async function checkAzurePipelines(tree: Tree, ctx?: RunContext): Promise<Finding[]> {
  const files = [...tree.values()].filter((f) => isAzurePipelinesPath(f.path));
  if (!files.length) return [];
  return withContext(tree, ctx, async (rc) => {
    const findings: Finding[] = [];
    const validate = sharedSchema(AZURE_PIPELINES, 'azure-pipelines.service-schema.json', rc);
    for (const file of files) {
      const yf = parseYaml(file);
      for (const e of yf.docs.flatMap((d) => d.errors)) findings.push({ validator: AZURE_PIPELINES, file: file.path, location: `line ${e.line}, col ${e.col}`, message: `YAML: ${e.message}` });
      const doc = yf.docs[0];
      if (!doc || doc.errors.length) continue;
      if (validate && !validate(scalarsAsStrings(doc.value))) findings.push(...schemaFindings(AZURE_PIPELINES, 'Azure Pipelines schema', file, yf, doc, validate.errors ?? []));
      findings.push(...rules(file, yf, doc));
    }
    return findings;
  });
}

/** Variable names a pipeline declares (map or list form), for telling `$(macro)` from `$(command)`. */
function declaredVariables(root: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  for (const { value } of objects(root)) {
    const vars = value.variables;
    if (isRecord(vars)) for (const k of Object.keys(vars)) names.add(k);
    if (Array.isArray(vars)) for (const v of vars) if (isRecord(v) && typeof v.name === 'string') names.add(v.name);
  }
  return names;
}

function azureWords(declared: Set<string>): (text: string) => string {
  return (text) => {
    let n = 0;
    const word = (m: string): string => `_ADO_EXPR_${n++}_${'\n'.repeat((m.match(/\n/g) ?? []).length)}`;
    return text
      .replace(/\$\{\{[\s\S]*?\}\}/g, word)
      .replace(/\$\[[\s\S]*?\]/g, word)
      .replace(/\$\(([\w.-]+)\)/g, (m, name: string) => (name.includes('.') || declared.has(name) ? word(m) : m));
  };
}

/** Every Bash script of the pipeline files (script:, bash:, Bash@3 inline), for shellcheck. */
export function azureScripts(tree: Tree): CiScript[] {
  const out: CiScript[] = [];
  for (const file of tree.values()) {
    if (!isAzurePipelinesPath(file.path)) continue;
    const yf = parseYaml(file);
    const doc = yf.docs[0];
    if (!doc || !isRecord(doc.value)) continue;
    const words = azureWords(declaredVariables(doc.value));
    for (const { path, value } of objects(doc.value)) {
      const where = pathString(path);
      for (const key of ['script', 'bash'] as const) {
        if (typeof value[key] !== 'string') continue;
        const s = yamlScript(file, yf, doc, [...path, key], value[key], `${where}.${key}`, 'bash', words);
        if (s) out.push(s);
      }
      const inputs = value.inputs;
      if (typeof value.task === 'string' && /^Bash@/.test(value.task) && isRecord(inputs) && typeof inputs.script === 'string' && inputs.targetType === 'inline') {
        const s = yamlScript(file, yf, doc, [...path, 'inputs', 'script'], inputs.script, `${where}.inputs.script`, 'bash', words);
        if (s) out.push(s);
      }
    }
  }
  return out;
}
