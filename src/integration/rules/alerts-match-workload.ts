import { metricNames } from '../../steps/observability/metric-names.js';
import type { ConsistencyRule } from '../rule.js';

/** Series families that exist only for some workload kinds (kube-state-metrics; Argo Rollouts' controller). */
const FAMILIES: { prefix: string; kinds: string[] }[] = [
  { prefix: 'kube_deployment_', kinds: ['Deployment'] },
  { prefix: 'kube_statefulset_', kinds: ['StatefulSet'] },
  { prefix: 'kube_daemonset_', kinds: ['DaemonSet'] },
  { prefix: 'rollout_', kinds: ['Rollout'] },
  // Deployments and Rollouts both run their pods through ReplicaSets.
  { prefix: 'kube_replicaset_', kinds: ['Deployment', 'Rollout'] },
];

/** A name the Job controller could give a pod of the Job (its name and a 5-character suffix). */
const jobPod = (job: string): string => `${job}-x7k2p`;

function matches(regex: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${regex})$`).test(value);
  } catch {
    return false;
  }
}

/**
 * The app's alerts query series that exist for the workload's kind (an Argo Rollout has no
 * kube_deployment_* series: an alert on them never fires), and pod alerts select the workload's
 * pods only: a migration Job's completed pods are not ready, forever.
 */
export const alertsMatchWorkload: ConsistencyRule = {
  id: 'alerts-match-workload',
  description: "The app's alerts query series that exist for its workload's kind, and select its pods, not the migration Job's.",
  needs: ['observability', 'deployment'],
  check({ facts }) {
    const workload = facts.deployment.workload;
    if (!workload) return [];
    const job = facts.deployment.migrationJob;
    const problems = [];
    for (const rule of facts.observability.rules) {
      if (!rule.alert || rule.namespace !== workload.namespace) continue;
      const wrong = metricNames(rule.expr).flatMap((m) => {
        const family = FAMILIES.find((f) => m.startsWith(f.prefix));
        return family && !family.kinds.includes(workload.kind) ? [{ metric: m, family }] : [];
      });
      if (wrong.length) {
        const { metric, family } = wrong[0]!;
        problems.push({
          message: `${rule.file}: alert ${rule.alert} queries ${metric}, a series of a ${family.kinds.join(' or ')}, but ${workload.file} runs ${workload.name} as a ${workload.kind}: the alert can never fire`,
          files: [rule.file, workload.file],
          remedy: workload.kind === 'Rollout'
            ? 'Query the series of the Rollout\'s ReplicaSets (kube_replicaset_*{replicaset=~"NAME-[a-z0-9]+"}), which kube-state-metrics exports for it.'
            : `Query the ${workload.kind}'s own series.`,
        });
      }
      if (job) {
        const pod = jobPod(job.name);
        const selects = [...rule.expr.matchAll(/\bpod\s*(=~|=)\s*"([^"]*)"/g)].some(([, op, v]) => (op === '=' ? v === pod : matches(v!, pod)));
        const excludes = [...rule.expr.matchAll(/\bpod\s*!~\s*"([^"]*)"/g)].some(([, v]) => matches(v!, pod)) || /owner_kind\s*=\s*"ReplicaSet"/.test(rule.expr);
        if (selects && !excludes) {
          problems.push({
            message: `${rule.file}: alert ${rule.alert} selects pods by a name pattern that also matches the migration Job's pods (${pod}, ${job.file}): a completed migration pod stays not ready and keeps it firing`,
            files: [rule.file, job.file],
            remedy: `Keep only the workload's pods: \`and on(namespace, pod) kube_pod_owner{owner_kind="ReplicaSet"}\`, or exclude \`pod!~"${job.name}-.*"\`.`,
          });
        }
      }
    }
    return problems;
  },
};
