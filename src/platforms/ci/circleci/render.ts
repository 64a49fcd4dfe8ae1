/**
 * The neutral pipeline as one .circleci/config.yml (2.1): the CI workflow on every branch, the
 * deploy workflow on the deploy branch only; jobs in pinned images (executors), an approval job
 * before production, a restricted context per environment (its settings, and who may run its
 * jobs), one deploy at a time per target by `serial-group`, files and values passed on by the
 * workspace. No orbs: each would be one more third-party dependency to trust and pin for what a
 * few plain commands in a pinned image do (and uncertified orbs need an organization opt-in).
 */
import type { VirtualFile } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import { yamlFile } from '../../../render/yaml.js';
import type { Job, Pipeline, Value, Workflow } from '../../../steps/cicd/model.js';
import { TOOLS, installScript, type ToolName, type ToolsHost } from '../../../steps/cicd/tools.js';
import { cloudOf } from '../../registry.js';
import type { Image } from './images.js';
import { cosignIdentity } from './oidc.js';
import { workflowParts, type Part } from './parts.js';
import { LOCAL_ARCHIVE, cacheKey, cciSteps, outputDir, persistEnv, value, type CciStep, type StepContext } from './steps.js';

/** Tools put in ~/bin, which CircleCI's images have on the PATH; other images get it through $BASH_ENV. */
export const toolsHost = (path: string): ToolsHost => ({ path, binDir: '${HOME:?}/bin', addToPath: ['echo "export PATH=\\"$bin:\\$PATH\\"" >> "$BASH_ENV"'], ensureExtractors: true });

/** Names in the file: below the repository root, every job, executor and workflow carries the stack's name (configs merge). */
export const prefixOf = (plan: Pick<Plan, 'location' | 'name'>): string => (plan.location.directory ? `${plan.name}-` : '');

/** The restricted context that holds an environment's settings. */
export const contextOf = (plan: Pick<Plan, 'name'>, environment: string): string => `${plan.name}-${environment}`;

export const approvalOf = (plan: Pick<Plan, 'location' | 'name'>, environment: string): string => `${prefixOf(plan)}approve-${environment}`;

const CALLED: readonly ToolName[] = ['terraform', 'kubectl', 'kustomize', 'conftest', 'opa', 'jq'];
/** Tools the images have but at another version than the clusters and CI's Terraform need. */
const REPINNED: readonly string[] = ['terraform', 'kubectl'];

/** The pinned tools a part installs: what its steps call, less what its image has already. */
export function toolsOf(part: Part): ToolName[] {
  const needed = new Set<ToolName>();
  for (const { step } of part.pieces) {
    if (step.kind === 'terraform') needed.add('terraform');
    if (step.kind === 'image-push') needed.add('crane');
    if (step.kind === 'sign' || step.kind === 'attest') needed.add('cosign');
    if (step.kind === 'install-tools') step.tools.forEach((t) => needed.add(t));
    if (step.kind === 'run') for (const tool of CALLED) if (new RegExp(`(^|[\\s|;&(])${tool}(\\s|$)`, 'm').test(step.run)) needed.add(tool);
  }
  return (Object.keys(TOOLS) as ToolName[]).filter((t) => needed.has(t) && (REPINNED.includes(t) || !part.image.tools.includes(t)));
}

const jobValues = (values: Iterable<Value>): { job: string; output: string }[] =>
  [...values].flatMap((v) => (typeof v === 'object' && v.from === 'job' ? [{ job: v.job, output: v.output }] : []));

/** Whether the part reads what earlier jobs (or its own earlier part) left in the workspace. */
function attaches(part: Part): boolean {
  if (part.after) return true;
  return part.pieces.some(({ step, job }) => {
    if (step.kind === 'download-artifact' || step.kind === 'compliance-report') return true;
    const values = [...Object.values(job.env ?? {}), ...(step.kind === 'run' ? Object.values(step.env ?? {}) : []), ...(step.kind === 'image-push' || step.kind === 'attest' ? [step.digest] : [])];
    return jobValues(values).length > 0;
  });
}

/** What the part leaves in the workspace: its jobs' outputs, and the archives its later parts or jobs read. */
function persisted(part: Part, later: boolean, earlier: ReadonlySet<string>): string[] {
  const paths = new Set<string>();
  for (const { step, job } of part.pieces) {
    if (Object.values(job.outputs ?? {}).some((o) => 'id' in step && o.step === step.id)) paths.add(outputDir(job.id));
    if (step.kind === 'image-build' && later) paths.add(step.output.kind === 'archive' ? step.output.path : LOCAL_ARCHIVE);
    if (step.kind === 'upload-artifact' && !earlier.has(step.path)) paths.add(step.path);
  }
  return [...paths];
}

interface Built {
  jobs: Record<string, object>;
  entries: (string | object)[];
  images: Image[];
  tools: Set<ToolName>;
}

function renderWorkflow(plan: Plan, w: Workflow, rename: (id: string) => string, built: Built): void {
  const prefix = prefixOf(plan);
  const { parts, lastOf } = workflowParts(plan, w, rename);
  const watched = new Set(w.jobs.flatMap((j) => j.steps.flatMap((s) => (s.kind === 'run' && s.onFailureOf ? [s.onFailureOf] : []))));
  const groups = new Map<string, number>();
  for (const p of parts) if (p.serialGroup) groups.set(p.serialGroup, (groups.get(p.serialGroup) ?? 0) + 1);
  const persistedBy = new Map<string, Set<string>>();
  const production = plan.environments.find((e) => e.isProduction)?.name;
  let approval: string | undefined;
  for (const part of parts) {
    const name = `${prefix}${part.name}`;
    const ctx: StepContext = { plan, jobs: w.jobs, watched, region: plan.region };
    const tools = toolsOf(part);
    tools.forEach((t) => built.tools.add(t));
    const earlier = persistedBy.get(part.members[0]!.id) ?? new Set<string>();
    const later = parts.some((p) => p.after === part);
    const persist = persisted(part, later, earlier);
    persist.forEach((p) => earlier.add(p));
    persistedBy.set(part.members[0]!.id, earlier);
    const env = Object.assign({}, ...part.members.map((m) => m.env ?? {})) as Record<string, Value>;
    const repository = part.pieces.flatMap(({ step }) => (step.kind === 'image-push' ? [step.repository] : step.kind === 'image-build' && step.output.kind === 'registry' ? [step.output.repository] : []))[0];
    const environment = {
      ...(repository ? { [cloudOf(plan).registryEnv]: repository } : {}),
      ...Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')),
    };
    // Values of earlier jobs, for the commands that read them by name.
    const commands = part.pieces.map(({ step }) => (step.kind === 'run' ? step.run : '')).join('\n');
    const reads = Object.entries(env).filter(([k, v]) => typeof v !== 'string' && new RegExp(`\\$\\{?${k}\\b`).test(commands));
    const steps: CciStep[] = [
      ...(part.checkout ? [plan.location.directory ? { checkout: { path: '~/project' } } : 'checkout'] : []),
      ...(attaches(part) ? [{ attach_workspace: { at: '.' } }] : []),
      ...(part.pieces.some(({ step }) => step.kind === 'image-build') ? ['setup_remote_docker'] : []),
      ...(tools.length ? [{ run: `${plan.paths.toolsScript} ${tools.join(' ')}` }] : []),
      ...(reads.length ? [{ run: reads.map(([k, v]) => persistEnv(k, value(v))).join('\n') }] : []),
      ...part.pieces.flatMap((piece) => cciSteps(ctx, piece, part.timeoutMinutes)),
      ...(part.pieces.some(({ step }) => step.kind === 'toolchain') ? [{ save_cache: { key: cacheKey(plan).key, paths: cacheKey(plan).paths } }] : []),
      ...(persist.length ? [{ persist_to_workspace: { root: '.', paths: persist } }] : []),
    ];
    if (!built.images.includes(part.image)) built.images.push(part.image);
    built.jobs[name] = {
      executor: `${prefix}${part.image.name}`,
      ...(part.runner.kind === 'self-hosted' ? { resource_class: `${runnerNamespace(plan)}/${part.runner.label}` } : {}),
      ...(Object.keys(environment).length ? { environment } : {}),
      steps,
    };
    const requires = [...new Set([...part.needs.map((id) => `${prefix}${lastOf.get(id)!.name}`), ...(part.after ? [`${prefix}${part.after.name}`] : [])])].filter((r) => r !== name);
    let required = requires;
    if (production && part.environment === production && !approval && w.id === 'deploy') {
      approval = approvalOf(plan, production);
      built.entries.push({ [approval]: { type: 'approval', ...(requires.length ? { requires } : {}) } });
      required = [approval];
    }
    const key = part.serialGroup && `${plan.repository}/${part.serialGroup}${groups.get(part.serialGroup)! > 1 ? `/${part.name}` : ''}`;
    const spec = {
      ...(required.length ? { requires: part.always ? required.map((r) => ({ [r]: 'terminal' })) : required } : {}),
      ...(part.environment ? { context: contextOf(plan, part.environment) } : {}),
      ...(key ? { 'serial-group': key } : {}),
    };
    built.entries.push(Object.keys(spec).length ? { [name]: spec } : name);
  }
}

/** A self-hosted runner's resource class lives in the organization's namespace: the repository owner's, unless the guide says otherwise. */
export const runnerNamespace = (plan: Pick<Plan, 'repository'>): string => plan.repository.split('/')[0]!.toLowerCase();

/** The deploy workflow runs on its branches only (one condition for the workflow, rather than a filter on each job). */
function branchCondition(w: Workflow): object {
  const equal = (branch: string) => ({ equal: [branch, '<< pipeline.git.branch >>'] });
  return w.trigger.branches.length === 1 ? equal(w.trigger.branches[0]!) : { or: w.trigger.branches.map(equal) };
}

/** The CI workflow's jobs that share an id with a deploy job (both `build`) are told apart in the one file. */
function renames(pipeline: Pipeline): (id: string) => string {
  const deployIds = new Set(pipeline.deploy.jobs.map((j: Job) => j.id));
  return (id) => (deployIds.has(id) ? `${id}-ci` : id === 'codeql' ? 'sast' : id);
}

/** Header of the config when images are signed: how to check a deployed image's signature and provenance. */
function verificationHeader(plan: Plan): string {
  const identity = cosignIdentity(plan.answers);
  return [
    'Verify a deployed image (IMAGE=REGISTRY/REPOSITORY@sha256:...):',
    `  cosign verify ${identity} "$IMAGE"`,
    `  cosign verify-attestation --type slsaprovenance ${identity} "$IMAGE"`,
  ].join('\n');
}

export function renderCircleci(pipeline: Pipeline, plan: Plan): VirtualFile[] {
  const prefix = prefixOf(plan);
  const ci: Built = { jobs: {}, entries: [], images: [], tools: new Set() };
  const deploy: Built = { jobs: {}, entries: [], images: ci.images, tools: ci.tools };
  renderWorkflow(plan, pipeline.ci, renames(pipeline), ci);
  renderWorkflow(plan, pipeline.deploy, (id) => (id === 'codeql' ? 'sast' : id), deploy);
  const dir = plan.location.directory;
  const executors = Object.fromEntries(ci.images.map((i) => [`${prefix}${i.name}`, { docker: [{ image: i.image }], ...(dir ? { working_directory: `~/project/${dir}` } : {}) }]));
  const config = {
    version: 2.1,
    // Below the repository root: set by the repository's path filtering when this stack changed (integration guide).
    ...(dir ? { parameters: { [`${plan.name}-changed`]: { type: 'boolean', default: false } } } : {}),
    executors,
    jobs: { ...ci.jobs, ...deploy.jobs },
    workflows: { [`${prefix}ci`]: { jobs: ci.entries }, [`${prefix}deploy`]: { when: branchCondition(pipeline.deploy), jobs: deploy.entries } },
  };
  const signed = pipeline.deploy.jobs.some((j) => j.steps.some((s) => s.kind === 'sign'));
  const envs = plan.environments.map((e) => e.name).join(' → ');
  const tools = (Object.keys(TOOLS) as ToolName[]).filter((t) => ci.tools.has(t));
  const file = (path: string, content: string, summary: string): VirtualFile => ({ path, content, producer: 'cicd', summary });
  return [
    file(
      plan.paths.ciWorkflow,
      yamlFile(config, signed ? verificationHeader(plan) : undefined),
      `CircleCI: tests, image build${plan.features.securityGates ? ', scans, Semgrep' : ''} and stack check on every push; on main, Terraform and rollout ${envs}, production after approval`,
    ),
    ...(tools.length ? [{ ...file(plan.paths.toolsScript, installScript(tools, toolsHost(plan.paths.toolsScript)), `Installs ${tools.join(', ')} in CI at pinned versions, checksum verified`), executable: true }] : []),
  ];
}
