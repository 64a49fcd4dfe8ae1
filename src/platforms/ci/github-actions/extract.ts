/**
 * Reads the CI/CD facts back from workflow files, generated or hand-edited: a missing
 * key gives an empty string, a file that does not parse gives no deploys, never a crash.
 */
import { loadDocuments } from '../../../render/yaml.js';
import type { FileTree } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import type { CicdFacts, CiDeployFact, CiJobFact, SettingNeed } from '../../../steps/facts.js';
import { cloudOf } from '../../registry.js';
import type { Cloud } from '../../../config/answers.js';
import { deployFact, deploysSomething, type DeployJobs } from '../deploy-facts.js';
import { unwrapDockerRuns } from '../container-run.js';
import { GHA_CLOUDS } from './clouds.js';
import { HOSTED_TOOLS, RUNNER_IMAGE_BASE_TOOLS, RUNNER_IMAGE_PATH } from './runners.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

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

/** Tools a job's `uses:` steps put on the PATH, by action. */
const INSTALLED_BY: Record<string, string[]> = {
  'hashicorp/setup-terraform': ['terraform'],
  'actions/setup-node': ['node', 'npm', 'npx', 'corepack'],
  'actions/setup-python': ['python', 'python3', 'pip', 'pip3'],
  'actions/setup-go': ['go'],
  'actions/setup-java': ['java', 'mvn'],
  'sigstore/cosign-installer': ['cosign'],
};

/** The language each setup action installs, and the input that names its version. */
const SETUP_VERSION: Record<string, { language: string; key: string }> = {
  'actions/setup-node': { language: 'node', key: 'node-version' },
  'actions/setup-python': { language: 'python', key: 'python-version' },
  'actions/setup-go': { language: 'go', key: 'go-version' },
  'actions/setup-java': { language: 'java', key: 'java-version' },
};

/** The tools the self-hosted runner image declares (its LABEL), or the default actions-runner image's. */
function selfHostedTools(tree: FileTree): string[] {
  const image = tree.get(RUNNER_IMAGE_PATH);
  const label = image && /^LABEL dev\.create-devops-stack\.tools="([^"]*)"/m.exec(image.content)?.[1];
  return label ? label.split(/\s+/) : RUNNER_IMAGE_BASE_TOOLS;
}

function jobFact(file: string, id: string, job: Obj, plan: Plan, runnerTools: () => string[]): CiJobFact {
  const labels = strings(job['runs-on']);
  const hosted = labels.length > 0 && labels.every((l) => /^(ubuntu|windows|macos)-/.test(l));
  const steps = arr(job['steps']).map(obj);
  const lines = steps.flatMap((s) => str(s['run']).split('\n')).map((l) => l.trim()).filter(Boolean);
  // A command run in a tool's image (docker run) is read as the command it runs there.
  const { commands, available } = unwrapDockerRuns(lines);
  const script = plan.paths.toolsScript;
  const installs = [
    ...steps.flatMap((s) => INSTALLED_BY[str(s['uses']).split('@')[0]!] ?? []),
    ...commands.filter((c) => c.startsWith(`${script} `)).flatMap((c) => c.slice(script.length + 1).split(/\s+/)),
  ];
  const runtimes = steps.flatMap((s) => {
    const setup = SETUP_VERSION[str(s['uses']).split('@')[0]!];
    const version = setup && str(obj(s['with'])[setup.key]);
    return setup && version ? [{ language: setup.language, version }] : [];
  });
  return {
    id,
    file,
    ...(runtimes.length ? { runtimes } : {}),
    runner: hosted ? { kind: 'hosted' } : { kind: 'self-hosted', ...(labels[0] ? { label: labels[0] } : {}) },
    available: [...(hosted ? HOSTED_TOOLS : runnerTools()), ...available],
    installs,
    commands,
  };
}

export function extractCicd(tree: FileTree, plan: Plan): Omit<CicdFacts, 'policies' | 'image'> {
  const workflows = [...tree.keys()].filter((p) => WORKFLOW.test(p));
  const deploys: CiDeployFact[] = [];
  const jobFacts: CiJobFact[] = [];
  const runnerTools = () => selfHostedTools(tree);
  const needs = new Map<string, SettingNeed>();
  const catalog = cloudOf(plan).settings(plan);
  const planned = new Set(plan.environments.map((e) => e.name));
  for (const file of workflows) {
    const text = tree.get(file)!.content;
    const doc = parse(text);
    const jobs = Object.values(obj(doc['jobs'])).map(obj);
    const addNeeds = (values: string[], environment: string): void => {
      for (const { kind, name } of references(values)) {
        const info = catalog[name]?.(environment) ?? unknownSetting(kind, name, file);
        const scope: SettingNeed['scope'] = environment ? { type: 'environment', environment } : { type: 'repository' };
        needs.set(`${kind}\0${name}\0${environment}\0${file}`, { kind, name, scope, ...info, file });
      }
    };
    // A file that does not parse is still scanned, as text, for the settings it needs.
    addNeeds(Object.keys(doc).length ? strings({ ...doc, jobs: undefined }) : [text], '');
    for (const job of jobs) addNeeds(strings(job), jobEnvironment(job));
    for (const [id, job] of Object.entries(obj(doc['jobs']))) jobFacts.push(jobFact(file, id, obj(job), plan, runnerTools));

    // Jobs are grouped by deploy target: `terraform-<target>` / `deploy-<target>` where the target
    // id starts with the job's environment (a second region), else by the environment itself.
    const byTarget = new Map<string, { environment: string; jobs: Obj[]; ids: string[] }>();
    for (const [id, job] of Object.entries(obj(doc['jobs']))) {
      const environment = jobEnvironment(obj(job));
      if (!environment) continue;
      const target = /^(?:terraform|push|deploy)-(.+)$/.exec(id)?.[1];
      const key = target?.startsWith(`${environment}-`) ? target : environment;
      const group = byTarget.get(key) ?? { environment, jobs: [], ids: [] };
      group.jobs.push(obj(job));
      group.ids.push(id);
      byTarget.set(key, group);
    }
    for (const [targetId, { environment, jobs: targetJobs, ids }] of byTarget) {
      const fact = deployFact(deployJobs(file, environment, targetId, obj(doc['env']), targetJobs, ids));
      // A planned environment always counts, so that a gutted deploy job shows up as empty facts;
      // any other environment (github-pages, …) only when its jobs deploy something.
      if (planned.has(environment) || deploysSomething(fact)) deploys.push(fact);
    }
  }
  const sorted = [...needs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const environmentOrder = [...new Set(deploys.map((d) => d.environment))];
  // Required reviewers live in the repository's settings: the setup guide has them set on production.
  const production = plan.environments.find((e) => e.isProduction)?.name;
  const approvals = environmentOrder.filter((e) => e === production).map((environment) => ({ environment, file: `${plan.paths.docsDir}/setup-guide.md` }));
  return { workflows, deploys, environmentOrder, jobs: jobFacts, needs: sorted.map(([, need]) => need), approvals };
}

function unknownSetting(kind: 'secret' | 'variable', name: string, file: string): { description: string; source: string } {
  return {
    description: `${kind === 'secret' ? 'Secret' : 'Variable'} ${name} referenced by ${file}, not generated by create-devops-stack`,
    source: 'Whoever added it to the workflow',
  };
}

/** The jobs of one deploy target as the neutral reading needs them: their run lines, variables and cloud login. */
/** A job's timeout (GitHub's default is 360 minutes), its `run:` lines, and those of its steps that run on failure. */
function jobTiming(id: string, job: Obj): DeployJobs['jobs'][number] {
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

/** The jobs of one deploy target as the neutral reading needs them: their run lines, variables, cloud login and timings. */
function deployJobs(file: string, environment: string, targetId: string, workflowEnv: Obj, jobs: Obj[], ids: string[]): DeployJobs {
  const env: Obj = { ...workflowEnv, ...Object.assign({}, ...jobs.map((j) => obj(j['env']))) };
  const steps = jobs.flatMap((j) => arr(j['steps']).map(obj));
  const login = steps
    .map((s) => Object.entries(GHA_CLOUDS).map(([cloud, c]) => (c.isLogin(str(s['uses'])) ? { cloud: cloud as Cloud, region: c.loginRegion(obj(s['with'])) } : undefined)).find(Boolean))
    .find(Boolean);
  return {
    file,
    environment,
    targetId,
    ...(login ? { login } : {}),
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, str(v)])),
    lines: steps.flatMap((s) => str(s['run']).split('\n')),
    jobs: jobs.map((j, i) => jobTiming(ids[i]!, j)),
  };
}
