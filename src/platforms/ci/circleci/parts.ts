/**
 * The neutral jobs as CircleCI jobs ("parts"). A CircleCI job runs in one image, and no image
 * holds every tool a neutral job may use, so a job is split where its steps need an image the
 * earlier ones cannot share (an image build, then Trivy on the archive). Files travel between
 * the parts by the workspace.
 *
 * The other way round, the jobs of one deploy target are merged where they can share an image:
 * CircleCI's `serial-group` locks one job, and two jobs of one workflow must not hold the same
 * key (CircleCI docs, "Controlling serial execution", limitations). One job per target runs
 * Terraform and the rollout under one lock, so no other pipeline's deploy of that target can
 * slip in between. Where a target's work needs two runners (T3: Terraform on CircleCI's cloud,
 * the rollout on a runner inside the VPC), each part gets its own key.
 */
import type { Plan } from '../../../plan/types.js';
import type { Job, Runner, Step, Workflow } from '../../../steps/cicd/model.js';
import { cloudOf } from '../../registry.js';
import { imageFor, toolImage, type Image, type Need } from './images.js';
import { waitsOnItsOwn } from './steps.js';

/** A neutral step and the neutral job it comes from (its outputs are written under that job's id). */
export interface Piece {
  step: Step;
  job: Job;
}

export interface Part {
  /** The job's name in the config, before the stack's prefix below the repository root. */
  name: string;
  members: Job[];
  pieces: Piece[];
  image: Image;
  runner: Runner;
  /** The neutral jobs' needs (ids) outside this part, and the part before it in the same job. */
  needs: string[];
  after?: Part;
  environment?: string;
  serialGroup?: string;
  /** Runs whatever the result of what it requires (a report). */
  always: boolean;
  timeoutMinutes: number;
  /** Whether a step of this part checks the sources out. */
  checkout: boolean;
}

const CLOUD_PROGRAMS = /(^|[\s;&|(])(kubectl|kustomize|terraform|crane|cosign|aws|gcloud|az)(\s|$)/m;
const NODE_PROGRAMS = /(^|[\s;&|(])(npx|npm|node)(\s|$)/m;

/** What a step needs from the image it runs in; undefined: any image (it goes with its neighbours). */
export function needOf(step: Step): Need | undefined {
  switch (step.kind) {
    case 'toolchain':
      return 'toolchain';
    case 'cloud-login':
    case 'registry-login':
    case 'terraform':
    case 'image-push':
    case 'sign':
    case 'attest':
      return 'cloud';
    case 'image-build':
      return 'docker';
    case 'scan':
    case 'sbom':
      return 'scanner';
    case 'sast':
      return 'sast';
    case 'run':
      return CLOUD_PROGRAMS.test(step.run) ? 'cloud' : NODE_PROGRAMS.test(step.run) ? 'node' : undefined;
    default:
      return undefined;
  }
}

/**
 * The job's steps by image, in order. A step that needs no particular image runs with the next
 * one that does (an archive unpacked where the scanner reads it), or with the last.
 */
function split(plan: Plan, job: Job): { image: Image; steps: Step[] }[] {
  if (job.container) return [{ image: toolImage(job.container.image), steps: job.steps.filter((s) => s.kind !== 'checkout') }];
  const pick = (needs: Set<Need>) => imageFor(needs, plan.stack, plan.platforms.cloud, cloudOf(plan).shell.cliImage);
  const groups: { needs: Set<Need>; steps: Step[] }[] = [];
  let pending: Step[] = [];
  for (const step of job.steps) {
    if (step.kind === 'checkout') continue;
    const need = needOf(step);
    if (!need) {
      pending.push(step);
      continue;
    }
    const current = groups.at(-1);
    const joint = new Set([...(current?.needs ?? []), need]);
    if (current && pick(joint)) {
      current.needs = joint;
      current.steps.push(...pending, step);
    } else {
      groups.push({ needs: new Set([need]), steps: [...pending, step] });
    }
    pending = [];
  }
  if (groups.length) groups.at(-1)!.steps.push(...pending);
  else groups.push({ needs: new Set(), steps: pending });
  return groups.map((g) => ({ image: pick(g.needs)!, steps: g.steps }));
}

function partsOf(plan: Plan, job: Job, name: string): Part[] {
  const checkout = job.steps.some((s) => s.kind === 'checkout');
  const groups = split(plan, job);
  const parts: Part[] = [];
  groups.forEach((g, i) => {
    const last = i === groups.length - 1;
    // An earlier part is named after what it does: building the image, or the image it runs in.
    const label = g.steps.some((s) => s.kind === 'image-build') ? 'image' : g.image.name;
    parts.push({
      name: last ? name : `${name}-${label}`,
      members: [job],
      pieces: g.steps.map((step) => ({ step, job })),
      image: g.image,
      runner: job.runner,
      needs: i === 0 ? job.needs : [],
      ...(i > 0 ? { after: parts[i - 1]! } : {}),
      ...(job.environment ? { environment: job.environment } : {}),
      ...(job.serialGroup ? { serialGroup: job.serialGroup } : {}),
      always: job.always ?? false,
      timeoutMinutes: job.timeoutMinutes,
      checkout,
    });
  });
  return parts;
}

/** A step that waits with a timeout of its own (a rollout): a job that has one keeps its time for it. */
const waits = (part: Part): boolean => part.pieces.some(({ step }) => step.kind === 'run' && waitsOnItsOwn(step.run));

/**
 * Whether `next` (needing `previous`) continues it in one CircleCI job: same deploy target, same
 * image and runner, and `previous` waits on nothing (Terraform, a push), so that the job's waits
 * are `next`'s alone and fit CircleCI's job limit as they did.
 */
function continues(previous: Part, next: Part, job: Job, dependents: number): boolean {
  const sameRunner = JSON.stringify(previous.runner) === JSON.stringify(next.runner);
  return (
    !!job.serialGroup &&
    !waits(previous) &&
    previous.serialGroup === job.serialGroup &&
    previous.image.image === next.image.image &&
    sameRunner &&
    job.needs.includes(previous.members.at(-1)!.id) &&
    dependents === 1
  );
}

/**
 * Every part of a workflow, in order. `rename` gives a neutral job its name in the file (the CI
 * workflow's jobs that share a name with a deploy job's are told apart there).
 */
export function workflowParts(plan: Plan, workflow: Workflow, rename: (id: string) => string = (id) => id): { parts: Part[]; lastOf: Map<string, Part> } {
  const parts: Part[] = [];
  const lastOf = new Map<string, Part>();
  // Jobs that need a job, besides reports that need every job.
  const dependents = (id: string) => workflow.jobs.filter((j) => !j.always && j.needs.includes(id)).length;
  for (const job of workflow.jobs) {
    const own = partsOf(plan, job, rename(job.id));
    const first = own[0]!;
    const previous = job.needs.map((id) => lastOf.get(id)).find((p) => p && continues(p, first, job, dependents(p.members.at(-1)!.id)));
    if (previous) {
      // One job for the target: the steps run on, without a second checkout.
      previous.members.push(job);
      previous.pieces.push(...first.pieces);
      previous.needs = [...new Set([...previous.needs, ...job.needs.filter((id) => !previous.members.some((m) => m.id === id))])];
      previous.timeoutMinutes = Math.max(previous.timeoutMinutes, job.timeoutMinutes);
      // Named after the deploy it ends in, else after the last job merged.
      previous.name = previous.members.some((m) => m.id.startsWith('deploy-')) ? rename(previous.members.find((m) => m.id.startsWith('deploy-'))!.id) : first.name;
      own.shift();
      if (own[0]) own[0].after = previous;
    }
    parts.push(...own);
    for (const member of [job]) lastOf.set(member.id, own.at(-1) ?? previous!);
  }
  return { parts, lastOf };
}
