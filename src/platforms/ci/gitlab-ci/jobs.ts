/**
 * The neutral workflows as GitLab jobs: each job's segments (segments.ts) with their image,
 * needs (the job's own, plus the artifacts and outputs they read), rules, environment, one
 * deploy at a time per group (resource_group), ID tokens, caches and artifacts; a manual gate
 * before the first jobs of a promoted production environment; stages derived from the work.
 */
import { cacheKeyFile, workspaceCaches } from '../../../plan/toolchain.js';
import type { Plan } from '../../../plan/types.js';
import { toolchainImage } from '../../../steps/cicd/dockerfile.js';
import type { Job, Pipeline, Step, Value, Workflow } from '../../../steps/cicd/model.js';
import { cloudOf } from '../../registry.js';
import { CLOUD_TOKEN, IMAGES, SIGSTORE_TOKEN, STAGES, deploymentTier, fromCheckout, jobName, onBranch, plainImage, withShell, type GlJob, type GlNeed, type GlRule, type Stage } from './glci.js';
import { IMAGE_ARCHIVE, isTemplateOnly, segmentsOf, type Segment } from './segments.js';
import { scriptOf, value, type ScriptContext } from './steps.js';

/**
 * The toolchain's download cache (plan.toolchain), moved inside the checkout, where GitLab caches
 * from, through each directory's variable; keyed on its lockfile.
 */
function cacheOf(plan: Plan): { variables: Record<string, string>; paths: string[]; lockfile?: string } {
  const dirs = workspaceCaches(plan.toolchain);
  const lockfile = cacheKeyFile(plan.toolchain);
  return { variables: Object.fromEntries(dirs.map(({ env, dir }) => [env, `$CI_PROJECT_DIR/${dir}`])), paths: dirs.map(({ dir }) => `${dir}/`), ...(lockfile ? { lockfile } : {}) };
}

export interface RenderedJob {
  name: string;
  job: GlJob;
}

/** A segment as later jobs see it: its name, the artifacts it uploads and the outputs its dotenv carries. */
interface Built {
  name: string;
  artifacts: Set<string>;
  outputs: Set<string>;
  /** It uploads files: a job that needs it only for its order says so (artifacts: false). */
  files: boolean;
}

/** Every value a segment reads from other jobs (the job's own env only where its commands run). */
function valuesOf(segment: Segment, last: boolean): Value[] {
  const fromSteps = segment.steps.flatMap((s): Value[] => {
    if (s.kind === 'run') return Object.values(s.env ?? {});
    if (s.kind === 'image-push' || s.kind === 'attest' || s.kind === 'compliance-report') return [s.digest];
    return [];
  });
  return [...fromSteps, ...(last ? Object.values(segment.job.env ?? {}) : [])];
}

function reads(segment: Segment, last: boolean, producer: Built): boolean {
  const downloads = segment.steps.some((s) => s.kind === 'download-artifact' && producer.artifacts.has(s.name));
  const values = valuesOf(segment, last).some((v) => typeof v === 'object' && v.from === 'job' && producer.outputs.has(`${v.job}.${v.output}`));
  const report = segment.steps.some((s) => s.kind === 'compliance-report') && producer.outputs.size > 0;
  return downloads || values || report;
}

function image(plan: Plan, segment: Segment): GlJob['image'] {
  // A tool's own image: its entrypoint is the tool, the runner needs its shell.
  if (segment.job.container && segment.executor === 'plain') return withShell(segment.job.container.image);
  switch (segment.executor) {
    case 'cloud':
      return withShell(cloudOf(plan).shell.cliImage);
    case 'builder':
      return withShell(IMAGES.builder);
    case 'scanner':
      return withShell(IMAGES.scanner);
    case 'toolchain':
      return toolchainImage(plan);
    case 'plain':
      return plainImage();
  }
}

/** CI jobs run in every pipeline the workflow rules let through; deploy jobs on the deploy branch only. */
function rules(plan: Plan, workflow: Workflow, extra: GlRule = {}): GlRule[] | undefined {
  const changes = plan.location.directory ? { changes: [`${plan.location.directory}/**/*`] } : {};
  if (workflow.id === 'ci') return plan.location.directory ? [changes] : undefined;
  return [{ if: onBranch(plan), ...changes, ...extra }];
}

/** The job's env that its commands read by name; the rest would only cost lines. */
function jobEnv(ctx: ScriptContext, segment: Segment): { variables: Record<string, string>; exports: string[] } {
  const variables: Record<string, string> = {};
  const exports: string[] = [];
  const commands = segment.steps.map((s) => (s.kind === 'run' ? s.run : '')).join('\n');
  for (const [name, v] of Object.entries(segment.job.env ?? {})) {
    if (!new RegExp(`\\$\\{?${name}\\b`).test(commands)) continue;
    if (typeof v === 'string') variables[name] = v;
    else exports.push(`export ${name}="${value(ctx, v)}"`);
  }
  return { variables, exports };
}

const uploads = (s: Step): string[] =>
  s.kind === 'upload-artifact' ? [s.path] : s.kind === 'upload-findings' ? [s.file] : s.kind === 'sbom' ? [s.output] : s.kind === 'compliance-report' ? ['compliance-report.md'] : [];

/** The files a segment leaves: the image archive it built (the job's uploads of it included), and its own uploads. */
function filesOf(segment: Segment, all: Segment[]): string[] {
  const built = (s: Segment) => s.steps.flatMap((x) => (x.kind === 'image-build' && x.output.kind === 'archive' ? [x.output.path] : []));
  const elsewhere = all.filter((s) => s !== segment).flatMap(built);
  return [...new Set([...built(segment), ...segment.steps.flatMap(uploads).filter((p) => !elsewhere.includes(p))])];
}

function artifactsOf(plan: Plan, segment: Segment, files: string[], dotenv: string | undefined): GlJob['artifacts'] | undefined {
  if (!files.length && !dotenv) return undefined;
  const always = segment.steps.some((s) => s.kind === 'upload-findings' || s.kind === 'compliance-report');
  return {
    ...(files.length ? { paths: files.map((p) => fromCheckout(plan, p)), expire_in: '1 day' } : {}),
    ...(always ? { when: 'always' as const } : {}),
    ...(dotenv ? { reports: { dotenv: fromCheckout(plan, dotenv) } } : {}),
  };
}

function stageOf(segment: Segment, needs: GlNeed[], stages: Map<string, Stage>): Stage {
  const own: Stage = segment.job.environment || segment.job.always ? 'deploy' : segment.executor === 'builder' ? 'build' : segment.executor === 'scanner' ? 'security' : 'test';
  return needs.reduce<Stage>((stage, n) => {
    const other = stages.get(typeof n === 'string' ? n : n.job);
    return other && STAGES.indexOf(other) > STAGES.indexOf(stage) ? other : stage;
  }, own);
}

/** The GitLab job of one segment, given the segments of the jobs before it. */
function segmentJob(plan: Plan, ctx: ScriptContext, segments: Segment[], i: number, needs: GlNeed[], stages: Map<string, Stage>): GlJob {
  const segment = segments[i]!;
  const { job, workflow } = segment;
  const has = (...kinds: Step['kind'][]) => segment.steps.some((s) => kinds.includes(s.kind));
  const push = segment.steps.find((s): s is Extract<Step, { kind: 'image-push' }> => s.kind === 'image-push');
  const rollsOut = segment.steps.some((s) => s.kind === 'run' && s.onFailureOf);
  const cache = segment.executor === 'toolchain' ? cacheOf(plan) : undefined;
  const env = segment.executor === 'cloud' || segment.executor === 'plain' ? plan.environments.find((e) => e.name === job.environment) : undefined;
  const { variables, exports } = i === segments.length - 1 ? jobEnv(ctx, segment) : { variables: {}, exports: [] };
  const allVariables: Record<string, string> = {
    ...cache?.variables,
    ...(segment.executor === 'builder' ? { BUILDKITD_FLAGS: '--oci-worker-no-process-sandbox' } : {}),
    ...(push ? { [cloudOf(plan).registryEnv]: push.repository } : {}),
    ...variables,
  };
  const jobRules = rules(plan, workflow, job.always ? { when: 'always' } : {});
  const outputs = Object.values(job.outputs ?? {}).some((o) => segment.steps.some((s) => 'id' in s && s.id === o.step));
  const artifacts = artifactsOf(plan, segment, filesOf(segment, segments), outputs ? ctx.dotenv : undefined);
  const script = scriptOf(ctx, segment, exports);
  const stage = stageOf(segment, needs, stages);
  return {
    stage,
    image: image(plan, segment),
    // A job of the first stage starts at once without them.
    ...(needs.length || stage !== STAGES[0] ? { needs } : {}),
    ...(jobRules ? { rules: jobRules } : {}),
    ...(workflow.cancelSuperseded ? { interruptible: true } : {}),
    timeout: `${job.timeoutMinutes}m`,
    // GitLab records a deployment per `start`: the job that rolls the app out (its rollout rolls
    // back on failure); Terraform, the push and the health gate prepare or check the environment.
    ...(env ? { environment: { name: env.name, deployment_tier: deploymentTier(env.name, env.isProduction), ...(rollsOut ? {} : { action: 'prepare' as const }) } } : {}),
    ...(env && job.serialGroup ? { resource_group: job.serialGroup } : {}),
    ...(job.runner.kind === 'self-hosted' && segment.executor === 'cloud' ? { tags: [job.runner.label] } : {}),
    ...(has('cloud-login', 'sign', 'attest')
      ? {
          id_tokens: {
            ...(has('cloud-login') ? { [CLOUD_TOKEN]: { aud: cloudOf(plan).shell.audience(plan) } } : {}),
            ...(has('sign', 'attest') ? { [SIGSTORE_TOKEN]: { aud: 'sigstore' } } : {}),
          },
        }
      : {}),
    ...(Object.keys(allVariables).length ? { variables: allVariables } : {}),
    ...(cache?.paths.length ? { cache: { ...(cache.lockfile ? { key: { files: [fromCheckout(plan, cache.lockfile)] } } : {}), paths: cache.paths } } : {}),
    ...(script.before.length ? { before_script: script.before } : {}),
    script: script.script,
    ...(artifacts ? { artifacts } : {}),
  };
}

/**
 * Approval before production, on every GitLab tier and at every tier of ours (T1 too, as GitHub's
 * required reviewers): a manual job that blocks (allow_failure false) and that the first
 * production jobs need instead of what they needed. Premium's protected environments with
 * approvals add to it (setup guide, stage 3).
 */
function approvalJob(plan: Plan, workflow: Workflow): { name: string; gated: Set<string> } | undefined {
  const production = plan.environments.find((e) => e.isProduction);
  if (workflow.id !== 'deploy' || !production) return undefined;
  const inProduction = new Set(workflow.jobs.filter((j) => j.environment === production.name).map((j) => j.id));
  const gated = workflow.jobs.filter((j) => inProduction.has(j.id) && !j.needs.some((n) => inProduction.has(n))).map((j) => j.id);
  return gated.length ? { name: jobName(plan, `approve-${production.name}`), gated: new Set(gated) } : undefined;
}

/** A segment that only builds the image into an archive, with nothing for later jobs to read. */
const onlyBuilds = (segment: Segment): boolean =>
  segment.executor === 'builder' && segment.steps.every((s) => s.kind === 'image-build' && s.output.kind === 'archive' && !Object.values(segment.job.outputs ?? {}).some((o) => o.step === s.id));

/**
 * On the deploy branch the CI jobs run in the same pipeline as the deploy jobs. Where a deploy
 * job's first segment only builds the image (T1: built, then pushed with the digest it has), it
 * takes the CI build of the same commit instead of building it twice: that build keeps its
 * image as an archive. undefined where no deploy job builds so, or CI builds nothing to keep.
 */
function sharedBuild(pipeline: Pipeline): { ci: Job; kept: Job } | undefined {
  const ci = pipeline.ci.jobs.find((j) => j.steps.some((s) => s.kind === 'image-build' && s.output.kind === 'none'));
  const reused = pipeline.deploy.jobs.some((j) => segmentsOf(pipeline.deploy, j, j.id).some((seg, i, all) => i === 0 && all.length > 1 && onlyBuilds(seg)));
  if (!ci || !reused) return undefined;
  const steps = ci.steps.map((s): Step => (s.kind === 'image-build' && s.output.kind === 'none' ? { ...s, output: { kind: 'archive', path: IMAGE_ARCHIVE } } : s));
  return { ci, kept: { ...ci, steps } };
}

export function gitlabJobs(plan: Plan, pipeline: Pipeline): { jobs: RenderedJob[]; sast: boolean } {
  const ciIds = new Set(pipeline.ci.jobs.map((j) => j.id));
  const rendered: RenderedJob[] = [];
  const stages = new Map<string, Stage>();
  const shared = sharedBuild(pipeline);
  let ciBuild: Built | undefined;
  let sast = false;
  for (const workflow of [pipeline.ci, pipeline.deploy]) {
    const baseOf = (id: string): string => (workflow.id === 'deploy' && ciIds.has(id) ? `deploy:${id}` : id);
    const built = new Map<string, Built[]>();
    const approval = approvalJob(plan, workflow);
    for (const original of workflow.jobs) {
      if (isTemplateOnly(original)) {
        sast = true;
        continue;
      }
      const job = original === shared?.ci ? shared.kept : original;
      const gated = approval?.gated.has(job.id) ? approval : undefined;
      if (gated && !stages.has(gated.name)) {
        const needs = job.needs.map((id) => built.get(id)!.at(-1)!).map((p) => (p.files ? { job: p.name, artifacts: false } : p.name));
        const production = plan.environments.find((e) => e.isProduction)!;
        rendered.push({
          name: gated.name,
          job: {
            stage: 'deploy',
            image: plainImage(),
            needs,
            rules: rules(plan, workflow, { when: 'manual', allow_failure: false })!,
            timeout: '5m',
            manual_confirmation: `Deploy $CI_COMMIT_SHORT_SHA to ${production.name}?`,
            script: ['echo "Approved by $GITLAB_USER_LOGIN"'],
          },
        });
        stages.set(gated.name, 'deploy');
      }
      const segments = segmentsOf(workflow, job, baseOf(job.id));
      const mine: Built[] = [];
      // The job's first rendered segment: after the image build it takes from CI.
      const reuses = shared && ciBuild && workflow.id === 'deploy' && segments.length > 1 && onlyBuilds(segments[0]!);
      const first = reuses ? 1 : 0;
      segments.forEach((segment, i) => {
        if (i < first) {
          mine.push(ciBuild!);
          return;
        }
        const last = i === segments.length - 1;
        const name = jobName(plan, `${segment.base}${segment.suffix}`);
        const ctx: ScriptContext = { plan, base: baseOf, dotenv: 'outputs.env' };
        const needs: GlNeed[] = [];
        if (i > 0) needs.push(mine[i - 1]!.name);
        if (gated && i === first) needs.push(gated.name);
        for (const id of job.needs) {
          const producers = built.get(id) ?? [];
          producers.forEach((p, k) => {
            if (reads(segment, last, p)) needs.push(p.name);
            // The job's order: its first segment waits for each job it needs (their last segment).
            else if (i === first && !gated && k === producers.length - 1) needs.push(p.files ? { job: p.name, artifacts: false } : p.name);
          });
        }
        const glJob = segmentJob(plan, ctx, segments, i, needs, stages);
        stages.set(name, glJob.stage);
        rendered.push({ name, job: glJob });
        const archives = segment.steps.flatMap((s) => (s.kind === 'image-build' && s.output.kind === 'archive' ? [s.output.path] : []));
        const elsewhere = segments.filter((s) => s !== segment).flatMap((s) => s.steps.flatMap((x) => (x.kind === 'image-build' && x.output.kind === 'archive' ? [x.output.path] : [])));
        const uploaded = segment.job.steps.flatMap((s) => (s.kind === 'upload-artifact' && (archives.includes(s.path) || (last && !elsewhere.includes(s.path))) ? [s.name] : []));
        const outputs = Object.entries(segment.job.outputs ?? {}).filter(([, o]) => segment.steps.some((s) => 'id' in s && s.id === o.step));
        mine.push({ name, artifacts: new Set(uploaded), outputs: new Set(outputs.map(([n]) => `${job.id}.${n}`)), files: glJob.artifacts !== undefined });
      });
      if (job === shared?.kept) ciBuild = mine.at(-1);
      built.set(job.id, mine);
    }
  }
  return { jobs: rendered, sast };
}
