/**
 * Google Cloud with Terraform. infra/terraform is the stack CI applies once per deploy target
 * (VPC, Cloud NAT, GKE Autopilot; at T3 Cloud SQL, Memorystore and audit-log
 * alerts), each with its own tfvars and state prefix; infra/bootstrap is what a human applies
 * once before that (APIs, state bucket, CI identity federation, service accounts, the
 * Artifact Registry repositories). Files switch
 * on plan.features, never on the tier.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import type { TerraformCloud } from '../../../iac/terraform/types.js';
import { bootstrapMainTf } from './bootstrap.js';
import { clusterTf } from './cluster.js';
import { databaseTf, redisTf } from './database.js';
import { gcpTerraformDeliverables } from './deliverables.js';
import { environmentFiles } from './environments.js';
import { gcpIdentities, gcpOwnedResources } from './identity-facts.js';
import { networkTf } from './network.js';
import { registryTf } from './registry.js';
import { outputsTf, providersTf, variablesTf, versionsTf } from './root-stack.js';
import { securityMonitoringTf } from './security-monitoring.js';
import { redis } from './shared.js';
import { admittedClaims, gcpEnvironmentTrust } from './trust.js';
import { gcpUniqueNames } from './unique-names.js';

function render(plan: Plan): VirtualFile[] {
  return [
    versionsTf(plan),
    providersTf(plan),
    variablesTf(plan),
    networkTf(plan),
    clusterTf(plan),
    registryTf(plan),
    outputsTf(plan),
    ...(plan.features.database ? [databaseTf(plan)] : []),
    ...(redis(plan) ? [redisTf(plan)] : []),
    ...(plan.features.securityMonitoring ? [securityMonitoringTf(plan)] : []),
    ...plan.environments.flatMap((env) => environmentFiles(plan, env)),
    bootstrapMainTf(plan),
  ];
}

export const gcpTerraform: TerraformCloud = {
  render,
  provider: /^\s*provider\s+"google"\s*\{/m,
  vars: { cluster: 'cluster_name', registry: 'image' },
  backend: 'gcs',
  uniqueNames: gcpUniqueNames,
  hasDatabase: (values, plan) => plan.features.database && Boolean(values['db_tier']),
  admittedClaims,
  environmentTrust: gcpEnvironmentTrust,
  // The deploy and Terraform service accounts, and the resources their conditions admit (identity-facts.ts).
  identities: gcpIdentities,
  // What a target owns, by the names IAM gives it: its cluster, its image repository, its state prefix.
  ownedResources: gcpOwnedResources,
  deliverables: gcpTerraformDeliverables,
};
