/**
 * The neutral pipeline as declarative stages. One Jenkinsfile holds both workflows, for one
 * multibranch job: the CI jobs run in parallel on every branch and pull request; the deploy jobs
 * follow in promotion order on main only (one `when { branch }` around them, decided before any
 * lock, agent or approval), each environment's stages bound to its own credentials and lock.
 *
 * A neutral job runs in one stage, in the image its steps need (images.ts). A job that needs
 * several images (a build, then a scan) becomes a parent stage with one child per image, the
 * archive passed on by stash. A step other steps roll back when it fails (the rollout) is rolled
 * back by the stage's `post { failure }`, only once it started. Approval before production is an agent-less stage (no executor held while it
 * waits) with `input` limited to a submitter group.
 */
import type { Plan } from '../../../plan/types.js';
import { toolchainImage } from '../../../steps/cicd/dockerfile.js';
import type { Job, Pipeline, Step, Workflow } from '../../../steps/cicd/model.js';
import { cloudOf } from '../../registry.js';
import { stageCredentials } from './credentials.js';
import { NODE_IMAGE } from '../toolchain-images.js';
import { AGENT_DIR, BUILDER_ARGS, BUILDKITD_FLAGS, IMAGES, SHELL_ARGS } from './images.js';
import type { Agent, EnvValue, GroovyStep, Jenkinsfile, Stage } from './model.js';
import { cosignWithKey, outputVariable, runLines, shellValue, stepLines, valueExports, type StepContext } from './scripts.js';

/** The branch deploys run from (the answers' branch): the multibranch job's branch whose URL the deploy identities trust. */
export const deployBranch = (answers: Pick<Plan['answers'], 'branch'>): string => answers.branch || 'main';
/** The stages that group the CI jobs (in parallel) and the deploy jobs (in order, on main). */
export const CI_STAGE = 'ci';
// Not named like a deploy: it builds and waits for approval too, and only its environments' stages take locks.
export const DEPLOY_STAGE = 'delivery';
/** The agent-less stage before production's first stage. */
export const APPROVAL_STAGE = 'approval';
const APPROVAL_HOURS = 24;

type Executor = 'toolchain' | 'node' | 'builder' | 'scanner' | 'sast' | 'agent' | 'container';

function executorOf(step: Step): Executor | undefined {
  switch (step.kind) {
    case 'toolchain':
      return 'toolchain';
    case 'image-build':
      return 'builder';
    case 'scan':
    case 'sbom':
      return 'scanner';
    case 'sast':
      return 'sast';
    case 'cloud-login':
    case 'registry-login':
    case 'terraform':
    case 'install-tools':
    case 'image-push':
    case 'sign':
    case 'attest':
      return 'agent';
    default:
      return undefined;
  }
}

const LABELS: Record<Executor, string> = { toolchain: 'test', node: 'run', builder: 'image', scanner: 'scan', sast: 'sast', agent: 'deploy', container: 'run' };

interface Segment {
  executor: Executor;
  steps: Step[];
}

/** The archive an image built in a stage of its own travels in, to the stage that scans or pushes it. */
const ARCHIVE = 'image.tar';

/**
 * A build for a scanner, or for a push from the cloud's image, writes an archive instead (no
 * BuildKit where the scanner or the cloud's CLI runs): the scan reads it, the push sends it with
 * its digest unchanged, as the promoted image of T2 is.
 */
function withArchives(job: Job): Job {
  const index = job.steps.findIndex((s) => s.kind === 'image-build' && s.output.kind !== 'none' && s.output.kind !== 'archive');
  const build = job.steps[index];
  if (!build || build.kind !== 'image-build') return job;
  if (build.output.kind === 'local') {
    const tag = build.output.tag;
    const steps = job.steps.map((s): Step =>
      s === build ? { ...build, output: { kind: 'archive', path: ARCHIVE } } : s.kind === 'scan' && s.target.kind === 'image' && s.target.ref === tag ? { ...s, target: { kind: 'oci-layout', path: ARCHIVE } } : s,
    );
    return { ...job, steps };
  }
  if (build.output.kind !== 'registry') return job;
  const archived: Step = { ...build, output: { kind: 'archive', path: ARCHIVE } };
  const push: Step = { kind: 'image-push', archive: ARCHIVE, repository: build.output.repository, digest: { from: 'pushed-image' } };
  const before = job.steps.slice(0, index).filter((s) => s.kind !== 'checkout');
  return { ...job, steps: [archived, ...before, push, ...job.steps.slice(index + 1)] };
}

/** A job of commands only runs where its commands are: its own image (Job.container), Node.js for npx, else the agent image. */
const plainExecutor = (job: Job): Executor => (job.container ? 'container' : job.steps.some((s) => s.kind === 'run' && /\bnp[mx]\b/.test(s.run)) ? 'node' : 'agent');

/** The job's steps by image; commands after a build or a scan go with the next tool (where the archive is read). */
function segmentsOf(job: Job): Segment[] {
  const groups: Segment[] = [];
  let pending: Step[] = [];
  for (const step of job.steps) {
    if (step.kind === 'checkout') continue;
    const executor = executorOf(step);
    const current = groups.at(-1);
    if (!executor) {
      if (current && !(step.kind === 'run' && (current.executor === 'builder' || current.executor === 'scanner'))) current.steps.push(step);
      else pending.push(step);
      continue;
    }
    if (current?.executor === executor) current.steps.push(...pending, step);
    else groups.push({ executor, steps: [...pending, step] });
    pending = [];
  }
  if (groups.length) groups.at(-1)!.steps.push(...pending);
  else groups.push({ executor: plainExecutor(job), steps: pending });
  return groups;
}

interface Context {
  plan: Plan;
  pipeline: Pipeline;
}

function agentOf(ctx: Context, executor: Executor, job: Job): Agent {
  switch (executor) {
    case 'toolchain':
      return { kind: 'docker', image: toolchainImage(ctx.plan) };
    case 'node':
      // npx for the stack check: Node's official image, whatever the app's language.
      return { kind: 'docker', image: NODE_IMAGE };
    case 'builder':
      return { kind: 'docker', image: IMAGES.builder, args: BUILDER_ARGS };
    case 'scanner':
      return { kind: 'docker', image: IMAGES.scanner, args: SHELL_ARGS };
    case 'sast':
      return { kind: 'docker', image: IMAGES.sast };
    case 'container':
      // A tool's own image (Job.container), pinned by digest; its entrypoint is the tool.
      return { kind: 'docker', image: job.container!.image, args: SHELL_ARGS };
    case 'agent':
      return { kind: 'dockerfile', dir: AGENT_DIR, ...(job.runner.kind === 'self-hosted' ? { label: job.runner.label } : {}) };
  }
}

/** A deploy job whose id a CI job has too (build) is named after the branch it runs on. */
export function stageName(plan: Plan, pipeline: Pipeline, workflow: Workflow, job: Job): string {
  return workflow.id === 'deploy' && pipeline.ci.jobs.some((j) => j.id === job.id) ? `${deployBranch(plan.answers)}-${job.id}` : job.id;
}

/** Jenkins locks are global to the controller: the stack's name keeps its environments' locks its own. */
export function lockName(plan: Pick<Plan, 'name'>, group: string): string {
  return group.startsWith(`${plan.name}-`) ? group : `${plan.name}-${group}`;
}

/** Stash names per job: the artifact it uploads, or the stage's own name for an archive its other stages read. */
function archiveStash(job: Job, name: string, path: string): string {
  return job.steps.find((s): s is Extract<Step, { kind: 'upload-artifact' }> => s.kind === 'upload-artifact' && s.path === path)?.name ?? name;
}

/** Files a segment reads: the archive (a push or a scan of it, or a command on it). */
function readsArchive(segment: Segment, path: string): boolean {
  return segment.steps.some(
    (s) =>
      (s.kind === 'image-push' && s.archive === path) ||
      (s.kind === 'scan' && s.target.kind === 'oci-layout' && s.target.path === path) ||
      (s.kind === 'run' && s.run.includes(path)),
  );
}

interface Built {
  stage: Stage;
}

/** One segment's stage: its agent, variables and credentials, steps (split at a rolled-back step), stash and outputs. */
function segmentStage(ctx: Context, job: Job, segment: Segment, name: string, archive: { path: string; stash: string; builtHere: boolean } | undefined): Built {
  const { plan } = ctx;
  const loginStep = segment.steps.find((s): s is Extract<Step, { kind: 'cloud-login' }> => s.kind === 'cloud-login');
  const pushed = segment.steps.flatMap((s) => (s.kind === 'image-push' ? [s.repository] : []))[0];
  const literals = Object.entries(job.env ?? {}).flatMap(([k, v]): [string, EnvValue][] => (typeof v === 'string' ? [[k, { literal: v }]] : []));
  const environment: [string, EnvValue][] = [
    ...(loginStep && job.environment ? stageCredentials(plan, job.environment).map(([v, id]): [string, EnvValue] => [v, { credential: id }]) : []),
    ...(pushed ? [[cloudOf(plan).registryEnv, { literal: pushed }] as [string, EnvValue]] : []),
    ...literals,
  ];
  const outputs = Object.entries(job.outputs ?? {}).filter(([, o]) => o.value !== 'outcome' && segment.steps.some((s) => 'id' in s && s.id === o.step));
  const outputFile = outputs[0] ? (outputs[0][1].value === 'digest' ? 'image.digest' : 'image.ref') : undefined;

  const before: GroovyStep[] = [
    ...segment.steps.flatMap((s): GroovyStep[] => (s.kind === 'download-artifact' ? [{ kind: 'unstash', name: s.name }] : [])),
    ...(archive && !archive.builtHere && readsArchive(segment, archive.path) ? [{ kind: 'unstash' as const, name: archive.stash }] : []),
  ];
  const after: GroovyStep[] = [
    ...(archive?.builtHere ? [{ kind: 'stash' as const, name: archive.stash, includes: archive.path }] : []),
    ...segment.steps.flatMap((s): GroovyStep[] =>
      s.kind === 'upload-artifact' && !(archive && s.path === archive.path) ? [{ kind: 'stash', name: s.name, includes: s.path }] : s.kind === 'sbom' ? [{ kind: 'archive', path: s.output }] : [],
    ),
    ...outputs.map(([output]): GroovyStep => ({ kind: 'output', variable: outputVariable(job.id, output), file: outputFile! })),
  ];
  const always = segment.steps.flatMap((s): GroovyStep[] => (s.kind === 'upload-findings' ? [{ kind: 'archive', path: s.file }] : s.kind === 'sast' ? [{ kind: 'archive', path: 'semgrep.sarif' }] : []));

  // A step rolled back on failure (the rollout) marks that it started, in the build's own file:
  // the stage's post { failure } rolls back only when the marker is there, so a failure before
  // it rolls nothing back. One shell for the whole stage: the login holds for every step.
  const rollback = segment.steps.find((s): s is Extract<Step, { kind: 'run' }> => s.kind === 'run' && Boolean(s.onFailureOf));
  const marker = rollback && `.${rollback.onFailureOf}-$BUILD_NUMBER`;
  const sctx: StepContext = { plan, ...(job.environment ? { environment: job.environment } : {}), region: loginStep?.region ?? plan.region, ...(outputFile ? { outputFile } : {}) };
  const body = segment.steps.flatMap((s) => {
    const out = stepLines(sctx, s);
    if (s.kind === 'cloud-login') sctx.region = s.region;
    return rollback && s.kind === 'run' && s.id === rollback.onFailureOf ? [`touch "${marker}"`, ...out] : out;
  });
  const script = [...valueExports(job.env, body), ...body];
  const failure: GroovyStep[] = rollback
    ? [{ kind: 'sh', lines: [`test -f "${marker}" || exit 0`, ...(loginStep ? stepLines({ ...sctx, region: loginStep.region }, loginStep) : []), ...runLines({ ...rollback, onFailureOf: undefined })] }]
    : [];
  const post = { ...(failure.length ? { failure } : {}), ...(always.length ? { always } : {}) };
  return {
    stage: {
      name,
      agent: agentOf(ctx, segment.executor, job),
      ...(environment.length ? { environment } : {}),
      steps: [...before, ...(script.length ? [{ kind: 'sh' as const, lines: script }] : []), ...after],
      ...(Object.keys(post).length ? { post } : {}),
    },
  };
}

function jobStage(ctx: Context, workflow: Workflow, original: Job): Stage {
  const job = withArchives(original);
  const name = stageName(ctx.plan, ctx.pipeline, workflow, job);
  const segments = segmentsOf(job);
  const built = segments.map((segment, i) => {
    const build = segment.steps.find((s): s is Extract<Step, { kind: 'image-build' }> => s.kind === 'image-build' && s.output.kind === 'archive');
    const producer = segments.findIndex((s) => s.steps.some((x) => x.kind === 'image-build' && x.output.kind === 'archive'));
    const path = ARCHIVE;
    const later = producer >= 0 && segments.slice(producer + 1).some((s) => readsArchive(s, path));
    const archive = later && producer <= i ? { path, stash: archiveStash(job, name, path), builtHere: producer === i && Boolean(build) } : undefined;
    const childName = segments.length === 1 ? name : `${name} ${LABELS[segment.executor]}`;
    return segmentStage(ctx, job, segment, childName, archive).stage;
  });
  const gate: Partial<Stage> = {
    ...(job.serialGroup ? { lock: lockName(ctx.plan, job.serialGroup) } : {}),
    timeout: { time: job.timeoutMinutes, unit: 'MINUTES' },
  };
  if (built.length === 1) return { ...built[0]!, name, ...gate };
  return { name, ...gate, stages: built };
}

/** The approval before production: who may approve is a group (or users) of the Jenkins security realm. */
export function approvalStage(plan: Plan): Stage {
  const prod = plan.environments.find((e) => e.isProduction) ?? plan.environments.at(-1)!;
  return {
    name: APPROVAL_STAGE,
    timeout: { time: APPROVAL_HOURS * 60, unit: 'MINUTES' },
    input: { message: `Deploy to ${prod.name}?`, submitter: approvers(plan) },
    steps: [{ kind: 'milestone', ordinal: 1 }],
  };
}

/** Who may approve production: a group of the Jenkins security realm (administrators always may). */
export const approvers = (plan: Pick<Plan, 'name'>): string => `${plan.name}-approvers`;

/** The report's lines: the image and where Jenkins keeps every stage's result. */
function complianceSteps(job: Job): GroovyStep[] {
  const step = job.steps.find((s): s is Extract<Step, { kind: 'compliance-report' }> => s.kind === 'compliance-report');
  const digest = step ? shellValue(step.digest).replace(/^\$(\w+)$/, '${$1:-not built}') : 'not built';
  return [
    { kind: 'sh', lines: [`printf '# Compliance report\\n\\nImage: %s\\nEvery stage and its result: %s\\n' "${digest}" "$BUILD_URL" > compliance-report.md`] },
    { kind: 'archive', path: 'compliance-report.md' },
  ];
}

export function jenkinsfileModel(plan: Plan, pipeline: Pipeline): Jenkinsfile {
  const ctx: Context = { plan, pipeline };
  const ci = pipeline.ci.jobs.map((j) => jobStage(ctx, pipeline.ci, j));
  const deploy: Stage[] = [];
  const prod = plan.environments.find((e) => e.isProduction)?.name;
  let approved = false;
  for (const job of pipeline.deploy.jobs) {
    if (job.always) continue;
    if (!approved && prod && job.environment === prod) {
      deploy.push(approvalStage(plan));
      approved = true;
    }
    deploy.push(jobStage(ctx, pipeline.deploy, job));
  }
  const report = pipeline.deploy.jobs.find((j) => j.always);
  const signed = pipeline.deploy.jobs.some((j) => j.steps.some((s) => s.kind === 'sign'));
  const key = cloudOf(plan).shell.signingKey?.(plan);
  return {
    header: [
      `Setup: ${plan.paths.docsDir}/setup-guide.md`,
      ...(signed && key ? [`Verify a deployed image: ${cosignWithKey(plan)} verify --key ${key} "$IMAGE"`] : []),
    ],
    // Containers run as the agent's user, whose home may not exist in the image: tools write caches here.
    environment: [
      ['HOME', '/tmp'],
      ['BUILDKITD_FLAGS', BUILDKITD_FLAGS],
    ],
    // One condition for every deploy stage, decided before any of them takes a lock, an agent or asks for approval.
    stages: [
      { name: CI_STAGE, parallel: ci },
      { name: DEPLOY_STAGE, branch: deployBranch(plan.answers), stages: deploy },
    ],
    ...(report ? { post: { always: [{ kind: 'node', steps: complianceSteps(report) }] } } : {}),
    directory: plan.location.directory,
  };
}
