import { isLocalAddress } from '../../config/local-address.js';
import type { ConsistencyRule } from '../rule.js';

/**
 * No setting the workload gets in the cluster names this machine: REDIS_HOST=localhost in a pod
 * is the pod itself, so the app cannot reach its cache and nothing says why. Local defaults
 * become the backing service they point at, or a key of the Secret the team sets per environment.
 */
export const noLocalAddressInCluster: ConsistencyRule = {
  id: 'no-local-address-in-cluster',
  description: "No environment variable of the workload (its env or ConfigMap) holds a local address (localhost, 127.0.0.1, ::1).",
  needs: ['deployment'],
  check({ plan, facts }) {
    const workload = facts.deployment.workload;
    if (!workload) return [];
    return Object.entries(workload.env)
      .filter(([, value]) => isLocalAddress(value))
      .map(([name, value]) => ({
        message: `${workload.file}: ${name}=${value} points at the pod itself, not at the service it names`,
        files: [workload.file, plan.paths.answers],
        remedy: `Give ${name} its address in the cluster: remove its value from app.settings in ${plan.paths.answers} and set "local: ${value}" instead (it then becomes the backing service it points at, or a key of the Secret ${plan.name}-connections).`,
      }));
  },
};
