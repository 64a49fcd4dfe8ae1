/**
 * Azure with Terraform. infra/terraform is the stack CI applies once per deploy target (virtual
 * network, AKS, container registry, Application Gateway for Containers, Key Vault and the app's
 * workload identity from T2; at T3 PostgreSQL and security monitoring), each with its own tfvars and
 * state blob; infra/bootstrap is what a human applies once before that (resource providers, state
 * storage account, resource groups, CI identities). Files switch on plan.features, never on the tier.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import type { TerraformCloud } from '../../../iac/terraform/types.js';
import { bootstrapMainTf } from './bootstrap.js';
import { clusterTf } from './cluster.js';
import { databaseTf } from './database.js';
import { azureTerraformDeliverables } from './deliverables.js';
import { environmentFiles } from './environments.js';
import { azureIdentities, azureOwnedResources } from './identity-facts.js';
import { ingressTf } from './ingress.js';
import { keyVaultTf } from './keyvault.js';
import { networkTf } from './network.js';
import { registryTf } from './registry.js';
import { outputsTf, providersTf, variablesTf, versionsTf } from './root-stack.js';
import { securityMonitoringTf } from './security-monitoring.js';
import { azureUniqueNames } from './unique-names.js';

function render(plan: Plan): VirtualFile[] {
  return [
    versionsTf(plan),
    providersTf(plan),
    variablesTf(plan),
    networkTf(plan),
    clusterTf(plan),
    registryTf(plan),
    ingressTf(plan),
    ...(plan.features.hardenedInfrastructure ? [keyVaultTf(plan)] : []),
    outputsTf(plan),
    ...(plan.features.database ? [databaseTf(plan)] : []),
    ...(plan.features.securityMonitoring ? [securityMonitoringTf(plan)] : []),
    ...plan.environments.flatMap((env) => environmentFiles(plan, env)),
    bootstrapMainTf(plan),
  ];
}

export const azureTerraform: TerraformCloud = {
  render,
  provider: /^\s*provider\s+"azurerm"\s*\{/m,
  vars: { cluster: 'cluster_name', registry: 'image_repository' },
  backend: 'azurerm',
  uniqueNames: azureUniqueNames,
  hasDatabase: (values, plan) => plan.features.database && Boolean(values['db_server_name']),
  identities: azureIdentities,
  ownedResources: azureOwnedResources,
  deliverables: azureTerraformDeliverables,
};
