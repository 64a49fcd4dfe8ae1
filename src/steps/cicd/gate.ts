/**
 * gate-<env> (T3 multi-region): before the second region deploys, the primary region must be
 * healthy: its rollout complete, and no critical alert firing in its Prometheus.
 */
import type { DeployTarget, EnvironmentPlan, Plan } from '../../plan/types.js';
import { OIDC, checkout, deployConcurrency, login, named, needsOf, runsOn, type GhaJob } from './gha.js';
import { installTools } from './tools.js';

/** Prometheus's alerts API through the Kubernetes API server proxy: no port-forward, no public endpoint. */
export function alertsPath(prometheusAddress: string): string {
  const url = new URL(prometheusAddress);
  const [service, namespace] = url.hostname.split('.');
  return `/api/v1/namespaces/${namespace}/services/${service}:${url.port || '80'}/proxy/api/v1/alerts`;
}

export function gateJob(
  plan: Pick<Plan, 'commands' | 'roleArnVariable' | 'features' | 'rollout'>,
  env: EnvironmentPlan,
  primary: DeployTarget,
  needs: string[],
): GhaJob {
  const c = plan.commands.perTarget[primary.id]!;
  const firing = '[.data.alerts[] | select(.state == "firing" and .labels.severity == "critical")] | length == 0';
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
      {
        name: `Verify no critical alert is firing in ${primary.region}`,
        run: `kubectl get --raw '${alertsPath(plan.rollout.prometheusAddress)}' | jq -e '${firing}'\n`,
      },
    ],
  };
}
