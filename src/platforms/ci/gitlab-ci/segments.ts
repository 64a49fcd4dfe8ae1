/**
 * A GitLab job runs in one image, and no image holds every tool a neutral job may use (the
 * cloud's CLI, BuildKit, Trivy, a language toolchain). So each neutral job becomes one GitLab
 * job per run of steps that share an image (its segments), in order, each needing the one
 * before and receiving its files as artifacts. The last segment keeps the job's name, so that
 * whatever needs the job waits for all of it.
 */
import type { Job, Step, Workflow } from '../../../steps/cicd/model.js';

export type Executor = 'cloud' | 'builder' | 'scanner' | 'toolchain' | 'plain';

export interface Segment {
  workflow: Workflow;
  job: Job;
  /** The job's name in this file, before the stack prefix (deploy:build). */
  base: string;
  executor: Executor;
  steps: Step[];
  /** Its suffix in the job's name: '' for the last segment. */
  suffix: string;
}

/** The archive an image built in its own job travels in, to the job that pushes or scans it. */
export const IMAGE_ARCHIVE = 'image.tar';

function executorOf(step: Step): Executor | undefined {
  switch (step.kind) {
    case 'cloud-login':
    case 'registry-login':
    case 'image-push':
    case 'sign':
    case 'attest':
    case 'terraform':
    case 'install-tools':
      return 'cloud';
    case 'image-build':
      return 'builder';
    case 'scan':
    case 'sbom':
      return 'scanner';
    case 'toolchain':
      return 'toolchain';
    default:
      return undefined;
  }
}

const LABELS: Record<Executor, string> = { cloud: 'cloud', builder: 'image', scanner: 'scan', toolchain: 'setup', plain: 'run' };

/**
 * An image pushed from the job that logs in to the cloud cannot be built there (no BuildKit in
 * the cloud's CLI image): it is built into an archive first, then pushed with its digest, as the
 * promoted image of T2 is. An image loaded for a scanner becomes an archive the scanner reads.
 */
function withArchives(job: Job): Job {
  const index = job.steps.findIndex((s) => s.kind === 'image-build' && s.output.kind !== 'none');
  const build = job.steps[index];
  if (!build || build.kind !== 'image-build' || build.output.kind === 'archive' || build.output.kind === 'none') return job;
  if (build.output.kind === 'local') {
    // Trivy reads the archive as it reads an OCI layout (--input).
    const tag = build.output.tag;
    const steps = job.steps.map((s): Step =>
      s === build ? { ...build, output: { kind: 'archive', path: IMAGE_ARCHIVE } } : s.kind === 'scan' && s.target.kind === 'image' && s.target.ref === tag ? { ...s, target: { kind: 'oci-layout', path: IMAGE_ARCHIVE } } : s,
    );
    return { ...job, steps };
  }
  // The digest is the pushed one (`pushed-image`), as when the build pushes it.
  const archived: Step = { ...build, output: { kind: 'archive', path: IMAGE_ARCHIVE } };
  const push: Step = { kind: 'image-push', archive: IMAGE_ARCHIVE, repository: build.output.repository, digest: { from: 'pushed-image' } };
  const before = job.steps.slice(0, index).filter((s) => s.kind !== 'checkout');
  return { ...job, steps: [archived, ...before, push, ...job.steps.slice(index + 1)] };
}

/**
 * The job's steps by image. Commands that follow a build or a scan go with the next tool (the
 * archive is unpacked where the scanner reads it); elsewhere they stay where they are.
 */
export function segmentsOf(workflow: Workflow, original: Job, base: string): Segment[] {
  const job = withArchives(original);
  const groups: { executor: Executor; steps: Step[] }[] = [];
  let pending: Step[] = [];
  for (const step of job.steps) {
    if (step.kind === 'checkout' || step.kind === 'sast') continue;
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
  else groups.push({ executor: 'plain', steps: pending });
  return groups.map((g, i) => ({
    workflow,
    job,
    base,
    executor: g.executor,
    steps: g.steps,
    suffix: i === groups.length - 1 ? '' : `-${LABELS[g.executor]}${groups.slice(0, i).some((o) => o.executor === g.executor) ? i : ''}`,
  }));
}

/** A job whose only work is static analysis: GitLab's SAST template runs it instead. */
export const isTemplateOnly = (job: Job): boolean => job.steps.some((s) => s.kind === 'sast') && job.steps.every((s) => s.kind === 'sast' || s.kind === 'checkout');
