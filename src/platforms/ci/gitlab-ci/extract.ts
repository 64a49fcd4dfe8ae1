/**
 * Reads the CI/CD facts back from .gitlab-ci.yml, generated or hand-edited, into the neutral
 * shape (through deploy-facts.ts): the jobs of each deploy target, their script lines and
 * variables, the cloud they log in to (the audience of their ID token), and the CI/CD variables
 * the file reads that nothing in it sets. A missing key gives an empty value, never a crash.
 */
import type { Cloud } from '../../../config/answers.js';
import type { FileTree } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import { loadDocuments } from '../../../render/yaml.js';
import type { CicdFacts, CiDeployFact, CiJobFact, SettingNeed } from '../../../steps/facts.js';
import { cloudOf, registry } from '../../registry.js';
import { deployFact, deploysSomething, type DeployJobs } from '../deploy-facts.js';
import { imageTools } from './glci.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

/** Top-level keys that are not jobs. */
const GLOBAL = new Set(['workflow', 'stages', 'include', 'variables', 'default', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec']);
/** Variables GitLab, the runner or the shell provide. */
const PROVIDED = /^(CI|GITLAB|RUNNER|FF)_|^(HOME|PATH|PWD|USER|SHELL|TMPDIR|DOCKER_CONFIG)$/;
const REFERENCE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
const ASSIGNED = /\b([A-Za-z_][A-Za-z0-9_]*)=/g;
const EXPORT = /^\s*export\s+([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)\s*$/;

function parse(text: string): Obj {
  try {
    return obj(loadDocuments(text)[0]);
  } catch {
    return {};
  }
}

const scriptLines = (job: Obj): string[] => ['before_script', 'script', 'after_script'].flatMap((k) => (Array.isArray(job[k]) ? job[k] : [job[k]]).map(str)).flatMap((s) => s.split('\n'));
const environmentOf = (job: Obj): string => str(job['environment']) || str(obj(job['environment'])['name']);
const variablesOf = (node: Obj): Record<string, string> => Object.fromEntries(Object.entries(obj(node['variables'])).map(([k, v]) => [k, str(obj(v)['value'] ?? v)]));

/** The cloud whose audience a job's ID token carries, by the clouds' own shell logins. */
function cloudLogin(plan: Plan, job: Obj): Cloud | undefined {
  const audiences = Object.values(obj(job['id_tokens'])).map((t) => str(obj(t)['aud']));
  return Object.values(registry().cloud).find((c) => audiences.includes(c.shell.audience(plan)))?.id;
}

/** The deploy target of a job: `terraform-<target>`/`push-<target>`/`deploy-<target>` naming the environment's second region, else the environment. */
function targetOf(name: string, environment: string): string {
  const target = /(?:^|:)(?:terraform|push|deploy)-([^:]+)$/.exec(name)?.[1];
  return target?.startsWith(`${environment}-`) ? target : environment;
}

/** GitLab's default job timeout (a project setting) where a job sets none. */
const DEFAULT_TIMEOUT_MINUTES = 60;

/** `30m`, `1h 30m`, `90 minutes` in minutes; GitLab's default when absent or unreadable. */
export function timeoutMinutes(value: string): number {
  const parts = [...value.matchAll(/(\d+)\s*(h|hours?|m|min|minutes?|s|sec|seconds?)\b/g)];
  const minutes = parts.reduce((sum, [, n, unit]) => sum + Number(n) * (unit!.startsWith('h') ? 60 : unit!.startsWith('s') ? 1 / 60 : 1), 0);
  return minutes > 0 ? minutes : DEFAULT_TIMEOUT_MINUTES;
}

/** A script item that rolls back on its own failure: `if ! { A && B; }; then R…; exit 1; fi`. */
const ROLLED_BACK = /^if ! \{ ([\s\S]*); \}; then\n([\s\S]*)\nfi$/;

/** A job's timeout, its commands, and the commands that run when its rollout fails (the rolled-back item's body). */
function jobTiming(name: string, job: Obj): DeployJobs['jobs'][number] {
  const items = ['before_script', 'script'].flatMap((k) => (Array.isArray(job[k]) ? job[k] : []).map(str));
  const commands: string[] = [];
  const onFailure: string[] = [];
  for (const item of items) {
    const m = ROLLED_BACK.exec(item);
    if (m) {
      commands.push(...m[1]!.split(' && '));
      onFailure.push(...m[2]!.split('\n'));
    } else commands.push(...item.split('\n'));
  }
  const clean = (lines: string[]) => lines.map((l) => l.trim()).filter((l) => l && l !== 'exit 1');
  return { id: name, timeoutMinutes: timeoutMinutes(str(job['timeout'])), commands: clean(commands), onFailure: clean(onFailure) };
}

function deployJobs(plan: Plan, file: string, environment: string, targetId: string, globals: Record<string, string>, jobs: [string, Obj][]): DeployJobs {
  const timings = jobs.map(([name, job]) => jobTiming(name, job));
  const lines = jobs.map(([, job]) => job).flatMap(scriptLines);
  const exported = Object.fromEntries(lines.flatMap((l) => {
    const m = EXPORT.exec(l);
    return m ? [[m[1]!, m[2]!.replace(/^["']|["']$/g, '')]] : [];
  }));
  const env = { ...globals, ...Object.assign({}, ...jobs.map(([, job]) => variablesOf(job))), ...exported } as Record<string, string>;
  const cloud = jobs.map(([, job]) => cloudLogin(plan, job)).find(Boolean);
  return { file, environment, targetId, ...(cloud ? { login: { cloud, region: '' } } : {}), env, lines, jobs: timings };
}

/** CI/CD variables the file reads and nothing in it (or GitLab) sets: each needs setting in the project, per environment where scoped. */
function settingNeeds(plan: Plan, file: string, doc: Obj, jobs: [string, Obj][]): SettingNeed[] {
  const text = JSON.stringify(doc);
  const set = new Set<string>([...Object.keys(variablesOf(doc)), ...[...text.matchAll(ASSIGNED)].map((m) => m[1]!)]);
  for (const [, job] of jobs) for (const name of [...Object.keys(variablesOf(job)), ...Object.keys(obj(job['id_tokens']))]) set.add(name);
  const catalog = cloudOf(plan).settings(plan);
  const needs = new Map<string, SettingNeed>();
  for (const [, job] of jobs) {
    const environment = environmentOf(job);
    const values = [...scriptLines(job), ...Object.values(variablesOf(job))];
    for (const name of values.flatMap((v) => [...v.matchAll(REFERENCE)].map((m) => m[1]!))) {
      if (!catalog[name] && (set.has(name) || PROVIDED.test(name))) continue;
      const info = catalog[name]?.(environment) ?? { description: `Variable ${name} referenced by ${file}, not generated by create-devops-stack`, source: 'Whoever added it to the pipeline' };
      const scope: SettingNeed['scope'] = environment ? { type: 'environment', environment } : { type: 'repository' };
      needs.set(`${name}\0${environment}`, { kind: 'variable', name, scope, ...info, file });
    }
  }
  return [...needs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n);
}

/** A job as the commands-available rule reads it: the commands its image provides and those the tools script installs. */
function jobFact(plan: Plan, file: string, name: string, job: Obj): CiJobFact {
  const image = str(job['image']) || str(obj(job['image'])['name']);
  const tags = Array.isArray(job['tags']) ? job['tags'].map(str) : [];
  const commands = scriptLines(job).map((l) => l.trim()).filter(Boolean);
  const script = plan.paths.toolsScript;
  return {
    id: name,
    file,
    runner: tags.length ? { kind: 'self-hosted', label: tags[0]! } : { kind: 'hosted' },
    available: imageTools(plan, image),
    installs: commands.filter((c) => c.startsWith(`${script} `)).flatMap((c) => c.slice(script.length + 1).split(/\s+/)),
    commands,
  };
}

export function extractGitlab(tree: FileTree, plan: Plan): Omit<CicdFacts, 'policies' | 'image'> {
  const file = plan.paths.ciWorkflow;
  const text = tree.get(file)?.content;
  if (text === undefined) return { workflows: [], deploys: [], environmentOrder: [], jobs: [], needs: [], approvals: [] };
  const doc = parse(text);
  const jobs = Object.entries(doc).filter(([name, job]) => !GLOBAL.has(name) && !name.startsWith('.') && typeof job === 'object' && job !== null).map(([n, j]) => [n, obj(j)] as [string, Obj]);
  const byTarget = new Map<string, { environment: string; jobs: [string, Obj][] }>();
  for (const [name, job] of jobs) {
    const environment = environmentOf(job);
    if (!environment) continue;
    const key = targetOf(name, environment);
    const group = byTarget.get(key) ?? { environment, jobs: [] };
    group.jobs.push([name, job]);
    byTarget.set(key, group);
  }
  const planned = new Set(plan.environments.map((e) => e.name));
  const deploys: CiDeployFact[] = [];
  for (const [targetId, { environment, jobs: targetJobs }] of byTarget) {
    const fact = deployFact(deployJobs(plan, file, environment, targetId, variablesOf(doc), targetJobs));
    if (planned.has(environment) || deploysSomething(fact)) deploys.push(fact);
  }
  // A manual job that blocks (allow_failure false) gates the environment of every job that needs it.
  const gates = new Set(jobs.filter(([, job]) => arr(job['rules']).some((r) => str(obj(r)['when']) === 'manual' && obj(r)['allow_failure'] === false)).map(([n]) => n));
  const approvals: CicdFacts['approvals'] = [];
  for (const [, job] of jobs) {
    const environment = environmentOf(job);
    const needs = arr(job['needs']).map((n) => (typeof n === 'string' ? n : str(obj(n)['job'])));
    if (environment && needs.some((n) => gates.has(n)) && !approvals.some((a) => a.environment === environment)) approvals.push({ environment, file });
  }
  return {
    approvals,
    workflows: [file],
    deploys,
    environmentOrder: [...new Set(deploys.map((d) => d.environment))],
    jobs: jobs.map(([name, job]) => jobFact(plan, file, name, job)),
    needs: settingNeeds(plan, file, doc, jobs),
  };
}
