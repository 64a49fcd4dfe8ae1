/**
 * Reads the CI/CD facts back from the Jenkinsfile, generated or edited by hand: each stage with
 * its agent (and the tools its image provides), variables and credentials, lock, timeout, shell
 * lines and failure handling. A deploy target's stages are those binding one environment's id
 * token credential, grouped by target from their names (terraform-, push-, deploy-, gate-).
 */
import type { Cloud } from '../../../config/answers.js';
import type { FileTree } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import type { CicdFacts, CiDeployFact, CiJobFact, SettingNeed } from '../../../steps/facts.js';
import { registry } from '../../registry.js';
import type { CloudAdapter } from '../../types.js';
import { deployFact, deploysSomething } from '../deploy-facts.js';
import { TOKEN_VARIABLE, credentialSettings, environmentOfToken } from './credentials.js';
import { declaredTools, imageTools } from './images.js';
import { argument, child, parseBlocks, shScripts, stringValue, type Block } from './parse.js';

/** A stage as the facts need it, its agent and variables resolved through its parents. */
interface Read {
  name: string;
  image?: string;
  dockerfileDir?: string;
  label?: string;
  literals: Record<string, string>;
  /** Variable → credential id. */
  credentials: Record<string, string>;
  timeoutMinutes?: number;
  commands: string[];
  onFailure: string[];
  leaf: boolean;
}

/** A job: a stage of the top-level list (or of the parallel CI stage) and its nested stages. */
interface JobRead {
  name: string;
  stages: Read[];
  timeoutMinutes?: number;
}

const lines = (scripts: string[]): string[] => scripts.flatMap((s) => s.split('\n')).map((l) => l.trim()).filter(Boolean);

function timeoutOf(options: Block | undefined): number | undefined {
  const text = options?.statements.find((s) => /^timeout\s*\(/.test(s));
  const m = text && /^timeout\s*\(\s*(?:time\s*:\s*)?(\d+)(?:[\s\S]*unit\s*:\s*['"](\w+)['"])?/.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? 'MINUTES').toUpperCase();
  return Number(m[1]) * (unit === 'HOURS' ? 60 : unit === 'SECONDS' ? 1 / 60 : unit === 'DAYS' ? 1440 : 1);
}

function readStage(block: Block, parent: Read | undefined): Read {
  const agent = child(block, 'agent');
  const docker = child(agent, 'docker');
  const dockerfile = child(agent, 'dockerfile');
  const env = child(block, 'environment');
  const literals: Record<string, string> = { ...parent?.literals };
  const credentials: Record<string, string> = { ...parent?.credentials };
  for (const s of env?.statements ?? []) {
    const m = /^([A-Za-z_]\w*)\s*=\s*([\s\S]+)$/.exec(s);
    if (!m) continue;
    const id = /^credentials\s*\(\s*(['"][^'"]*['"])\s*\)$/.exec(m[2]!.trim());
    if (id) credentials[m[1]!] = stringValue(id[1]!) ?? '';
    else literals[m[1]!] = stringValue(m[2]!) ?? m[2]!.trim();
  }
  const post = child(block, 'post');
  const failure = child(post, 'failure');
  const steps = child(block, 'steps');
  // Steps in a dir('…') or node { … } block are the stage's steps too.
  const allStatements = (b: Block | undefined): string[] => (b ? [...b.statements, ...b.children.flatMap(allStatements)] : []);
  const nameLiteral = stringValue(block.args) ?? block.args;
  return {
    name: nameLiteral,
    image: docker ? argument(docker.statements, 'image') : agent ? undefined : parent?.image,
    dockerfileDir: dockerfile ? (argument(dockerfile.statements, 'dir') ?? '.') : agent ? undefined : parent?.dockerfileDir,
    label: argument([...(docker?.statements ?? []), ...(dockerfile?.statements ?? []), ...(agent?.statements ?? [])], 'label') ?? (agent ? undefined : parent?.label),
    literals,
    credentials,
    timeoutMinutes: timeoutOf(child(block, 'options')),
    commands: lines(shScripts(allStatements(steps))),
    onFailure: lines(shScripts(allStatements(failure))),
    leaf: Boolean(steps),
  };
}

function readJob(block: Block): JobRead {
  const stages: Read[] = [];
  const walk = (b: Block, parent: Read | undefined): void => {
    const r = readStage(b, parent);
    stages.push(r);
    for (const nested of child(b, 'stages')?.children.filter((c) => c.name === 'stage') ?? []) walk(nested, r);
  };
  walk(block, undefined);
  return { name: stages[0]!.name, stages, ...(stages[0]!.timeoutMinutes !== undefined ? { timeoutMinutes: stages[0]!.timeoutMinutes } : {}) };
}

/**
 * Every job of the file: the top-level stages; a group stage (with no agent, steps or options of
 * its own: the parallel CI stage, the deploy stages' `when`) stands for the stages in it.
 */
function jobsOf(src: string): JobRead[] {
  const pipeline = parseBlocks(src).find((b) => b.name === 'pipeline');
  const stagesOf = (b: Block | undefined): Block[] => b?.children.filter((c) => c.name === 'stage') ?? [];
  const group = (s: Block): boolean => !child(s, 'agent') && !child(s, 'steps') && !child(s, 'options') && !child(s, 'environment');
  return stagesOf(child(pipeline, 'stages')).flatMap((s) => {
    const parallel = child(s, 'parallel');
    if (parallel) return stagesOf(parallel).map(readJob);
    return group(s) && child(s, 'stages') ? stagesOf(child(s, 'stages')).map(readJob) : [readJob(s)];
  });
}

/** The cloud whose identity variables the stages bind (each cloud names them its own way). */
function cloudOfStages(plan: Plan, bound: string[]): Cloud | undefined {
  return (Object.entries(registry().cloud) as [Cloud, CloudAdapter][]).find(([, c]) => {
    // The deploy identity's variables (the infrastructure identity's are bound only where CI runs the IaC).
    const variables = Object.entries(c.identityVariables(plan.name, plan.location.directory)).filter(([key]) => !key.startsWith('infrastructure')).map(([, v]) => v);
    return variables.length > 0 && variables.every((v) => bound.includes(v));
  })?.[0];
}

/** Commands whose programs the stage's image provides: by image, or as the agent image's Dockerfile declares. */
function available(tree: FileTree, plan: Plan, stage: Read): string[] {
  if (stage.image) return imageTools(stage.image);
  if (stage.dockerfileDir === undefined) return [];
  const dir = plan.location.directory && stage.dockerfileDir.startsWith(`${plan.location.directory}/`) ? stage.dockerfileDir.slice(plan.location.directory.length + 1) : stage.dockerfileDir;
  const dockerfile = tree.get(`${dir.replace(/\/$/, '')}/Dockerfile`);
  return dockerfile ? declaredTools(dockerfile.content) : [];
}

/** `export NAME=value` lines: variables the stage's shell declares (the cloud login's region, for one). */
function exported(commands: readonly string[]): Record<string, string> {
  return Object.fromEntries(commands.flatMap((l) => {
    const m = /^export\s+([A-Za-z_]\w*)=("[^"]*"|'[^']*'|\S*)$/.exec(l);
    return m ? [[m[1]!, m[2]!.replace(/^["']|["']$/g, '')]] : [];
  }));
}

export function extractJenkins(tree: FileTree, plan: Plan): Omit<CicdFacts, 'policies' | 'image'> {
  const file = plan.paths.ciWorkflow;
  const text = tree.get(file)?.content;
  if (text === undefined) return { workflows: [], deploys: [], environmentOrder: [], jobs: [], needs: [], approvals: [] };
  const jobs = jobsOf(text);
  const settings = credentialSettings(plan);
  const planned = new Set(plan.environments.map((e) => e.name));
  const needs = new Map<string, SettingNeed>();
  const jobFacts: CiJobFact[] = [];
  const byTarget = new Map<string, { environment: string; jobs: JobRead[] }>();

  for (const job of jobs) {
    const token = job.stages.map((s) => s.credentials[TOKEN_VARIABLE]).find(Boolean);
    const environment = token ? environmentOfToken(token, plan) : undefined;
    for (const stage of job.stages) {
      if (stage.leaf) {
        jobFacts.push({
          id: stage.name,
          file,
          runner: stage.label ? { kind: 'self-hosted', label: stage.label } : { kind: 'hosted' },
          available: available(tree, plan, stage),
          installs: [],
          commands: [...stage.commands, ...stage.onFailure],
        });
      }
      for (const id of Object.values(stage.credentials)) {
        const info = settings(id, environment ?? '') ?? { description: `Credential ${id} referenced by ${file}, not generated by create-devops-stack`, source: 'Whoever added it to the Jenkinsfile' };
        const scope: SettingNeed['scope'] = environment ? { type: 'environment', environment } : { type: 'repository' };
        needs.set(`${id}\0${environment ?? ''}`, { kind: 'secret', name: id, scope, ...info, file });
      }
    }
    if (!environment) continue;
    const target = /^(?:terraform|push|deploy|gate)-(.+)$/.exec(job.name)?.[1];
    const key = target?.startsWith(`${environment}-`) ? target : environment;
    const group = byTarget.get(key) ?? { environment, jobs: [] };
    group.jobs.push(job);
    byTarget.set(key, group);
  }

  const deploys: CiDeployFact[] = [];
  for (const [targetId, { environment, jobs: targetJobs }] of byTarget) {
    const stages = targetJobs.flatMap((j) => j.stages);
    const commands = stages.flatMap((s) => [...s.commands, ...s.onFailure]);
    const bound = [...new Set(stages.flatMap((s) => Object.keys(s.credentials)))];
    const cloud = cloudOfStages(plan, bound);
    const env = Object.assign({}, ...stages.map((s) => s.literals), exported(commands)) as Record<string, string>;
    const fact = deployFact({
      file,
      environment,
      targetId,
      // The region is the login's (its exported variables) or the connect command's, as deployFact reads them.
      ...(cloud ? { login: { cloud, region: '' } } : {}),
      env,
      lines: commands,
      jobs: targetJobs.map((j) => ({
        id: j.name,
        // A stage without a timeout runs as long as it takes: nothing can cancel its failure handling.
        timeoutMinutes: j.timeoutMinutes ?? Number.MAX_SAFE_INTEGER,
        commands: j.stages.flatMap((s) => s.commands),
        onFailure: j.stages.flatMap((s) => s.onFailure),
      })),
    });
    if (planned.has(environment) || deploysSomething(fact)) deploys.push(fact);
  }
  const sorted = [...needs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    workflows: [file],
    deploys,
    environmentOrder: [...new Set(deploys.map((d) => d.environment))],
    jobs: jobFacts,
    needs: sorted.map(([, need]) => need),
    approvals: approvalsOf(text, plan, file),
  };
}

/**
 * The environments an `input` stage with a `submitter` gates: the first deploy target's stage
 * after it (terraform-<target> or deploy-<target>), in the order the Jenkinsfile runs them.
 */
function approvalsOf(src: string, plan: Plan, file: string): CicdFacts['approvals'] {
  const approvals: CicdFacts['approvals'] = [];
  const environments = plan.environments.map((e) => e.name);
  let gated = false;
  const walk = (blocks: Block[]): void => {
    for (const b of blocks) {
      if (b.name === 'stage') {
        const input = child(b, 'input');
        if (input && [...input.statements, input.args].some((s) => /\bsubmitter\b/.test(s))) gated = true;
        const target = /^(?:terraform|deploy)-(.+)$/.exec(stringValue(b.args) ?? '')?.[1];
        const environment = target && environments.find((e) => target === e || target.startsWith(`${e}-`));
        if (gated && environment) {
          approvals.push({ environment, file });
          gated = false;
        }
      }
      walk(b.children);
    }
  };
  walk(parseBlocks(src));
  return approvals;
}
