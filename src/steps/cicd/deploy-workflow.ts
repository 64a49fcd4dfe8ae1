import { uses } from '../../data/action-pins.js';
import type { EnvironmentPlan } from '../../plan/types.js';
import {
  ghaCache,
  READ_ONLY,
  RUNNER,
  buildx,
  checkout,
  deployJobId,
  expr,
  login,
  named,
  terraformJobId,
  type GhaJob,
  type Workflow,
} from './gha.js';
import { inStack, scoped } from './monorepo.js';
import { promotionJobs, targetJob, terraformJob, type PromotionPlan } from './promotion.js';

type DeployPlan = PromotionPlan;

/**
 * Per environment, in promotion order: Terraform, then push and roll out; each environment
 * waits for the previous one's rollout. From T2 the image is built once and promoted (promotion.ts).
 */
export function deployWorkflow(plan: DeployPlan): Workflow {
  return scoped(plan, plan.paths.deployWorkflow, {
    name: 'Deploy',
    on: { push: { branches: ['main'] }, workflow_dispatch: {} },
    permissions: READ_ONLY,
    jobs: plan.features.multiEnvironment ? promotionJobs(plan) : singleEnvironmentJobs(plan),
  });
}

/** T1: one environment, the image built and pushed in its deploy job. */
function singleEnvironmentJobs(plan: DeployPlan): Record<string, GhaJob> {
  const jobs: Record<string, GhaJob> = {};
  let previous: string | undefined;
  for (const env of plan.environments) {
    jobs[terraformJobId(env.name)] = terraformJob(plan, env, env.targets[0]!, previous ? [previous] : []);
    jobs[deployJobId(env.name)] = deployJob(plan, env);
    previous = deployJobId(env.name);
  }
  return jobs;
}

function deployJob(plan: DeployPlan, env: EnvironmentPlan): GhaJob {
  const c = plan.commands.perEnvironment[env.name]!;
  const image = `${expr('steps.ecr.outputs.registry')}/${expr('env.ECR_REPOSITORY')}`;
  // ECR tags are immutable: a tag unique to the run attempt lets a failed deploy be re-run.
  const tag = ['github.sha', 'github.run_id', 'github.run_attempt'].map(expr).join('-');
  return {
    ...targetJob(env, env.targets[0]!, [terraformJobId(env.name)], [RUNNER], 20),
    // Only what the steps read: region, cluster and image name are in the inputs and commands that use them.
    env: { ECR_REPOSITORY: plan.image.repository },
    steps: [
      checkout(),
      login(plan, env.region),
      { id: 'ecr', uses: uses('aws-actions/amazon-ecr-login') },
      buildx(),
      {
        id: 'build',
        uses: uses('docker/build-push-action'),
        // Reads the layer cache that CI's build of the same commit writes (mode=max); writing it
        // again here would only race with CI for the same entries.
        with: { context: inStack(plan, '.'), push: true, tags: `${image}:${tag}`, provenance: false, 'cache-from': ghaCache(plan)['cache-from']! },
      },
      named(c.setImage, { env: { IMAGE: `${image}@${expr('steps.build.outputs.digest')}` } }),
      named(c.kubeconfig),
      ...(c.applyObservability ? [named(c.applyObservability)] : []),
      // One step, so that a failed apply and a rollout that never becomes ready both roll back,
      // and a failure before the apply does not.
      { id: 'rollout', run: `${c.applyManifests.run}\n${c.waitForRollout.run}\n` },
      named(c.rollback, { if: "failure() && steps.rollout.outcome == 'failure'" }),
    ],
  };
}
