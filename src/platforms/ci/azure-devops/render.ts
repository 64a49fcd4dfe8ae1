/**
 * The neutral pipeline as two Azure Pipelines, as GitHub has two workflows: azure-pipelines.yml
 * (CI, with pull-request validation) and .azure-pipelines/deploy.yml (deploy, from main only).
 * Two pipelines, not one: the deploy identities trust the OIDC subject of the deploy pipeline's
 * runs (p://ORGANIZATION/PROJECT/PIPELINE), which pull-request runs of another pipeline never carry.
 *
 * Deploy stages: `build`, then one stage per environment holding all its jobs (Terraform, push,
 * rollout, gate), so that its checks (approval, exclusive lock, branch control) are passed once,
 * before anything of it runs; then the report. Jobs that deploy are `deployment` jobs bound to
 * the environment.
 */
import type { VirtualFile } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import { yamlFile } from '../../../render/yaml.js';
import type { Job, Pipeline, Workflow } from '../../../steps/cicd/model.js';
import { installScript, toolsFor } from '../../../steps/cicd/tools.js';
import { ALWAYS_AVAILABLE, programsOf } from '../../../integration/shell-commands.js';
import { cloudOf } from '../../registry.js';
import {
  type AzJob,
  type AzPipeline,
  type AzStage,
  type AzStep,
  BUILD_STAGE,
  CHECKS_DIR,
  onBranch,
  REPORT_STAGE,
  TERRAFORM,
  VM_IMAGE,
  adoEnvironment,
  environmentStage,
  identifier,
  terraformScript,
  tokenScript,
  gkePluginDir,
} from './azp.js';
import { checksFile } from './checks.js';
import { stepsWithDockerRun } from '../container-run.js';
import { GKE_PLUGIN } from '../github-actions/clouds.js';
import { STACK_DIR, type JobPlaces, type Script, type StepContext, azSteps, bash, isPassOn, jobOutput, mergeScripts } from './steps.js';

/** Steps that read the repository's files (its scripts, the code): a deployment job checks nothing out by itself. */
const NEEDS_REPOSITORY = new Set(['cloud-login', 'install-tools', 'run', 'image-build', 'scan', 'sast', 'toolchain']);

/** What a self-hosted pool's agents must have: the programs the job calls that it does not install (pool demands). */
function demandsOf(steps: AzStep[], plan: Plan): string[] {
  const installed = new Set(steps.flatMap((s) => (s.bash?.startsWith(plan.paths.toolsScript) ? s.bash.split(/\s+/).slice(1) : [])));
  const programs = steps.flatMap((s) => (s.bash ?? '').split('\n').flatMap(programsOf));
  return [...new Set(programs)].filter((p) => !ALWAYS_AVAILABLE.has(p) && !installed.has(p) && !p.includes('/')).sort();
}

function azJob(plan: Plan, job: Job, places: JobPlaces): AzJob {
  const deployment = Boolean(job.environment);
  const variables: Record<string, string> = {};
  const repository = job.steps.flatMap((s) => (s.kind === 'image-push' ? [s.repository] : s.kind === 'image-build' && s.output.kind === 'registry' ? [s.output.repository] : []))[0];
  if (repository) variables[cloudOf(plan).registryEnv] = repository;
  const ctx: StepContext = { plan, job, places, region: plan.region };
  for (const [key, v] of Object.entries(job.env ?? {})) variables[key] = typeof v === 'string' ? v : v.from === 'job' ? jobOutput(ctx, v) : '$(IMAGE)';
  const pieces: (Script | AzStep)[] = [];
  // A deployment job downloads every artifact of the run unless told otherwise, and checks nothing out.
  if (deployment) pieces.push({ download: 'none' });
  if (deployment && !job.steps.some((s) => s.kind === 'checkout') && job.steps.some((s) => NEEDS_REPOSITORY.has(s.kind))) pieces.push({ checkout: 'self' });
  // A busybox tool image cannot host the agent's Node.js steps (container jobs): its commands run with docker run.
  for (const step of stepsWithDockerRun(job)) {
    if (step.kind === 'cloud-login') ctx.region = step.region;
    // A job checks the repository out by itself: only a deployment job says so.
    if (step.kind === 'checkout' && !deployment) continue;
    const rendered = azSteps(ctx, step);
    pieces.push(...rendered.steps);
    Object.assign(variables, rendered.variables);
  }
  const merged = mergeScripts(pieces);
  // What the last step would pass on to later steps has nowhere to go.
  const last = merged[merged.length - 1];
  if (last && 'lines' in last) merged[merged.length - 1] = { ...last, lines: last.lines.filter((l) => !isPassOn(l) || /STARTED\]/.test(l)) };
  const steps = merged.map((p) => ('lines' in p ? bash(plan, p) : p));
  const sameStage = job.needs.filter((n) => places.get(n)?.stage === places.get(job.id)?.stage).map(identifier);
  const pool = job.runner.kind === 'self-hosted' ? { pool: { name: job.runner.label, demands: demandsOf(steps, plan) } } : {};
  return {
    ...(deployment ? { deployment: identifier(job.id) } : { job: identifier(job.id) }),
    ...(sameStage.length ? { dependsOn: sameStage.length === 1 ? sameStage[0]! : sameStage } : {}),
    timeoutInMinutes: job.timeoutMinutes,
    ...pool,
    ...(deployment ? { environment: adoEnvironment(plan, job.environment!) } : {}),
    ...(Object.keys(variables).length ? { variables } : {}),
    ...(deployment ? { strategy: { runOnce: { deploy: { steps } } } } : { steps }),
  };
}

function triggers(plan: Plan, w: Workflow): Pick<AzPipeline, 'trigger' | 'pr'> {
  const paths = plan.location.directory ? { paths: { include: [plan.location.directory] } } : {};
  return {
    // CI batches pushes that arrive while it runs; a deploy runs for every push, one at a time.
    trigger: { ...(w.cancelSuperseded ? { batch: true } : {}), branches: { include: w.trigger.branches }, ...paths },
    pr: w.trigger.pullRequests ? { branches: { include: w.trigger.branches }, ...paths } : 'none',
  };
}

function placesOf(w: Workflow, staged: boolean): JobPlaces {
  const stage = (job: Job): string => (!staged ? '' : job.environment ? environmentStage(job.environment) : job.always ? REPORT_STAGE : BUILD_STAGE);
  return new Map(w.jobs.map((job) => [job.id, { stage: stage(job), deployment: Boolean(job.environment), job }]));
}

/** Below the repository root, the stack's directory, named once: every script runs there. */
const stackDir = (plan: Plan): Pick<AzPipeline, 'variables'> =>
  plan.location.directory ? { variables: { [STACK_DIR]: `$(Build.SourcesDirectory)/${plan.location.directory}` } } : {};

function ciPipeline(plan: Plan, w: Workflow): AzPipeline {
  const places = placesOf(w, false);
  return { ...triggers(plan, w), pool: { vmImage: VM_IMAGE }, ...stackDir(plan), jobs: w.jobs.map((j) => azJob(plan, j, places)) };
}

function deployPipeline(plan: Plan, w: Workflow): AzPipeline {
  const places = placesOf(w, true);
  const order = [BUILD_STAGE, ...plan.environments.map((e) => environmentStage(e.name)), REPORT_STAGE];
  const stages: AzStage[] = order.flatMap((name): AzStage[] => {
    const jobs = w.jobs.filter((j) => places.get(j.id)!.stage === name);
    if (!jobs.length) return [];
    const needs = jobs.flatMap((j) => j.needs.map((n) => places.get(n)!.stage));
    const dependsOn = order.filter((s) => s !== name && needs.includes(s));
    const environment = jobs.find((j) => j.environment)?.environment;
    return [{
      stage: name,
      ...(dependsOn.length ? { dependsOn: dependsOn.length === 1 ? dependsOn[0]! : dependsOn } : {}),
      // Deploys only from the deploy branch; the report whatever the stages before it did, as that is when it matters.
      ...(environment ? { condition: onBranch(w.trigger.branches[0]!) } : name === REPORT_STAGE ? { condition: 'always()' } : {}),
      // The environment's settings (its deploy identity): a variable group per environment (setup guide).
      ...(environment ? { variables: [{ group: adoEnvironment(plan, environment) }] } : {}),
      jobs: jobs.map((j) => azJob(plan, j, places)),
    }];
  });
  // Nothing published, nothing for a deployment job to download: the `download: none` lines go.
  const steps = stages.flatMap((s) => s.jobs.flatMap((j) => j.steps ?? j.strategy?.runOnce.deploy.steps ?? []));
  if (!steps.some((s) => s.publish)) for (const job of stages.flatMap((s) => s.jobs)) if (job.strategy) job.strategy.runOnce.deploy.steps = job.strategy.runOnce.deploy.steps.filter((s) => !s.download);
  return { ...triggers(plan, w), lockBehavior: 'sequential', pool: { vmImage: VM_IMAGE }, ...stackDir(plan), stages };
}

/** Tools install into the job's temporary directory; later steps find them through prependpath. */
export const toolsHost = (path: string) => ({ path, binDir: '${AGENT_TEMPDIRECTORY:?}/bin', addToPath: ['echo "##vso[task.prependpath]$bin"'] });

/**
 * The pipeline's OIDC token (for api://AzureADTokenExchange, valid minutes only) in the file the
 * cloud's CLI reads at every sign-in, renewed every 4 minutes until the job ends (the agent ends
 * the loop with the job's processes). The step maps SYSTEM_ACCESSTOKEN from $(System.AccessToken).
 */
function tokenScriptText(): string {
  return `#!/usr/bin/env bash
# The pipeline's OIDC token in $1, renewed every 4 minutes until the job ends.
set -euo pipefail
mint() {
  curl -fsS -X POST -H "Authorization: Bearer $SYSTEM_ACCESSTOKEN" -H 'Content-Type: application/json' -d '{}' \\
    "$SYSTEM_OIDCREQUESTURI?api-version=7.1" | jq -er .oidcToken > "$1.new" && mv "$1.new" "$1"
}
mint "$1"
(while sleep 240; do mint "$1" || true; done) > /dev/null 2>&1 &
`;
}

/** Terraform at the pinned version, checked against HashiCorp's SHA256SUMS; on the PATH of the job's later steps and of the script that called it (hosted agents: passwordless sudo). */
function terraformScriptText(): string {
  const url = `https://releases.hashicorp.com/terraform/${TERRAFORM.version}/terraform_${TERRAFORM.version}_linux_amd64.zip`;
  return `#!/usr/bin/env bash
set -euo pipefail
zip="\${AGENT_TEMPDIRECTORY:?}/terraform.zip"
curl -fsSLo "$zip" ${url}
echo "${TERRAFORM.sha256}  $zip" | sha256sum -c -
sudo unzip -oq "$zip" terraform -d /usr/local/bin
`;
}

const deployHeader = (plan: Plan): string => `Approvals and locks: checks on the environments, ${plan.features.multiEnvironment ? `${CHECKS_DIR}/main.tf` : 'set as the setup guide says'}`;

export function renderAzureDevOps(pipeline: Pipeline, plan: Plan): VirtualFile[] {
  const file = (path: string, content: string, summary: string, executable = false): VirtualFile => ({ path, content, producer: 'cicd', summary, ...(executable ? { executable } : {}) });
  const envs = plan.environments.map((e) => e.name).join(' → ');
  // cosign for the signing steps (T3): a key signs, so the release binary is all they need.
  const signs = pipeline.deploy.jobs.some((j) => j.steps.some((s) => s.kind === 'sign')) && Boolean(cloudOf(plan).shell.signingKey);
  const tools = [...toolsFor(plan), ...(signs ? (['cosign'] as const) : [])];
  const token = tokenScript(plan);
  const appliesTerraform = [...pipeline.ci.jobs, ...pipeline.deploy.jobs].some((j) => j.steps.some((s) => s.kind === 'terraform'));
  return [
    file(
      plan.paths.ciWorkflow,
      yamlFile(ciPipeline(plan, pipeline.ci)),
      plan.features.securityGates
        ? 'CI pipeline: tests, image build and scan, dependency audit, Semgrep, secret scan and stack check on every change'
        : `CI pipeline: tests and a container build on every pull request and push to ${plan.answers.branch}`,
    ),
    file(
      plan.paths.deployWorkflow,
      yamlFile(deployPipeline(plan, pipeline.deploy), deployHeader(plan)),
      plan.features.multiEnvironment
        ? `Deploy pipeline on push to ${plan.answers.branch}: one image build, then Terraform and rollout of the same digest, ${envs}`
        : `Deploy pipeline on push to ${plan.answers.branch}: Terraform, image push and rollout, ${envs}`,
    ),
    file(token, tokenScriptText(), "Writes the pipeline's OIDC token for the cloud login, renewed for the rest of the job", true),
    ...(plan.platforms.cloud === 'gcp' ? [file(`${gkePluginDir(plan)}/gke-gcloud-auth-plugin`, GKE_PLUGIN, "kubectl's GKE token from gcloud (hosted agents lack gke-gcloud-auth-plugin)", true)] : []),
    ...(appliesTerraform ? [file(terraformScript(plan), terraformScriptText(), `Installs Terraform ${TERRAFORM.version} in CI, checksum verified`, true)] : []),
    ...(tools.length ? [file(plan.paths.toolsScript, installScript(tools, toolsHost(plan.paths.toolsScript)), `Installs ${tools.join(', ')} in CI at pinned versions, checksum verified`, true)] : []),
    // One environment: its two checks are set by hand (setup guide), cheaper than a Terraform root.
    ...(plan.features.multiEnvironment ? [checksFile(plan, pipeline.deploy.trigger.branches[0]!)] : []),
  ];
}
