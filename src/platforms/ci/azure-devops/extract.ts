/**
 * Reads the CI/CD facts back from Azure Pipelines files, generated or hand-edited: a missing key
 * gives an empty value, a file that does not parse gives no jobs, never a crash. Job ids are read
 * back in the model's form (deploy_prod is deploy-prod: model ids hold no underscore), so the
 * facts of the same plan are those of every other CI platform.
 */
import type { Cloud } from '../../../config/answers.js';
import type { FileTree } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import { loadDocuments } from '../../../render/yaml.js';
import type { CicdFacts, CiDeployFact, CiJobFact, SettingNeed } from '../../../steps/facts.js';
import type { IdentityPurpose } from '../../../steps/cicd/model.js';
import { cloudOf, registry } from '../../registry.js';
import type { CloudAdapter } from '../../types.js';
import { deployFact, deploysSomething, type DeployJobs } from '../deploy-facts.js';
import { HOSTED_AGENT_TOOLS, neutralEnvironment, terraformScript, tokenScript } from './azp.js';
import { unwrapDockerRuns } from '../container-run.js';
import { CHECKS_FILE, approvalsIn } from './checks.js';
import { TOKEN_FILE } from './steps.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

/** The stack's pipeline files: azure-pipelines.yml and the YAML files of .azure-pipelines/. */
const PIPELINE = /^(?:azure-pipelines\.ya?ml|\.azure-pipelines\/[^/]+\.ya?ml)$/;

/** Tools a built-in task puts on the PATH. */
const INSTALLED_BY: Record<string, string[]> = {
  NodeTool: ['node', 'npm', 'npx'],
  UseNode: ['node', 'npm', 'npx'],
  UsePythonVersion: ['python', 'python3', 'pip', 'pip3'],
  GoTool: ['go'],
  JavaToolInstaller: ['java'],
};

interface ReadJob {
  id: string;
  environment: string;
  job: Obj;
  stage: Obj;
  steps: Obj[];
  failureSteps: Obj[];
}

function parse(text: string): Obj {
  try {
    return obj(loadDocuments(text)[0]);
  } catch {
    return {};
  }
}

/** The shell lines of a step: `bash:`/`script:`, or an inline Bash@3 script. */
function stepLines(step: Obj): string[] {
  const inputs = obj(step['inputs']);
  const text = str(step['bash']) || str(step['script']) || (/^Bash@/.test(str(step['task'])) ? str(inputs['script']) : '');
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** Steps that run when an earlier one failed. */
const onFailure = (step: Obj): boolean => /\b(?:failed|always|succeededOrFailed)\(\)/.test(str(step['condition']));

function jobsOf(plan: Plan, doc: Obj): ReadJob[] {
  const stages = doc['stages'] ? arr(doc['stages']).map(obj) : [{ jobs: doc['jobs'] }];
  return stages.flatMap((stage) =>
    arr(stage['jobs']).map(obj).map((job): ReadJob => {
      const runOnce = obj(obj(job['strategy'])['runOnce']);
      const hook = (name: string) => arr(obj(runOnce[name])['steps']).map(obj);
      const steps = job['steps'] ? arr(job['steps']).map(obj) : ['preDeploy', 'deploy', 'routeTraffic', 'postRouteTraffic'].flatMap(hook);
      const failureHook = arr(obj(obj(obj(runOnce['on'])['failure']))['steps']).map(obj);
      const environment = job['environment'];
      return {
        // Model ids hold no underscore: deploy_prod_us_west_2 is deploy-prod-us-west-2.
        id: (str(job['job']) || str(job['deployment'])).replace(/_/g, '-'),
        environment: neutralEnvironment(plan, typeof environment === 'string' ? environment : str(obj(environment)['name'])),
        job,
        stage,
        steps: [...steps, ...failureHook],
        failureSteps: [...steps.filter(onFailure), ...failureHook],
      };
    }),
  );
}

/** Variables in map form (a list names variable groups, whose values are set outside the file). */
function mapVariables(v: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(v)).map(([k, x]) => [k, str(x)]));
}

function jobFact(plan: Plan, file: string, doc: Obj, read: ReadJob): CiJobFact {
  const pool = obj(read.job['pool'] ?? read.stage['pool'] ?? doc['pool']);
  const hosted = /^ubuntu-/.test(str(pool['vmImage']));
  // A command run in a tool's image (docker run) is read as the command it runs there.
  const { commands, available } = unwrapDockerRuns(read.steps.flatMap(stepLines));
  const script = plan.paths.toolsScript;
  const installs = [
    ...read.steps.flatMap((s) => INSTALLED_BY[str(s['task']).split('@')[0]!] ?? []),
    ...commands.filter((c) => c.startsWith(`${script} `)).flatMap((c) => c.slice(script.length + 1).split(/\s+/)),
    ...(commands.includes(terraformScript(plan)) ? ['terraform'] : []),
    // A release archive's member unpacked onto the PATH: unzip -oq ARCHIVE terraform -d DIR.
    ...commands.flatMap((c) => /^(?:sudo\s+)?unzip\s+(?:-\S+\s+)*\S+\s+([\w.-]+)\s+-d\s/.exec(c)?.[1] ?? []),
  ];
  return {
    id: read.id,
    file,
    runner: hosted ? { kind: 'hosted' } : { kind: 'self-hosted', ...(str(pool['name']) ? { label: str(pool['name']) } : {}) },
    // A self-hosted pool's agents have what the job demands of them (Azure DevOps schedules it on no other).
    available: [...(hosted ? HOSTED_AGENT_TOOLS : arr(pool['demands']).map(str).map((d) => d.split(/\s/)[0]!)), ...available],
    installs,
    commands,
  };
}

/** The cloud a login step signs in to and its region: each cloud's shell login, matched line by line. */
function loginOf(plan: Plan, steps: Obj[]): DeployJobs['login'] {
  const token = tokenScript(plan);
  const lines = steps.flatMap((s) => {
    const l = stepLines(s);
    return l.some((line) => line.startsWith(`${token} `)) ? l : [];
  });
  if (!lines.length) return undefined;
  const env = plan.environments[0]!;
  // A Terraform job signs in as the environment's infrastructure identity, the others as its deploy identity.
  const purposes: IdentityPurpose[] = ['deploy', 'infrastructure'];
  for (const [id, cloud, purpose] of Object.entries(registry().cloud).flatMap(([k, c]) => purposes.map((p) => [k, c, p] as const)) as [Cloud, CloudAdapter, IdentityPurpose][]) {
    const template = cloud.shell.login(plan, env, '@REGION@', TOKEN_FILE, purpose);
    const withRegion = template.find((l) => l.includes('@REGION@'));
    const fixed = template.find((l) => !l.includes('@REGION@') && !l.includes('$'));
    if (fixed && !lines.includes(fixed.trim())) continue;
    if (!withRegion) return { cloud: id, region: '' };
    const [before, after] = withRegion.trim().split('@REGION@') as [string, string];
    const line = lines.find((l) => l.startsWith(before) && l.endsWith(after));
    if (line) return { cloud: id, region: line.slice(before.length, line.length - after.length) };
  }
  return undefined;
}

/** Settings the files reference: the cloud's known variables, and `$(NAME)` macros nothing in the file defines. */
function settingsOf(plan: Plan, file: string, text: string, reads: ReadJob[], doc: Obj): SettingNeed[] {
  const catalog = cloudOf(plan).settings(plan);
  const defined = new Set<string>([
    ...Object.keys(mapVariables(doc['variables'])),
    ...reads.flatMap((r) => [...Object.keys(mapVariables(r.stage['variables'])), ...Object.keys(mapVariables(r.job['variables']))]),
    ...[...text.matchAll(/task\.setvariable variable=(\w+)/g)].map((m) => m[1]!),
    ...[...text.matchAll(/for v in ([\w ]+); do/g)].flatMap((m) => m[1]!.split(' ')),
  ]);
  const needs: SettingNeed[] = [];
  for (const read of reads) {
    const body = JSON.stringify(read.job);
    const scope: SettingNeed['scope'] = read.environment ? { type: 'environment', environment: read.environment } : { type: 'repository' };
    for (const name of Object.keys(catalog)) {
      if (new RegExp(`\\$(?:\\{|\\()?${name}\\b`).test(body)) needs.push({ kind: 'variable', name, scope, ...catalog[name]!(read.environment), file });
    }
    for (const [, name] of body.matchAll(/\$\(([A-Za-z_]\w*)\)/g)) {
      if (defined.has(name!) || name! in catalog) continue;
      needs.push({ kind: 'variable', name: name!, scope, description: `Variable ${name} referenced by ${file}, not generated by create-devops-stack`, source: 'Whoever added it to the pipeline', file });
    }
  }
  return needs;
}

function timing(read: ReadJob): DeployJobs['jobs'][number] {
  const minutes = Number(str(read.job['timeoutInMinutes']));
  const failing = new Set(read.failureSteps);
  return {
    id: read.id,
    // Azure Pipelines' default job timeout is 60 minutes.
    timeoutMinutes: Number.isFinite(minutes) && minutes > 0 ? minutes : 60,
    commands: read.steps.filter((s) => !failing.has(s)).flatMap(stepLines),
    onFailure: read.failureSteps.flatMap(stepLines),
  };
}

export function extractAzureDevOps(tree: FileTree, plan: Plan): Omit<CicdFacts, 'policies' | 'image'> {
  const workflows = [...tree.keys()].filter((p) => PIPELINE.test(p)).sort();
  const deploys: CiDeployFact[] = [];
  const jobs: CiJobFact[] = [];
  const needs = new Map<string, SettingNeed>();
  const planned = new Set(plan.environments.map((e) => e.name));
  for (const file of workflows) {
    const text = tree.get(file)!.content;
    const doc = parse(text);
    const reads = jobsOf(plan, doc);
    for (const need of settingsOf(plan, file, text, reads, doc)) needs.set(`${need.name}\0${need.scope.type === 'environment' ? need.scope.environment : ''}\0${file}`, need);
    jobs.push(...reads.map((r) => jobFact(plan, file, doc, r)));
    // Jobs by deploy target: terraform-<target>, push-<target>, deploy-<target>; the rest of an environment's jobs by the environment.
    const byTarget = new Map<string, { environment: string; reads: ReadJob[] }>();
    for (const read of reads) {
      if (!read.environment) continue;
      const target = /^(?:terraform|push|deploy)-(.+)$/.exec(read.id)?.[1];
      const key = target?.startsWith(`${read.environment}-`) ? target : read.environment;
      const group = byTarget.get(key) ?? { environment: read.environment, reads: [] };
      group.reads.push(read);
      byTarget.set(key, group);
    }
    for (const [targetId, group] of byTarget) {
      const env = Object.assign(
        mapVariables(doc['variables']),
        ...group.reads.map((r) => ({ ...mapVariables(r.stage['variables']), ...mapVariables(r.job['variables']) })),
      ) as Record<string, string>;
      const steps = group.reads.flatMap((r) => r.steps);
      const login = loginOf(plan, steps);
      const fact = deployFact({ file, environment: group.environment, targetId, ...(login ? { login } : {}), env, lines: steps.flatMap(stepLines), jobs: group.reads.map(timing) });
      if (planned.has(group.environment) || deploysSomething(fact)) deploys.push(fact);
    }
  }
  // From T2 the checks are Terraform we read; a single environment's are set by hand as the setup guide says.
  const checks = tree.get(CHECKS_FILE);
  const production = plan.environments.find((e) => e.isProduction)?.name;
  const approvals = checks
    ? approvalsIn(checks.content).map((environment) => ({ environment, file: CHECKS_FILE }))
    : !plan.features.multiEnvironment && production && deploys.some((d) => d.environment === production)
      ? [{ environment: production, file: `${plan.paths.docsDir}/setup-guide.md` }]
      : [];
  const sorted = [...needs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n);
  return { workflows, deploys, environmentOrder: [...new Set(deploys.map((d) => d.environment))], jobs, needs: sorted, approvals };
}
