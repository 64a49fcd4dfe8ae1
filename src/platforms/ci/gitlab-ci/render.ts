/** The neutral pipeline as one .gitlab-ci.yml (CI and deploy jobs together), and the tools script its jobs run. */
import type { VirtualFile } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import { yamlFile } from '../../../render/yaml.js';
import type { Pipeline } from '../../../steps/cicd/model.js';
import { TOOLS, installScript, type ToolName } from '../../../steps/cicd/tools.js';
import { cloudOf } from '../../registry.js';
import { STAGES, onBranch } from './glci.js';
import { gitlabJobs, type RenderedJob } from './jobs.js';
import { segmentsOf } from './segments.js';
import { toolsOf } from './steps.js';

/** GitLab's SAST analyzers (Semgrep-based, all tiers). */
export const SAST_TEMPLATE = 'Jobs/SAST.gitlab-ci.yml';

/**
 * GitLab's own scanners, whose reports its merge requests and security views show (Ultimate), on
 * every tier. Templates come with the instance: pinned to its version, on gitlab.com and
 * self-managed alike (the catalog's components exist only where an instance hosts them). They
 * never fail a pipeline (allow_failure): the Trivy jobs are the gates.
 */
export const SECURITY_TEMPLATES = [SAST_TEMPLATE, 'Jobs/Secret-Detection.gitlab-ci.yml'] as const;

/**
 * Pipelines for merge requests and for the deploy branch, never both for one push (a branch
 * with an open merge request runs the merge request's). A newer commit cancels an older
 * pipeline's interruptible (CI) jobs, GitLab's default, until a deploy job has started.
 */
const workflow = (plan: Plan) => ({ rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }, { if: onBranch(plan) }] });

/** Tools install into the job's checkout; the job puts the directory on its PATH (steps.ts). */
export const toolsHost = (path: string, installPackages?: string) => ({ path, binDir: '${CI_PROJECT_DIR:?}/.tools/bin', addToPath: [], ensureExtractors: true, ...(installPackages ? { installPackages } : {}) });

export function gitlabTools(pipeline: Pipeline): ToolName[] {
  const used = new Set(
    [pipeline.ci, pipeline.deploy].flatMap((w) => w.jobs.flatMap((j) => segmentsOf(w, j, j.id).filter((s) => s.executor === 'cloud').flatMap(toolsOf))),
  );
  return (Object.keys(TOOLS) as ToolName[]).filter((t) => used.has(t));
}

function header(plan: Plan, signed: boolean): string | undefined {
  const server = plan.answers.ciServer ?? 'https://gitlab.com';
  const lines = [
    ...(signed
      ? ['Verify a deployed image (IMAGE=REGISTRY/REPOSITORY@sha256:...):', `  cosign verify "$IMAGE" --certificate-oidc-issuer ${server} --certificate-identity-regexp '^${server}/${plan.repository}//'`]
      : []),
  ];
  return lines.length ? lines.join('\n') : undefined;
}

/** Keys whose values repeat across jobs: each repeated value becomes one object, written once with a YAML anchor. */
const SHARED = ['image', 'rules', 'id_tokens', 'before_script', 'variables', 'cache'] as const;

function shareRepeats(jobs: RenderedJob[]): void {
  const seen = new Map<string, unknown>();
  for (const { job } of jobs) {
    const fields = job as unknown as Record<string, unknown>;
    for (const key of SHARED) {
      const value = fields[key];
      if (typeof value !== 'object' || value === null) continue;
      const id = `${key}${JSON.stringify(value)}`;
      if (seen.has(id)) fields[key] = seen.get(id);
      else seen.set(id, value);
    }
  }
}

export function renderGitlab(pipeline: Pipeline, plan: Plan): VirtualFile[] {
  const file = (path: string, content: string, summary: string): VirtualFile => ({ path, content, producer: 'cicd', summary });
  const { jobs, sast } = gitlabJobs(plan, pipeline);
  shareRepeats(jobs);
  const signed = pipeline.deploy.jobs.some((j) => j.steps.some((s) => s.kind === 'sign'));
  const document = {
    workflow: workflow(plan),
    stages: [...STAGES],
    // Without AST_ENABLE_MR_PIPELINES the templates add their jobs to branch pipelines only.
    ...(sast ? { include: SECURITY_TEMPLATES.map((template) => ({ template })), variables: { AST_ENABLE_MR_PIPELINES: 'true' } } : {}),
    ...Object.fromEntries(jobs.map((j) => [j.name, j.job])),
  };
  const envs = plan.environments.map((e) => e.name).join(' → ');
  const tools = gitlabTools(pipeline);
  return [
    file(
      plan.paths.ciWorkflow,
      yamlFile(document, header(plan, signed), undefined, true),
      plan.features.multiEnvironment
        ? `GitLab CI: tests, image build and scans on every change; on ${plan.answers.branch}, one image promoted with its digest, ${envs}, production after a manual approval`
        : `GitLab CI: tests and image build on every change; on ${plan.answers.branch}, Terraform, image push and rollout, ${envs}`,
    ),
    ...(tools.length
      ? [{ ...file(plan.paths.toolsScript, installScript(tools, toolsHost(plan.paths.toolsScript, cloudOf(plan).shell.cliInstall)), `Installs ${tools.join(', ')} in CI jobs at pinned versions, checksum verified`), executable: true }]
      : []),
  ];
}
