/**
 * Reads the CI/CD facts back from workflow files, generated or hand-edited: a missing
 * key gives an empty string, a file that does not parse gives no deploys, never a crash.
 */
import { loadDocuments } from '../../render/yaml.js';
import type { FileTree } from '../../core/files.js';
import type { Plan } from '../../plan/types.js';
import type { CicdFacts, CiDeployFact, SettingNeed } from '../facts.js';
import { imageFacts } from './image-facts.js';
import { needsCatalog, unknownNeed } from './needs.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const unquote = (s: string): string => s.replace(/^['"]|['"]$/g, '');

/** The stack's own .github/workflows, or the repository root's for a stack below it (plan.location.toRoot). */
const WORKFLOW = /^(?:\.\.\/)*\.github\/workflows\/[^/]+\.ya?ml$/;
const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const REFERENCE = /\b(vars|secrets)(?:\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\])/g;

function parse(text: string): Obj {
  try {
    return obj(loadDocuments(text)[0]);
  } catch {
    return {};
  }
}

function jobEnvironment(job: Obj): string {
  const e = job['environment'];
  return typeof e === 'string' ? e : str(obj(e)['name']);
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v !== null && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

/** Every `${{ vars.X }}` and `${{ secrets.X }}` in the values, except the token GitHub provides. */
function references(values: string[]): { kind: SettingNeed['kind']; name: string }[] {
  const expressions = values.flatMap((v) => [...v.matchAll(EXPRESSION)].map((m) => m[1]!));
  return expressions
    .flatMap((e) => [...e.matchAll(REFERENCE)])
    .map(([, kind, dotted, indexed]) => ({ kind: kind === 'secrets' ? ('secret' as const) : ('variable' as const), name: (dotted ?? indexed)! }))
    .filter((r) => !(r.kind === 'secret' && r.name === 'GITHUB_TOKEN'));
}

export function extractCicd(tree: FileTree, plan: Plan): CicdFacts {
  const workflows = [...tree.keys()].filter((p) => WORKFLOW.test(p));
  const deploys: CiDeployFact[] = [];
  const needs = new Map<string, SettingNeed>();
  const catalog = needsCatalog(plan);
  const planned = new Set(plan.environments.map((e) => e.name));
  for (const file of workflows) {
    const text = tree.get(file)!.content;
    const doc = parse(text);
    const jobs = Object.values(obj(doc['jobs'])).map(obj);
    const addNeeds = (values: string[], environment: string): void => {
      for (const { kind, name } of references(values)) {
        const info = catalog[name]?.(environment) ?? unknownNeed(kind, name, file);
        const scope: SettingNeed['scope'] = environment ? { type: 'environment', environment } : { type: 'repository' };
        needs.set(`${kind}\0${name}\0${environment}\0${file}`, { kind, name, scope, ...info, file });
      }
    };
    // A file that does not parse is still scanned, as text, for the settings it needs.
    addNeeds(Object.keys(doc).length ? strings({ ...doc, jobs: undefined }) : [text], '');
    for (const job of jobs) addNeeds(strings(job), jobEnvironment(job));

    // Jobs are grouped by deploy target: `terraform-<target>` / `deploy-<target>` where the target
    // id starts with the job's environment (a second region), else by the environment itself.
    const byTarget = new Map<string, { environment: string; jobs: Obj[]; ids: string[] }>();
    for (const [id, job] of Object.entries(obj(doc['jobs']))) {
      const environment = jobEnvironment(obj(job));
      if (!environment) continue;
      const target = /^(?:terraform|deploy)-(.+)$/.exec(id)?.[1];
      const key = target?.startsWith(`${environment}-`) ? target : environment;
      const group = byTarget.get(key) ?? { environment, jobs: [], ids: [] };
      group.jobs.push(obj(job));
      group.ids.push(id);
      byTarget.set(key, group);
    }
    for (const [targetId, { environment, jobs: targetJobs, ids }] of byTarget) {
      const fact = { ...deployFact(file, environment, targetId, obj(doc['env']), targetJobs), jobs: targetJobs.map((j, i) => jobFact(ids[i]!, j)) };
      // A planned environment always counts, so that a gutted deploy job shows up as empty facts;
      // any other environment (github-pages, …) only when its jobs deploy something.
      if (planned.has(environment) || deploysSomething(fact)) deploys.push(fact);
    }
  }
  const sorted = [...needs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const environmentOrder = [...new Set(deploys.map((d) => d.environment))];
  const policies = [...tree.values()]
    .filter((f) => f.path.startsWith(`${plan.paths.policyDir}/`) && f.path.endsWith('.rego'))
    .map((f) => ({ file: f.path, content: f.content }));
  const image = imageFacts(plan.paths.dockerfile, tree.get(plan.paths.dockerfile)?.content);
  return { workflows, deploys, environmentOrder, needs: sorted.map(([, need]) => need), policies, image };
}

/** A job's timeout (GitHub's default is 360 minutes), its `run:` lines, and those of its steps that run on failure. */
function jobFact(id: string, job: Obj): CiDeployFact['jobs'][number] {
  const lines = (steps: Obj[]) => steps.flatMap((s) => str(s['run']).split('\n')).map((l) => l.trim()).filter(Boolean);
  const steps = arr(job['steps']).map(obj);
  const onFailure = (s: Obj) => /\bfailure\(\)|\balways\(\)/.test(str(s['if']));
  const minutes = Number(str(job['timeout-minutes']));
  return {
    id,
    timeoutMinutes: Number.isFinite(minutes) && minutes > 0 ? minutes : 360,
    commands: lines(steps.filter((s) => !onFailure(s))),
    onFailure: lines(steps.filter(onFailure)),
  };
}

function deploysSomething({ environment: _e, file: _f, targetId: _t, applies, commands: _c, jobs: _j, ...found }: CiDeployFact): boolean {
  return applies.length > 0 || Object.values(found).some((v) => v !== '');
}

function deployFact(file: string, environment: string, targetId: string, workflowEnv: Obj, jobs: Obj[]): Omit<CiDeployFact, 'jobs'> {
  const env: Obj = { ...workflowEnv, ...Object.assign({}, ...jobs.map((j) => obj(j['env']))) };
  const steps = jobs.flatMap((j) => arr(j['steps']).map(obj));
  const lines = steps.flatMap((s) => str(s['run']).split('\n'));
  const first = (re: RegExp, where = lines): string => {
    for (const line of where) {
      const m = re.exec(line);
      if (m) return unquote(m[1]!);
    }
    return '';
  };
  const login = steps.find((s) => /^aws-actions\/configure-aws-credentials(@|$)/.test(str(s['uses'])));
  const loginRegion = str(obj(login?.['with'])['aws-region']);
  return {
    environment,
    file,
    cloud: login ? 'aws' : '',
    region: str(env['AWS_REGION']) || (loginRegion.includes('${{') ? '' : loginRegion) || first(/--region[= ](\S+)/),
    // The commands that run come first; EKS_CLUSTER and IMAGE_NAME are what workflows of earlier versions declared.
    clusterName: first(/update-kubeconfig\b.*--name[= ](\S+)/) || str(env['EKS_CLUSTER']),
    registryRepository: str(env['ECR_REPOSITORY']),
    imagePlaceholder: first(/kustomize edit set image "?([^="\s]+)=/) || str(env['IMAGE_NAME']),
    kustomizeDir: first(/cd (\S+) &&.*kustomize edit/) || first(/cd (\S+) &&/),
    applies: lines.flatMap((l) => [...l.matchAll(/kubectl apply -k (\S+)/g)].map((m) => unquote(m[1]!))),
    terraformDir: first(/terraform -chdir=(\S+)/),
    backendConfig: first(/-backend-config=(\S+)/),
    varFile: first(/-var-file=(\S+)/),
    targetId,
    commands: lines.map((l) => l.trim()).filter(Boolean),
  };
}
