/** The neutral pipeline as GitHub Actions workflows: ci.yml and deploy.yml, plus the files they read. */
import type { VirtualFile } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import { toYaml, yamlFile } from '../../../render/yaml.js';
import type { Grant, Job, Pipeline, Workflow as NeutralWorkflow } from '../../../steps/cicd/model.js';
import { installScript, toolsFor } from '../../../steps/cicd/tools.js';
import { tagForSha } from './action-pins.js';
import { GHA_CLOUDS } from './clouds.js';
import { ACTIONLINT_CONFIG, actionlintConfig, selfHostedLabels } from './actionlint.js';
import { DEPENDABOT_PATH, dependabotConfig, stackUpdates } from './dependabot.js';
import { READ_ONLY, RUNNER, expr, needsOf, type GhaJob, type Permissions, type Workflow } from './gha.js';
import { stepsWithDockerRun } from '../container-run.js';
import { scoped } from './monorepo.js';
import { RUNNER_IMAGE_PATH, runnerImage } from './runners.js';
import { ghaSteps, registryEnv, value, type StepPlan } from './steps.js';

const USES_LINE = /^(\s*(?:- )?uses: [^\s@]+@([0-9a-f]{40}))$/gm;

/** The release tag after every SHA-pinned `uses:`, so a reader (and Dependabot) sees the version. */
export function annotatePins(text: string): string {
  return text.replace(USES_LINE, (line: string, _all: string, sha: string) => {
    const tag = tagForSha(sha);
    return tag ? `${line} # ${tag}` : line;
  });
}

/** Grants as permissions: the token reads the repository; a grant adds exactly its scope. */
function permissions(grants: readonly Grant[]): Permissions | undefined {
  if (!grants.length) return undefined;
  const has = (g: Grant) => grants.includes(g);
  return {
    contents: 'read',
    ...(has('oidc') ? { 'id-token': 'write' as const } : {}),
    ...(has('code-scanning') ? { 'security-events': 'write' as const } : {}),
    ...(has('read-actions') ? { actions: 'read' as const } : {}),
    ...(has('attestations') ? { attestations: 'write' as const } : {}),
  };
}

function job(plan: StepPlan, j: Job): GhaJob {
  const perms = permissions(j.grants);
  // The registry repository, named where the steps that push read it.
  const repository = j.steps.flatMap((s) => (s.kind === 'image-push' ? [s.repository] : s.kind === 'image-build' && s.output.kind === 'registry' ? [s.output.repository] : []))[0];
  const env = {
    ...(repository ? { [registryEnv(plan)]: repository } : {}),
    ...Object.fromEntries(Object.entries(j.env ?? {}).map(([k, v]) => [k, value(plan, v)])),
  };
  return {
    ...needsOf(j.needs),
    ...(j.always ? { if: 'always()' } : {}),
    'runs-on': j.runner.kind === 'hosted' ? RUNNER : j.runner.label,
    'timeout-minutes': j.timeoutMinutes,
    ...(j.environment ? { environment: j.environment } : {}),
    ...(perms ? { permissions: perms } : {}),
    ...(j.serialGroup ? { concurrency: { group: j.serialGroup, 'cancel-in-progress': false } } : {}),
    ...(j.outputs
      ? { outputs: Object.fromEntries(Object.entries(j.outputs).map(([k, o]) => [k, expr(o.value === 'outcome' ? `steps.${o.step}.outcome` : `steps.${o.step}.outputs.${o.value}`)])) }
      : {}),
    ...(Object.keys(env).length ? { env } : {}),
    // A busybox tool image cannot host the checkout action's Node.js: its commands run with docker run.
    steps: stepsWithDockerRun(j).flatMap((s) => ghaSteps(plan, s, j.environment)),
  };
}

function workflow(plan: StepPlan & Pick<Plan, 'paths'>, w: NeutralWorkflow, file: string): Workflow {
  const on: Record<string, object> = {
    ...(w.trigger.pullRequests ? { pull_request: {} } : {}),
    push: { branches: w.trigger.branches },
    ...(w.trigger.manual ? { workflow_dispatch: {} } : {}),
  };
  return scoped(plan, file, {
    name: w.title,
    on,
    permissions: READ_ONLY,
    ...(w.cancelSuperseded ? { concurrency: { group: `${expr('github.workflow')}-${expr('github.ref')}`, 'cancel-in-progress': true } } : {}),
    jobs: Object.fromEntries(w.jobs.map((j) => [j.id, job(plan, j)])),
  });
}

/** Header of deploy.yml when images are signed: how to check a deployed image's signature and provenance. */
function verificationHeader(plan: Pick<Plan, 'repository'>): string {
  return [
    'Verify a deployed image (IMAGE=REGISTRY/REPOSITORY@sha256:...):',
    `  cosign verify "$IMAGE" --certificate-oidc-issuer https://token.actions.githubusercontent.com --certificate-identity-regexp '^https://github.com/${plan.repository}/'`,
    `  gh attestation verify "oci://$IMAGE" --repo ${plan.repository}`,
  ].join('\n');
}

/** Tools install into the job's temporary directory; later steps find them through $GITHUB_PATH. */
export const toolsHost = (path: string) => ({ path, binDir: '${RUNNER_TEMP:?}/bin', addToPath: ['echo "$bin" >> "$GITHUB_PATH"'] });

export function renderGithubActions(pipeline: Pipeline, plan: Plan): VirtualFile[] {
  const file = (path: string, content: string, summary: string): VirtualFile => ({ path, content, producer: 'cicd', summary });
  const envs = plan.environments.map((e) => e.name).join(' → ');
  const signed = pipeline.deploy.jobs.some((j) => j.steps.some((s) => s.kind === 'sign'));
  const yaml = (w: NeutralWorkflow, path: string, header?: string) => yamlFile(workflow(plan, w, path), header, annotatePins);
  const tools = toolsFor(plan);
  const labels = selfHostedLabels(plan);
  return [
    file(
      plan.paths.ciWorkflow,
      yaml(pipeline.ci, plan.paths.ciWorkflow),
      plan.features.securityGates
        ? `CI: ${pipeline.ci.jobs.some((j) => j.id === 'test') ? 'tests, ' : ''}image build and scan, dependency audit, CodeQL, secret scan and stack check on every change`
        : `CI: ${pipeline.ci.jobs.some((j) => j.id === 'test') ? 'tests and ' : ''}a container build on every pull request and push to ${plan.branch}`,
    ),
    file(
      plan.paths.deployWorkflow,
      yaml(pipeline.deploy, plan.paths.deployWorkflow, signed ? verificationHeader(plan) : undefined),
      plan.features.multiEnvironment
        ? `Deploy on push to ${plan.branch}: one image build, then Terraform and rollout of the same digest, ${envs}`
        : `Deploy on push to ${plan.branch}: Terraform, image push and rollout, ${envs}`,
    ),
    // Read once per repository: a stack below the root leaves them to it (see repositoryFiles).
    ...(plan.features.securityGates && !plan.location.directory
      ? [file(DEPENDABOT_PATH, yamlFile(dependabotConfig(plan)), 'Dependabot: weekly grouped updates of actions, base images, Terraform and dependencies')]
      : []),
    ...(labels.length && !plan.location.directory ? [file(ACTIONLINT_CONFIG, yamlFile(actionlintConfig(labels)), 'actionlint: the self-hosted runner labels of the deploy jobs')] : []),
    ...(labels.length
      ? [file(RUNNER_IMAGE_PATH, runnerImage(plan), 'Runner image of the deploy jobs inside the VPC: actions-runner with the cloud CLI, kubectl and kustomize')]
      : []),
    ...(GHA_CLOUDS[plan.platforms.cloud].files ?? []).map((f) => ({ ...file(f.path, f.content, f.summary), ...(f.executable ? { executable: true } : {}) })),
    ...(tools.length
      ? [{ ...file(plan.paths.toolsScript, installScript(tools, toolsHost(plan.paths.toolsScript)), `Installs ${tools.join(', ')} in CI at pinned versions, checksum verified`), executable: true }]
      : []),
  ];
}

/**
 * What a stack below the repository root adds to the files GitHub and actionlint read once per
 * repository, for its integration guide: the Dependabot entries (from the root) and its runner labels.
 */
export function repositoryFiles(plan: Plan): { dependabot: string; labels: string[] } | undefined {
  if (!plan.location.directory || plan.answers.skip.includes('cicd')) return undefined;
  const dependabot = plan.features.securityGates ? toYaml(stackUpdates(plan)) : '';
  const labels = selfHostedLabels(plan);
  return dependabot || labels.length ? { dependabot, labels } : undefined;
}
