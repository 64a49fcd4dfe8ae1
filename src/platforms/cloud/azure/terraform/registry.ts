/**
 * registry.tf: the deploy target's container registry (global name, names.ts). No admin user and no anonymous pull: the cluster's
 * kubelet identity pulls (AcrPull), the environment's deploy identity pushes (AcrPush). From T2
 * Premium, which keeps untagged manifests only a week and is zone-redundant.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, block, expr } from '../../../../render/hcl.js';
import { hclFile, roleAssignment } from './shared.js';

export function registryTf(plan: Plan): VirtualFile {
  const premium = plan.features.hardenedInfrastructure;
  return hclFile(`${plan.paths.iacDir}/registry.tf`, 'Container registry: no admin user; kubelet pulls, the deploy identity pushes', [
    block('resource', ['azurerm_container_registry', 'app'], [
      attr('name', expr('var.registry_name')),
      attr('location', expr('var.region')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('sku', premium ? 'Premium' : 'Standard'),
      attr('admin_enabled', false),
      attr('anonymous_pull_enabled', false),
      premium && attr('retention_policy_in_days', 7),
      premium && attr('zone_redundancy_enabled', expr('length(var.zones) > 0')),
      attr('tags', expr('local.tags')),
    ]),
    roleAssignment('kubelet_pull', 'azurerm_container_registry.app.id', 'AcrPull', 'azurerm_kubernetes_cluster.app.kubelet_identity[0].object_id'),
    roleAssignment('deploy_push', 'azurerm_container_registry.app.id', 'AcrPush', 'data.azurerm_user_assigned_identity.deploy.principal_id'),
  ]);
}
