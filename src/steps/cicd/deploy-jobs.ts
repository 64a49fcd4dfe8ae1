/**
 * The deploy workflow, per deploy target in promotion order: `terraform-<id>` (plan, policies at
 * T3, apply; from T2, see Features.infrastructureInCi), then `deploy-<id>` (the image, then the workload, rolled back on failure). At T1 the
 * deploy job builds and pushes the image itself; from T2 the image is built once into an OCI
 * archive and every target pushes that same archive to its own registry, digest unchanged, so
 * each environment runs the identical, already-tested digest. A second region waits for
 * `gate-<env>`: the primary region healthy, and none of this app's critical alerts firing.
 */
import type { DeployTarget, EnvironmentPlan, Plan } from '../../plan/types.js';
import { CHECKOUT, HOSTED, run } from './ci-jobs.js';
import type { Grant, Job, Step, Value, Workflow } from './model.js';
import { POLICY_TEST_JOB, conftestManifestStep, conftestPlanSteps, policyTestJob } from './policy/index.js';
import { toolsFor } from './tools.js';
import { jobTimeoutMinutes } from '../../plan/timeouts.js';
import { registry } from '../../platforms/registry.js';

export type DeployPlan = Pick<Plan, 'environments' | 'commands' | 'image' | 'features' | 'paths' | 'rollout' | 'name' | 'branch'> & Partial<Pick<Plan, 'platforms'>>;

/** The branch every deploy runs from (CI platforms whose OIDC subject names the branch trust it). */
export const DEPLOY_BRANCH = 'main';
export const BUILD_JOB = 'build';
export const COMPLIANCE_JOB = 'compliance-report';
const ARCHIVE = 'image.tar';
const LAYOUT = 'image-oci';
const DIGEST: Value = { from: 'job', job: BUILD_JOB, output: 'digest' };

export const terraformJobId = (target: string): string => `terraform-${target}`;
export const deployJobId = (target: string): string => `deploy-${target}`;
export const gateJobId = (env: string): string => `gate-${env}`;
export const pushJobId = (target: string): string => `push-${target}`;

/** The parts of a job of one deploy target: its environment (OIDC trust, approvals) and one-at-a-time group. */
function targetJob(env: EnvironmentPlan, target: DeployTarget, needs: string[], runner: Job['runner'], minutes: number, grants: Grant[] = ['oidc']) {
  return { needs, runner, timeoutMinutes: minutes, environment: env.name, grants, serialGroup: target.concurrencyGroup };
}

/** Terraform init, plan (tested against the policies at T3) and apply for one deploy target. */
function terraformJob(plan: DeployPlan, env: EnvironmentPlan, target: DeployTarget, needs: string[]): Job {
  const c = plan.commands.perTarget[target.id]!;
  const policy = plan.features.policyAsCode;
  // An IaC tool run by the cloud's CLI (CloudFormation change sets) needs no setup step of its own.
  const setup = plan.platforms ? registry().iac[plan.platforms.iac].ciSetup !== false : true;
  return {
    id: terraformJobId(target.id),
    // Terraform talks to cloud APIs only, never to the cluster: hosted runners reach them.
    ...targetJob(env, target, needs, HOSTED, Math.max(30, jobTimeoutMinutes([c.infraPlan, c.infraApply], []))),
    steps: [
      CHECKOUT,
      { kind: 'cloud-login', region: target.region, purpose: 'infrastructure' },
      // The wrapper echoes the command into stdout, which would corrupt `terraform show -json`.
      ...(setup ? [{ kind: 'terraform', plainOutput: policy } satisfies Step] : []),
      run(c.infraInit.run),
      run(c.infraPlan.run),
      ...(policy ? conftestPlanSteps(plan) : []),
      run(c.infraApply.run),
    ],
  };
}

/** What every deploy job runs once its image is pinned: connect, migrate, observe, roll out (rolled back on failure). */
function rolloutSteps(plan: DeployPlan, env: EnvironmentPlan, target: DeployTarget, image?: Value): Step[] {
  const c = plan.commands.perTarget[target.id]!;
  const installed = toolsFor(plan).filter((t) => t !== 'opa');
  return [
    ...(installed.length ? [{ kind: 'install-tools', tools: installed } satisfies Step] : []),
    image ? { kind: 'run', run: c.setImage.run, env: { IMAGE: image } } : run(c.setImage.run),
    ...(plan.features.policyAsCode ? [conftestManifestStep(plan, env.kustomizeDir)] : []),
    run(c.connect.run),
    ...(c.runMigrations ? [run(c.runMigrations.run)] : []),
    ...(c.applyObservability ? [run(c.applyObservability.run)] : []),
    // One step, so that a failed apply and a rollout that never becomes ready both roll back,
    // and a failure before the apply does not.
    { kind: 'run', id: 'rollout', run: `${c.applyManifests.run}\n${c.waitForRollout.run}\n` },
    { kind: 'run', run: c.rollback.run, onFailureOf: 'rollout' },
  ];
}

/** T1: one environment, the image built and pushed in its deploy job (Terraform is applied by an administrator). */
function singleEnvironmentJobs(plan: DeployPlan): Job[] {
  const jobs: Job[] = [];
  let previous: string[] = [];
  for (const env of plan.environments) {
    const target = env.targets[0]!;
    // Terraform runs in CI from T2; at T1 an administrator applies it (the setup guide).
    const infrastructure = plan.features.infrastructureInCi ? [terraformJob(plan, env, target, previous)] : [];
    jobs.push(...infrastructure);
    jobs.push({
      id: deployJobId(env.name),
      // 20 minutes unless the target's waits need more (ECS: a deployment and a rollback of 15 each).
      ...targetJob(env, target, infrastructure.length ? [terraformJobId(env.name)] : previous, HOSTED, singleJobMinutes(plan, target)),
      steps: [
        CHECKOUT,
        { kind: 'cloud-login', region: env.region, purpose: 'deploy' },
        { kind: 'registry-login', region: env.region },
        // Reads the layer cache that CI's build of the same commit writes; writing it again here
        // would only race with CI for the same entries.
        { kind: 'image-build', id: 'build', output: { kind: 'registry', repository: target.registryRepository }, cache: 'read' },
        ...rolloutSteps(plan, env, target, { from: 'pushed-image' }),
      ],
    });
    previous = [deployJobId(env.name)];
  }
  return jobs;
}

function buildJob(plan: DeployPlan): Job {
  const gates = plan.features.supplyChain;
  return {
    id: BUILD_JOB,
    needs: [],
    runner: HOSTED,
    timeoutMinutes: 30,
    grants: [],
    outputs: {
      digest: { step: 'build', value: 'digest' },
      ...(gates ? { scan: { step: 'scan', value: 'outcome' as const }, sbom: { step: 'sbom', value: 'outcome' as const } } : {}),
    },
    steps: [
      CHECKOUT,
      { kind: 'image-build', id: 'build', output: { kind: 'archive', path: ARCHIVE }, cache: 'read-write' },
      // Scan and SBOM of the exact archive that is promoted, read as an OCI layout.
      ...(gates
        ? ([
            { kind: 'run', name: 'Unpack the archive as an OCI layout for the scanners', run: `mkdir -p ${LAYOUT} && tar -xf ${ARCHIVE} -C ${LAYOUT}\n` },
            { kind: 'scan', id: 'scan', target: { kind: 'oci-layout', path: LAYOUT }, scanners: 'vuln' },
            { kind: 'sbom', id: 'sbom', layout: LAYOUT, output: 'sbom.spdx.json' },
          ] satisfies Step[])
        : []),
      { kind: 'upload-artifact', name: 'image', path: ARCHIVE },
    ],
  };
}

/** T1's deploy job: 20 minutes, or what the target's waits and rollback need with room for building and pushing. */
function singleJobMinutes(plan: DeployPlan, target: DeployTarget): number {
  const c = plan.commands.perTarget[target.id]!;
  return Math.max(20, jobTimeoutMinutes([c.runMigrations, c.waitForRollout], [c.rollback]));
}

/** Long enough for every wait and then the rollback (a cancelled job runs no failure handling). */
function rolloutJobMinutes(plan: DeployPlan, target: DeployTarget): number {
  const c = plan.commands.perTarget[target.id]!;
  return Math.max(30, jobTimeoutMinutes([c.runMigrations, c.waitForRollout], [c.rollback]));
}

/** Push the tested archive to the target's registry, digest unchanged; sign and attest it at T3. */
function pushSteps(plan: DeployPlan, target: DeployTarget, output: boolean): Step[] {
  return [
    { kind: 'cloud-login', region: target.region, purpose: 'deploy' },
    { kind: 'registry-login', region: target.region },
    { kind: 'download-artifact', name: 'image' },
    { kind: 'image-push', ...(output ? { id: 'push' } : {}), archive: ARCHIVE, repository: target.registryRepository, digest: DIGEST },
    ...(plan.features.supplyChain ? ([{ kind: 'sign' }, { kind: 'attest', repository: target.registryRepository, digest: DIGEST }] satisfies Step[]) : []),
  ];
}

/**
 * Per target after its Terraform: push the image, then roll out. A target deployed from a
 * self-hosted runner inside its VPC (T3) pushes from a hosted one first: the copy tool (skopeo)
 * is on hosted runners, and the runner image inside the VPC needs only the cloud CLI and kubectl.
 */
function promotedDeployJobs(plan: DeployPlan, env: EnvironmentPlan, target: DeployTarget): Job[] {
  const grants: Grant[] = plan.features.supplyChain ? ['oidc', 'attestations'] : ['oidc'];
  const needs = [terraformJobId(target.id), BUILD_JOB];
  const minutes = rolloutJobMinutes(plan, target);
  if (target.runner.kind === 'hosted') {
    return [{ id: deployJobId(target.id), ...targetJob(env, target, needs, target.runner, minutes, grants), env: { DIGEST }, steps: [CHECKOUT, ...pushSteps(plan, target, false), ...rolloutSteps(plan, env, target)] }];
  }
  const push: Job = {
    id: pushJobId(target.id),
    ...targetJob(env, target, needs, HOSTED, 15, grants),
    env: { DIGEST },
    outputs: { image: { step: 'push', value: 'image' } },
    steps: pushSteps(plan, target, true),
  };
  const deploy: Job = {
    id: deployJobId(target.id),
    ...targetJob(env, target, [pushJobId(target.id)], target.runner, minutes),
    env: { IMAGE: { from: 'job', job: pushJobId(target.id), output: 'image' } },
    steps: [CHECKOUT, { kind: 'cloud-login', region: target.region, purpose: 'deploy' }, ...rolloutSteps(plan, env, target)],
  };
  return [push, deploy];
}

/**
 * Before the second region deploys, the primary region must be healthy: its rollout complete, and
 * none of this app's critical alerts firing there.
 */
function gateJob(plan: DeployPlan, env: EnvironmentPlan, primary: DeployTarget, needs: string[]): Job {
  const c = plan.commands.perTarget[primary.id]!;
  return {
    id: gateJobId(env.name),
    ...targetJob(env, primary, needs, primary.runner, 35),
    steps: [
      CHECKOUT,
      { kind: 'cloud-login', region: primary.region, purpose: 'deploy' },
      run(c.connect.run),
      ...(plan.features.progressiveDelivery !== 'none' ? [{ kind: 'install-tools', tools: ['kubectl-argo-rollouts'] } satisfies Step] : []),
      { kind: 'run', name: `Verify the ${env.name} rollout in ${primary.region} is healthy`, run: c.waitForRollout.run },
      // The app's alerts only (the plan's query, src/plan/alert-gate.ts): the platform's own fire from the start on a managed control plane.
      ...(plan.commands.verifyNoAlerts
        ? [{ kind: 'run', name: `Verify no critical alert of the app is firing in ${primary.region}`, run: `${plan.commands.verifyNoAlerts.run}\n` } satisfies Step]
        : []),
    ],
  };
}

/** T2+: build once, then per target Terraform and deploy, in promotion order; T3 gates and reports. */
function promotionJobs(plan: DeployPlan): Job[] {
  const policy = plan.features.policyAsCode;
  const jobs: Job[] = [buildJob(plan), ...(policy ? [policyTestJob(plan)] : [])];
  let previous: string[] = policy ? [POLICY_TEST_JOB] : [];
  for (const env of plan.environments) {
    for (const target of env.targets) {
      jobs.push(terraformJob(plan, env, target, previous), ...promotedDeployJobs(plan, env, target));
      previous = [deployJobId(target.id)];
      if (target.primary && env.targets.length > 1) {
        jobs.push(gateJob(plan, env, target, previous));
        previous = [gateJobId(env.name)];
      }
    }
  }
  if (policy || plan.features.supplyChain) {
    // It runs even when a gate failed: that is when the report matters most.
    const all = jobs.map((j) => j.id);
    jobs.push({ id: COMPLIANCE_JOB, needs: all, always: true, runner: HOSTED, timeoutMinutes: 5, grants: [], steps: [{ kind: 'compliance-report', jobs: all, digest: DIGEST }] });
  }
  return jobs;
}

export function deployWorkflow(plan: DeployPlan): Workflow {
  return {
    id: 'deploy',
    title: 'Deploy',
    trigger: { pullRequests: false, branches: [plan.branch], manual: true },
    cancelSuperseded: false,
    jobs: plan.features.multiEnvironment ? promotionJobs(plan) : singleEnvironmentJobs(plan),
  };
}
