/**
 * cluster.tf: the AKS cluster and its Log Analytics workspace. Entra ID only (no local accounts,
 * Azure RBAC for Kubernetes), OIDC issuer and workload identity for the app's pods, Azure CNI
 * with a pod subnet and Cilium enforcing NetworkPolicies, Container Insights, automatic patch
 * upgrades. From T2 the Standard tier (uptime SLA) and Azure Policy; at T3 a private API server,
 * which only runners inside the virtual network reach. The deploy identity and the listed admins
 * get cluster admin through Azure RBAC (as the AWS stack's access entries do).
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, block, comment, expr } from '../../../../render/hcl.js';
import { identityName, sharedResourceGroup } from '../names.js';
import { subnetId } from './network.js';
import { hclFile, roleAssignment } from './shared.js';

const CLUSTER = 'azurerm_kubernetes_cluster.app';

export function clusterTf(plan: Plan): VirtualFile {
  const f = plan.features;
  return hclFile(`${plan.paths.iacDir}/cluster.tf`, 'AKS: Entra ID RBAC, workload identity, Azure CNI + Cilium, Container Insights', [
    block('resource', ['azurerm_log_analytics_workspace', 'app'], [
      attr('name', expr('var.cluster_name')),
      attr('location', expr('var.region')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('retention_in_days', f.hardenedInfrastructure ? 90 : 30),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_kubernetes_cluster', 'app'], [
      attr('name', expr('var.cluster_name')),
      attr('location', expr('var.region')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('dns_prefix', expr('var.cluster_name')),
      attr('sku_tier', f.hardenedInfrastructure ? 'Standard' : 'Free'),
      attr('automatic_upgrade_channel', 'patch'),
      attr('node_os_upgrade_channel', 'NodeImage'),
      attr('oidc_issuer_enabled', true),
      attr('workload_identity_enabled', true),
      attr('local_account_disabled', true),
      f.hardenedInfrastructure && attr('azure_policy_enabled', true),
      ...(f.privateApi
        ? [comment('No public API endpoint: deploys run on runners inside the virtual network.'), attr('private_cluster_enabled', true)]
        : []),
      block('azure_active_directory_role_based_access_control', [], [
        attr('azure_rbac_enabled', true),
        attr('tenant_id', expr('data.azurerm_client_config.current.tenant_id')),
      ]),
      block('default_node_pool', [], [
        attr('name', 'system'),
        attr('vm_size', expr('var.node_vm_size')),
        attr('vnet_subnet_id', expr(subnetId('nodes'))),
        attr('pod_subnet_id', expr(subnetId('pods'))),
        attr('zones', expr('var.zones')),
        attr('auto_scaling_enabled', true),
        attr('min_count', expr('var.node_min_count')),
        attr('max_count', expr('var.node_max_count')),
        attr('temporary_name_for_rotation', 'systemtmp'),
      ]),
      block('identity', [], [attr('type', 'SystemAssigned')]),
      block('network_profile', [], [
        attr('network_plugin', 'azure'),
        attr('network_data_plane', 'cilium'),
        attr('network_policy', 'cilium'),
      ]),
      block('oms_agent', [], [
        attr('log_analytics_workspace_id', expr('azurerm_log_analytics_workspace.app.id')),
        attr('msi_auth_for_monitoring_enabled', true),
      ]),
      f.hardenedInfrastructure && block('key_vault_secrets_provider', [], [attr('secret_rotation_enabled', true)]),
      attr('tags', expr('local.tags')),
    ]),
    block('data', ['azurerm_user_assigned_identity', 'deploy'], [
      comment("The environment's deploy identity (infra/bootstrap)."),
      attr('name', expr(`"${identityName(plan.name, '${var.environment}', 'deploy')}"`)),
      attr('resource_group_name', sharedResourceGroup(plan.name)),
    ]),
    roleAssignment('deploy_cluster', `${CLUSTER}.id`, 'Azure Kubernetes Service RBAC Cluster Admin', 'data.azurerm_user_assigned_identity.deploy.principal_id'),
    block('resource', ['azurerm_role_assignment', 'admins'], [
      attr('for_each', expr('toset(var.cluster_admins)')),
      attr('scope', expr(`${CLUSTER}.id`)),
      attr('role_definition_name', 'Azure Kubernetes Service RBAC Cluster Admin'),
      attr('principal_id', expr('each.value')),
    ]),
  ]);
}
