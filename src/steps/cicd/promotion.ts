/**
 * Multi-environment deploy (T2+): the image is built once into an OCI archive, and every
 * target pushes that same archive to its own ECR with its digest preserved, so each
 * environment runs the identical, already-tested digest. Per target, in promotion order:
 * terraform-<id>, then deploy-<id>; a second region waits for gate-<env> on the primary.
 */
import { uses } from '../../data/action-pins.js';
import type { DeployTarget, EnvironmentPlan, Plan } from '../../plan/types.js';
import { COMPLIANCE_JOB, complianceJob } from './compliance.js';
import {
  ghaCache,
  OIDC,
  RUNNER,
  TERRAFORM_CI_VERSION,
  buildx,
  checkout,
  deployConcurrency,
  deployJobId,
  expr,
  gateJobId,
  login,
  named,
  needsOf,
  runsOn,
  terraformJobId,
  type GhaJob,
  type GhaStep,
} from './gha.js';
import { POLICY_TEST_JOB, conftestManifestStep, conftestPlanSteps, policyTestJob } from './policy/index.js';
import { SUPPLY_CHAIN_PERMISSIONS, archiveGateSteps, registryRepository, signSteps } from './supply-chain.js';
import { installTools, toolsFor } from './tools.js';
import { inStack } from './monorepo.js';
import { gateJob } from './gate.js';
import { jobTimeoutMinutes } from '../../plan/timeouts.js';

export type PromotionPlan = Pick<Plan, 'environments' | 'commands' | 'image' | 'roleArnVariable' | 'features' | 'paths' | 'rollout' | 'name' | 'location'>;

export const BUILD_JOB = 'build';
const ARCHIVE = 'image.tar';
const DIGEST = expr(`needs.${BUILD_JOB}.outputs.digest`);

export function promotionJobs(plan: PromotionPlan): Record<string, GhaJob> {
  const policy = plan.features.policyAsCode;
  const jobs: Record<string, GhaJob> = { [BUILD_JOB]: buildJob(plan), ...(policy ? { [POLICY_TEST_JOB]: policyTestJob(plan) } : {}) };
  let previous: string[] = policy ? [POLICY_TEST_JOB] : [];
  for (const env of plan.environments) {
    for (const target of env.targets) {
      jobs[terraformJobId(target.id)] = terraformJob(plan, env, target, previous);
      jobs[deployJobId(target.id)] = deployJob(plan, env, target);
      previous = [deployJobId(target.id)];
      if (target.primary && env.targets.length > 1) {
        jobs[gateJobId(env.name)] = gateJob(plan, env, target, previous);
        previous = [gateJobId(env.name)];
      }
    }
  }
  if (policy || plan.features.supplyChain) jobs[COMPLIANCE_JOB] = complianceJob(Object.keys(jobs));
  return jobs;
}

function buildJob(plan: PromotionPlan): GhaJob {
  const gates = plan.features.supplyChain;
  return {
    'runs-on': RUNNER,
    'timeout-minutes': 30,
    outputs: {
      digest: expr('steps.build.outputs.digest'),
      ...(gates ? { scan: expr('steps.scan.outcome'), sbom: expr('steps.sbom.outcome') } : {}),
    },
    steps: [
      checkout(),
      buildx(),
      {
        id: 'build',
        uses: uses('docker/build-push-action'),
        // provenance: false keeps a single manifest, whose digest the deploy jobs preserve.
        // The archive is written in the stack's directory, where the run steps (unpacking, pushing) find it.
        with: { context: inStack(plan, '.'), outputs: `type=oci,dest=${inStack(plan, ARCHIVE)}`, provenance: false, ...ghaCache(plan) },
      },
      ...(gates ? archiveGateSteps(plan, ARCHIVE) : []),
      { uses: uses('actions/upload-artifact'), with: { name: 'image', path: inStack(plan, ARCHIVE), 'if-no-files-found': 'error' } },
    ],
  };
}

/** A job of one deploy target: its environment (OIDC trust, approvals), runner and concurrency group. */
export function targetJob(env: EnvironmentPlan, target: DeployTarget, needs: string[], runner: string[], minutes: number): Omit<GhaJob, 'steps'> {
  return {
    ...needsOf(needs),
    'runs-on': runsOn(runner),
    'timeout-minutes': minutes,
    environment: env.name,
    permissions: OIDC,
    concurrency: deployConcurrency(target),
  };
}

/** Terraform init, plan (tested against the policies at T3) and apply for one deploy target. */
export function terraformJob(plan: PromotionPlan, env: EnvironmentPlan, target: DeployTarget, needs: string[]): GhaJob {
  const c = plan.commands.perTarget[target.id]!;
  const policy = plan.features.policyAsCode;
  return {
    ...targetJob(env, target, needs, [RUNNER], 30),
    steps: [
      checkout(),
      login(plan, target.region),
      {
        uses: uses('hashicorp/setup-terraform'),
        // The wrapper echoes the command into stdout, which would corrupt `terraform show -json`.
        with: { terraform_version: TERRAFORM_CI_VERSION, ...(policy ? { terraform_wrapper: false } : {}) },
      },
      named(c.terraformInit),
      named(c.terraformPlan),
      ...(policy ? conftestPlanSteps(plan) : []),
      named(c.terraformApply),
    ],
  };
}

function deployJob(plan: PromotionPlan, env: EnvironmentPlan, target: DeployTarget): GhaJob {
  const c = plan.commands.perTarget[target.id]!;
  const f = plan.features;
  // ECR tags are immutable: a tag unique to the run attempt lets a failed deploy be re-run.
  const ref = '${REGISTRY}/${ECR_REPOSITORY}';
  const push: GhaStep = {
    name: 'Push the tested image, digest unchanged',
    env: { REGISTRY: expr('steps.ecr.outputs.registry') },
    run: [
      `skopeo copy --preserve-digests oci-archive:${ARCHIVE} "docker://${ref}:\${GITHUB_SHA}-\${GITHUB_RUN_ID}-\${GITHUB_RUN_ATTEMPT}"`,
      `echo "IMAGE=${ref}@\${DIGEST}" >> "$GITHUB_ENV"`,
      '',
    ].join('\n'),
  };
  // Long enough for every wait and then the rollback (a cancelled job runs no `if: failure()` step).
  const minutes = Math.max(30, jobTimeoutMinutes([c.runMigrations, c.waitForRollout], [c.rollback]));
  const job = targetJob(env, target, [terraformJobId(target.id), BUILD_JOB], target.runsOn, minutes);
  const tools = toolsFor(plan).filter((t) => t !== 'opa');
  return {
    ...job,
    permissions: f.supplyChain ? SUPPLY_CHAIN_PERMISSIONS : OIDC,
    // Only what the steps read: region, cluster and image name are in the inputs and commands that use them.
    env: {
      ECR_REPOSITORY: plan.image.repository,
      DIGEST,
    },
    steps: [
      checkout(),
      login(plan, target.region),
      { id: 'ecr', uses: uses('aws-actions/amazon-ecr-login') },
      { uses: uses('actions/download-artifact'), with: { name: 'image', ...(plan.location.directory ? { path: plan.location.directory } : {}) } },
      push,
      ...(f.supplyChain ? signSteps(registryRepository, DIGEST) : []),
      ...(tools.length ? [installTools(...tools)] : []),
      named(c.setImage),
      ...(f.policyAsCode ? [conftestManifestStep(plan, env.kustomizeDir)] : []),
      named(c.kubeconfig),
      ...(c.runMigrations ? [named(c.runMigrations)] : []),
      ...(c.applyObservability ? [named(c.applyObservability)] : []),
      // One step, so that a failed apply and a rollout that never becomes ready both roll back,
      // and a failure before the apply does not.
      { id: 'rollout', run: `${c.applyManifests.run}\n${c.waitForRollout.run}\n` },
      named(c.rollback, { if: "failure() && steps.rollout.outcome == 'failure'" }),
    ],
  };
}
