/**
 * The names a Google Cloud target creates that must be unique: the VPC (and the log-based metrics
 * named after it) across the project, the cluster and the Artifact Registry repository per region.
 */
import type { Plan } from '../../../../plan/types.js';
import type { UniqueName } from '../../../../steps/facts.js';

export function gcpUniqueNames(values: Record<string, string>, _plan: Plan): Omit<UniqueName, 'targetId' | 'file'>[] {
  const region = values['region'] ?? '';
  const cluster = values['cluster_name'];
  const repository = values['image']?.split('/')[0];
  const names: Omit<UniqueName, 'targetId' | 'file'>[] = [];
  if (cluster) {
    names.push({ name: cluster, kind: 'VPC network', scope: 'account', region });
    names.push({ name: cluster, kind: 'GKE cluster', scope: 'region', region });
  }
  if (repository) names.push({ name: repository, kind: 'Artifact Registry repository', scope: 'region', region });
  return names;
}
