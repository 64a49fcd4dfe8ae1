/**
 * Per deploy target: the variables file and the partial azurerm backend config CI passes to
 * Terraform. Every target has its own state blob, in its environment's container (which only
 * that environment's Terraform identity may write); the blob's lease locks it.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { DeployTarget, EnvironmentPlan, Plan } from '../../../../plan/types.js';
import { type HclBody, attr, blank, comment } from '../../../../render/hcl.js';
import { registryFor } from '../identity.js';
import { keyVaultName, postgresName, resourceGroup, stateContainer, storageAccountName } from '../names.js';
import { hasZones } from '../regions.js';
import { subscriptionOf } from '../subscription.js';
import { dbInstance, hclFile, nodePool } from './shared.js';

function t3Values(plan: Plan, env: EnvironmentPlan, target: DeployTarget): HclBody {
  const body: HclBody = [];
  if (plan.features.database && target.primary) {
    const db = dbInstance(env);
    // A zone-redundant standby needs availability zones.
    body.push(attr('db_server_name', postgresName(plan.stateStore, target.clusterName)), attr('db_sku', db.sku), attr('db_high_availability', db.ha && hasZones(target.region)));
  }
  return body.length ? [blank(), ...body] : [];
}

export function targetFiles(plan: Plan, env: EnvironmentPlan, target: DeployTarget): VirtualFile[] {
  const dir = plan.paths.iacDir;
  const where = target.primary ? env.name : `${env.name} in ${target.region}`;
  const nodes = nodePool(env);
  return [
    hclFile(`${dir}/${target.varsPath}`, `Terraform variables of ${where}`, [
      ...(target.primary
        ? []
        : [comment('Warm standby of production, deployed after the primary region passes its gate: its own registry,'), comment('cluster and state. The database stays in the primary region.')]),
      attr('subscription_id', subscriptionOf(plan)),
      attr('region', target.region),
      attr('environment', env.name),
      attr('resource_group', resourceGroup(plan.name, env.name, target.region)),
      attr('cluster_name', target.clusterName),
      attr('registry_name', registryFor(plan, env.name, target.region)),
      attr('image_repository', target.registryRepository),
      plan.features.hardenedInfrastructure && attr('key_vault_name', keyVaultName(plan.stateStore, plan.name, target.id)),
      attr('cluster_admins', plan.answers.clusterAdmins),
      attr('zones', hasZones(target.region) ? ['1', '2', '3'] : []),
      attr('node_vm_size', nodes.vmSize),
      attr('node_min_count', nodes.min),
      attr('node_max_count', nodes.max),
      ...t3Values(plan, env, target),
    ]),
    hclFile(`${dir}/${target.backendConfigPath}`, `azurerm backend settings of ${where}`, [
      attr('storage_account_name', storageAccountName(plan.stateStore)),
      attr('container_name', stateContainer(env.name)),
      attr('key', target.stateKey),
      attr('use_azuread_auth', true),
    ]),
  ];
}

export const environmentFiles = (plan: Plan, env: EnvironmentPlan): VirtualFile[] => env.targets.flatMap((target) => targetFiles(plan, env, target));
