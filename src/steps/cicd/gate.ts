/**
 * gate-<env> (T3 multi-region): before the second region deploys, the primary region must be
 * healthy: its rollout complete, and no critical alert of the app firing in its Prometheus
 * (the query is the plan's, src/plan/alert-gate.ts).
 */
import type { DeployTarget, EnvironmentPlan, Plan } from '../../plan/types.js';
import { OIDC, checkout, deployConcurrency, login, named, needsOf, runsOn, type GhaJob } from './gha.js';
import { installTools } from './tools.js';

export { alertsPath } from '../../plan/alert-gate.js';

export function gateJob(
  plan: Pick<Plan, 'commands' | 'roleArnVariable' | 'features' | 'rollout'>,
  env: EnvironmentPlan,
  primary: DeployTarget,
  needs: string[],
): GhaJob {
  const c = plan.commands.perTarget[primary.id]!;
  return {
    ...needsOf(needs),
    'runs-on': runsOn(primary.runsOn),
    'timeout-minutes': 35,
    environment: env.name,
    permissions: OIDC,
    concurrency: deployConcurrency(primary),
    steps: [
      checkout(),
      login(plan, primary.region),
      named(c.kubeconfig),
      ...(plan.features.progressiveDelivery !== 'none' ? [installTools('kubectl-argo-rollouts')] : []),
      { name: `Verify the ${env.name} rollout in ${primary.region} is healthy`, run: c.waitForRollout.run },
      ...(plan.commands.verifyNoAlerts ? [{ name: `Verify no critical alert of the app is firing in ${primary.region}`, run: `${plan.commands.verifyNoAlerts.run}\n` }] : []),
    ],
  };
}
