/**
 * CircleCI: every `.circleci/config.yml` of the tree.
 * - the CircleCI 2.1 JSON schema of ../shared/schemas/circleci.schema.json (ajv 8; the
 *   circleci-config-parser throws instead of reporting, so it is not used);
 * - our structural rules: every workflow job is a job of `jobs:`, an orb job of a declared orb,
 *   or an approval (`type: approval`); every `requires` names a job of the same workflow; every
 *   `context` is named in the generated docs (a `*.md` of the tree: contexts live in CircleCI's
 *   settings, so the setup guide must tell the user to create them); deploy jobs (named
 *   deploy/release/promote/rollout/apply) carry a `serial-group`; orbs are pinned to `ns/orb@x.y.z`;
 * - `run:` commands go to shellcheck (shellcheck.ts, via `circleciScripts`), `<< … >>` replaced.
 */
import { type Finding, type RunContext, type Tree, type TreeFile, isRecord, lineAt, parseYaml, withContext } from './common.js';
import { type CiScript, wordsFor, yamlScript } from './ci-scripts.js';
import { schemaFindings, sharedSchema } from './shared-schemas.js';

export const CIRCLECI = 'circleci';

export const isCircleciPath = (p: string): boolean => /(^|\/)\.circleci\/config\.ya?ml$/.test(p);

const ORB_PIN = /^[\w-]+\/[\w-]+@\d+\.\d+\.\d+$/;
const DEPLOY = /deploy|release|promote|rollout|apply/i;

interface WorkflowJob {
  /** The job it runs (key of the entry). */
  job: string;
  /** Its name in the workflow (`name:` or the job). */
  name: string;
  spec: Record<string, unknown>;
  index: number;
}

function workflowJobs(wf: Record<string, unknown>): WorkflowJob[] {
  const list = Array.isArray(wf.jobs) ? wf.jobs : [];
  return list.flatMap((entry, index): WorkflowJob[] => {
    if (typeof entry === 'string') return [{ job: entry, name: entry, spec: {}, index }];
    if (!isRecord(entry)) return [];
    const [job, spec] = Object.entries(entry)[0] ?? [];
    if (!job) return [];
    const s = isRecord(spec) ? spec : {};
    return [{ job, name: typeof s.name === 'string' ? s.name : job, spec: s, index }];
  });
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

function docsText(tree: Tree): string {
  return [...tree.values()].filter((f) => /\.md$/i.test(f.path)).map((f) => f.content).join('\n');
}

function rules(file: TreeFile, tree: Tree): Finding[] {
  const yf = parseYaml(file);
  const doc = yf.docs[0];
  if (!doc || !isRecord(doc.value)) return [];
  const config = doc.value;
  const findings: Finding[] = [];
  const push = (path: (string | number)[], message: string): void => {
    findings.push({ validator: CIRCLECI, file: file.path, location: `${path.join('.')} (line ${lineAt(yf, doc, path) ?? doc.line})`, message });
  };
  const jobs = isRecord(config.jobs) ? config.jobs : {};
  const orbs = isRecord(config.orbs) ? config.orbs : {};
  for (const [alias, ref] of Object.entries(orbs)) {
    if (typeof ref === 'string' && !ORB_PIN.test(ref)) push(['orbs', alias], `orb "${alias}: ${ref}" is not pinned to an exact version (ns/orb@x.y.z)`);
  }
  const docs = docsText(tree);
  const workflows = isRecord(config.workflows) ? config.workflows : {};
  for (const [wfName, wf] of Object.entries(workflows)) {
    if (!isRecord(wf)) continue;
    const entries = workflowJobs(wf);
    const names = new Set(entries.map((e) => e.name));
    for (const e of entries) {
      const at = ['workflows', wfName, 'jobs', e.index];
      const approval = e.spec.type === 'approval';
      const orbJob = e.job.includes('/') && e.job.split('/')[0]! in orbs;
      if (!approval && !(e.job in jobs) && !orbJob) {
        push(at, `workflow job "${e.job}" is not defined in jobs:${e.job.includes('/') ? ` nor by a declared orb ("${e.job.split('/')[0]}" is not in orbs:)` : ''}; a manual gate must say type: approval`);
      }
      if (approval && e.job in jobs) push(at, `"${e.job}" is a job of jobs: but has type: approval, which never runs it`);
      for (const req of Array.isArray(e.spec.requires) ? (e.spec.requires as unknown[]) : []) {
        const reqs = typeof req === 'string' ? [req] : isRecord(req) ? Object.keys(req) : [];
        for (const r of reqs) if (!names.has(r) && !(isRecord(e.spec.matrix) && [...names].some((n) => r.startsWith(`${n}-`)))) push([...at, e.job, 'requires'], `requires "${r}", which is not a job of workflow "${wfName}"`);
      }
      for (const ctx of strings(e.spec.context)) {
        if (ctx.includes('<<')) continue;
        if (!new RegExp(`(^|[^\\w-])${ctx.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\w-]|$)`).test(docs)) {
          push([...at, e.job, 'context'], `context "${ctx}" is not named in any generated doc (*.md): the user must create it in CircleCI's settings, so the setup guide has to say so`);
        }
      }
      if (!approval && DEPLOY.test(e.name) && !e.spec['serial-group']) push(at, `deploy job "${e.name}" has no serial-group: two pipelines could deploy at once`);
    }
  }
  return findings;
}

export async function checkCircleci(tree: Tree, ctx?: RunContext): Promise<Finding[]> {
  const files = [...tree.values()].filter((f) => isCircleciPath(f.path));
  if (!files.length) return [];
  return withContext(tree, ctx, async (rc) => {
    const findings: Finding[] = [];
    const validate = sharedSchema(CIRCLECI, 'circleci.schema.json', rc);
    for (const file of files) {
      const yf = parseYaml(file);
      const doc = yf.docs[0];
      for (const e of yf.docs.flatMap((d) => d.errors)) findings.push({ validator: CIRCLECI, file: file.path, location: `line ${e.line}, col ${e.col}`, message: `YAML: ${e.message}` });
      if (!doc || doc.errors.length) continue;
      if (validate && !validate(doc.value)) findings.push(...schemaFindings(CIRCLECI, 'CircleCI 2.1 schema', file, yf, doc, validate.errors ?? []));
      findings.push(...rules(file, tree));
    }
    return findings;
  });
}

const CIRCLECI_WORDS = wordsFor(/<<[\s\S]*?>>/g, 'CCI_PARAM');

/** Every `run:` of jobs and reusable commands, for shellcheck. */
export function circleciScripts(tree: Tree): CiScript[] {
  const out: CiScript[] = [];
  for (const file of tree.values()) {
    if (!isCircleciPath(file.path)) continue;
    const yf = parseYaml(file);
    const doc = yf.docs[0];
    if (!doc || !isRecord(doc.value)) continue;
    for (const section of ['jobs', 'commands'] as const) {
      const holders = doc.value[section];
      if (!isRecord(holders)) continue;
      for (const [name, holder] of Object.entries(holders)) {
        if (!isRecord(holder) || !Array.isArray(holder.steps)) continue;
        holder.steps.forEach((step, i) => {
          if (!isRecord(step) || !('run' in step)) return;
          const run = step.run;
          const base = [section, name, 'steps', i, 'run'];
          const [value, path, shell] = isRecord(run) ? [run.command, [...base, 'command'], run.shell] : [run, base, undefined];
          const dialect = typeof shell === 'string' && !/bash/.test(shell) ? 'sh' : 'bash';
          const s = yamlScript(file, yf, doc, path, value, `${section}.${name}.steps[${i}].run`, dialect, CIRCLECI_WORDS);
          if (s) out.push(s);
        });
      }
    }
  }
  return out;
}
