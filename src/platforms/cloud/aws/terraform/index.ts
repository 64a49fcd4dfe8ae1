/**
 * AWS with Terraform. infra/terraform is the stack CI applies
 * once per deploy target (VPC, EKS, ECR; from T2 Pod Identity and flow logs; at T3 RDS,
 * ECR replication, security monitoring), each with its own tfvars and state key;
 * infra/bootstrap is what a human applies once before that (state bucket, GitHub OIDC
 * provider, deploy roles). Files switch on plan.features, never on the tier.
 */
import { awsEnvironmentTrust } from './trust-facts.js';
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import type { TerraformCloud } from '../../../iac/terraform/types.js';
import { accountAuditFiles } from './account-audit.js';
import { addonsTf } from './addons.js';
import { awsTerraformDeliverables } from './deliverables.js';
import { awsIdentities, awsOwnedResources } from './iam-facts.js';
import { awsUniqueNames } from './unique-names.js';
import { publicSubnetsOf } from '../network.js';
import { bootstrapMainTf, policyFiles } from './bootstrap.js';
import { eksTf, vpcTf } from './cluster.js';
import { databaseTf } from './database.js';
import { domainTf, servesDomain } from './domain.js';
import { environmentFiles } from './environments.js';
import { appIdentityTf } from './identity.js';
import { ecrTf } from './registry.js';
import { outputsTf, providersTf, variablesTf, versionsTf } from './root-stack.js';
import { securityMonitoringTf } from './security-monitoring.js';
import { ecsTf } from './ecs/service.js';
import { ecsOutputsTf, ecsTargetFiles, ecsVariablesTf } from './ecs/stack.js';

function render(plan: Plan): VirtualFile[] {
  if (plan.platforms.target === 'containers') return renderEcs(plan);
  return [
    versionsTf(plan),
    providersTf(plan),
    variablesTf(plan),
    vpcTf(plan),
    eksTf(plan),
    addonsTf(plan),
    ...(servesDomain(plan) ? [domainTf(plan)] : []),
    ecrTf(plan),
    outputsTf(plan),
    ...(plan.features.hardenedInfrastructure ? [appIdentityTf(plan)] : []),
    ...(plan.features.database ? [databaseTf(plan)] : []),
    ...(plan.features.securityMonitoring ? [securityMonitoringTf(plan), ...accountAuditFiles(plan)] : []),
    ...plan.environments.flatMap((env) => environmentFiles(plan, env)),
    bootstrapMainTf(plan),
    ...policyFiles(plan),
  ];
}

/** Target containers: the same VPC, registry and bootstrap, ECS on Fargate instead of EKS (ecs/). */
function renderEcs(plan: Plan): VirtualFile[] {
  return [
    versionsTf(plan),
    providersTf(plan),
    ecsVariablesTf(plan),
    vpcTf(plan),
    ecsTf(plan),
    ecrTf(plan),
    ecsOutputsTf(plan),
    ...plan.environments.flatMap((env) => env.targets.flatMap((target) => ecsTargetFiles(plan, env, target))),
    bootstrapMainTf(plan),
    ...policyFiles(plan),
  ];
}

export const awsTerraform: TerraformCloud = {
  render,
  provider: /^\s*provider\s+"aws"\s*\{/m,
  vars: { cluster: 'cluster_name', registry: 'ecr_repository_name' },
  backend: 's3',
  uniqueNames: awsUniqueNames,
  loadBalancerSources: publicSubnetsOf,
  identities: awsIdentities,
  environmentTrust: awsEnvironmentTrust,
  ownedResources: awsOwnedResources,
  // The second region keeps copies of the primary's backups (db_backup_source_region), no database.
  hasDatabase: (values, plan) => plan.features.database && !values['db_backup_source_region'],
  deliverables: awsTerraformDeliverables,
};
