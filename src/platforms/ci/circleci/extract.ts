/**
 * Reads the CI/CD facts back from .circleci/config.yml, generated or hand-edited: a missing key
 * gives an empty value, a file that does not parse gives no deploys, never a crash. CircleCI has
 * no environments: a job's environment is its context's (`<name>-<env>`), its deploy target is
 * in its name (`deploy-<target>`), its tools are its image's and those it installs.
 */
import type { IdentityPurpose } from '../../../steps/cicd/model.js';
import type { Cloud } from '../../../config/answers.js';
import type { FileTree } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import { loadDocuments } from '../../../render/yaml.js';
import type { CicdFacts, CiDeployFact, CiJobFact, SettingNeed } from '../../../steps/facts.js';
import { toolImageTools } from '../../../steps/cicd/alert-tests-job.js';
import { cloudOf, registry } from '../../registry.js';
import { deployFact, deploysSomething } from '../deploy-facts.js';
import { knownImages } from './images.js';
import { TOKEN_FILE } from './oidc.js';
import { prefixOf } from './render.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

const CONFIG = /^\.circleci\/config\.ya?ml$/;
/** Commands CircleCI puts in every job's container (the in-job CLI: OIDC tokens, test splitting). */
const INJECTED = ['circleci'];

function parse(text: string): Obj {
  try {
    return obj(loadDocuments(text)[0]);
  } catch {
    return {};
  }
}

/** Every `run` command of a job, whole (a heredoc's body included). */
function commandsOf(job: Obj): string[] {
  return arr(job['steps']).flatMap((s) => {
    const run = obj(s)['run'];
    return typeof run === 'string' ? [run] : run ? [str(obj(run)['command'])] : [];
  });
}

/** The lines a shell runs as commands: a heredoc's body is data for a later step, not a command here. */
function executedLines(command: string): string[] {
  const out: string[] = [];
  let end: string | undefined;
  for (const raw of command.split('\n')) {
    const line = raw.trim();
    if (end !== undefined) {
      if (line === end) end = undefined;
      continue;
    }
    const heredoc = /<<-?\s*['"]?(\w+)['"]?/.exec(line);
    if (heredoc) end = heredoc[1];
    if (line) out.push(line);
  }
  return out;
}

/** The workflow entries by job name: the context (environment) and whether it is an approval. */
function entries(doc: Obj): Map<string, Obj> {
  const map = new Map<string, Obj>();
  for (const wf of Object.values(obj(doc['workflows']))) {
    for (const entry of arr(obj(wf)['jobs'])) {
      if (typeof entry === 'string') map.set(entry, {});
      else for (const [name, spec] of Object.entries(obj(entry))) map.set(str(obj(spec)['name']) || name, obj(spec));
    }
  }
  return map;
}

function imageOf(doc: Obj, job: Obj): string {
  const docker = arr(job['docker'])[0] ?? arr(obj(obj(doc['executors'])[str(job['executor'])])['docker'])[0];
  return str(obj(docker)['image']);
}

function jobFact(plan: Plan, file: string, doc: Obj, id: string, job: Obj): CiJobFact {
  const image = imageOf(doc, job);
  const known = knownImages(plan.platforms.cloud, cloudOf(plan).shell.cliImage).find((i) => i.image === image);
  const resourceClass = str(job['resource_class']) || str(obj(obj(doc['executors'])[str(job['executor'])])['resource_class']);
  const commands = commandsOf(job).flatMap(executedLines);
  const script = plan.paths.toolsScript;
  return {
    id,
    file,
    runner: resourceClass.includes('/') ? { kind: 'self-hosted', label: resourceClass } : { kind: 'hosted' },
    available: [...INJECTED, ...(known?.tools ?? toolImageTools(image))],
    installs: commands.filter((c) => c.startsWith(`${script} `)).flatMap((c) => c.slice(script.length + 1).split(/\s+/)),
    commands,
  };
}

/**
 * CircleCI has no job timeout in the config: a job runs until its plan's limit, one hour on the
 * Free plan (the smallest), and is then stopped without running its `when: on_fail` steps.
 */
export const JOB_LIMIT_MINUTES = 60;

/** A job's limit, its commands, and those of its steps that run when an earlier one failed. */
function jobTiming(id: string, job: Obj): CiDeployFact['jobs'][number] {
  const runs = arr(job['steps']).map((s) => obj(s)['run']).filter(Boolean);
  const lines = (onFail: boolean) =>
    runs
      .filter((r) => (str(obj(r)['when']) === 'on_fail') === onFail)
      .flatMap((r) => (typeof r === 'string' ? r : str(obj(r)['command'])).split('\n'))
      .map((l) => l.trim())
      .filter(Boolean);
  return { id, timeoutMinutes: JOB_LIMIT_MINUTES, commands: lines(false), onFailure: lines(true) };
}

/** The cloud a job logs in to, and the region, from the lines each cloud's shell login writes. */
function loginOf(plan: Plan, lines: string[]): { cloud: Cloud; region: string } | undefined {
  if (!lines.some((l) => /CIRCLE_OIDC_TOKEN_V2|circleci run oidc get/.test(l))) return undefined;
  // A login may name the environment's identity (Google Cloud's service account): each environment's and purpose's is tried.
  const purposes: IdentityPurpose[] = ['deploy', 'infrastructure'];
  const tries = Object.values(registry().cloud).flatMap((cloud) => plan.environments.flatMap((env) => purposes.map((purpose) => ({ cloud, env, purpose }))));
  for (const { cloud, env, purpose } of tries) {
    const [a, b] = ['REGION-A', 'REGION-B'].map((r) => cloud.shell.login(plan, env, r, TOKEN_FILE, purpose));
    const fixed = a!.filter((l, i) => l === b![i]);
    if (!fixed.length || !fixed.every((l) => lines.includes(l))) continue;
    const varying = a!.find((l, i) => l !== b![i]);
    const pattern = varying && new RegExp(`^${varying.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('REGION-A', '(\\S+)')}$`);
    const region = pattern ? lines.map((l) => pattern.exec(l)?.[1]).find(Boolean) : undefined;
    return { cloud: cloud.id, region: region ?? '' };
  }
  return undefined;
}

export function extractCircleci(tree: FileTree, plan: Plan): Omit<CicdFacts, 'policies' | 'image'> {
  const workflows = [...tree.keys()].filter((p) => CONFIG.test(p));
  const deploys: CiDeployFact[] = [];
  const jobFacts: CiJobFact[] = [];
  const needs = new Map<string, SettingNeed>();
  const catalog = cloudOf(plan).settings(plan);
  const planned = new Set(plan.environments.map((e) => e.name));
  const prefix = prefixOf(plan);
  const contextPrefix = `${plan.name}-`;
  const approvals: CicdFacts['approvals'] = [];
  for (const file of workflows) {
    const text = tree.get(file)!.content;
    const doc = parse(text);
    const jobs = obj(doc['jobs']);
    const specs = entries(doc);
    // An approval job gates the environment of every job that requires it (its context's).
    for (const [gate, spec] of specs) {
      if (str(spec['type']) !== 'approval') continue;
      for (const [, other] of specs) {
        if (!arr(other['requires']).map(str).includes(gate)) continue;
        const context = arr(other['context']).map(str)[0] ?? str(other['context']);
        if (context.startsWith(contextPrefix)) approvals.push({ environment: context.slice(contextPrefix.length), file });
      }
    }
    const byTarget = new Map<string, { environment: string; jobs: Obj[]; ids: string[] }>();
    for (const [name, job] of Object.entries(jobs).map(([n, j]) => [n, obj(j)] as const)) {
      jobFacts.push(jobFact(plan, file, doc, name, job));
      const context = arr(specs.get(name)?.['context']).map(str)[0] ?? str(specs.get(name)?.['context']);
      const environment = context.startsWith(contextPrefix) ? context.slice(contextPrefix.length) : context;
      const text = [...commandsOf(job), ...Object.values(obj(job['environment'])).map(str)].join('\n');
      for (const [setting, info] of Object.entries(catalog)) {
        if (!new RegExp(`\\$\\{?${setting}\\b`).test(text)) continue;
        const scope: SettingNeed['scope'] = environment ? { type: 'environment', environment } : { type: 'repository' };
        needs.set(`${setting}\0${environment}\0${file}`, { kind: 'variable', name: setting, scope, ...info(environment), file });
      }
      if (!environment) continue;
      // Grouped by deploy target: `<kind>-<target>` where the target starts with the environment (a second region).
      const target = /^(?:terraform|push|deploy)-(.+)$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : name)?.[1];
      const key = target?.startsWith(`${environment}-`) ? target : environment;
      const group = byTarget.get(key) ?? { environment, jobs: [], ids: [] };
      group.jobs.push(job);
      group.ids.push(name);
      byTarget.set(key, group);
    }
    for (const [targetId, { environment, jobs: targetJobs, ids }] of byTarget) {
      const lines = targetJobs.flatMap((j) => commandsOf(j).flatMap((c) => c.split('\n')));
      const env = Object.fromEntries(targetJobs.flatMap((j) => Object.entries(obj(j['environment'])).map(([k, v]) => [k, str(v)])));
      const login = loginOf(plan, lines.map((l) => l.trim()));
      const jobs = targetJobs.map((j, i) => jobTiming(ids[i]!, j));
      const fact = deployFact({ file, environment, targetId, ...(login ? { login } : {}), env, lines, jobs });
      if (planned.has(environment) || deploysSomething(fact)) deploys.push(fact);
    }
  }
  const sorted = [...needs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const unique = [...new Map(approvals.map((a) => [`${a.environment}\0${a.file}`, a])).values()];
  return { workflows, deploys, environmentOrder: [...new Set(deploys.map((d) => d.environment))], jobs: jobFacts, needs: sorted.map(([, need]) => need), approvals: unique };
}
