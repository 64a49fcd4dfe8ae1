/**
 * keyvault.tf: the target's key vault for the app's secrets (RBAC authorization, soft delete; purge
 * protection from T2, which is irreversible), and the app's own identity: a user-assigned identity
 * whose federated credential trusts the app's Kubernetes service account (Azure Workload
 * Identity), allowed to read the vault's secrets and nothing else.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, block, expr } from '../../../../render/hcl.js';
import { AUDIENCE, hclFile, roleAssignment } from './shared.js';

export function keyVaultTf(plan: Plan): VirtualFile {
  const hardened = plan.features.hardenedInfrastructure;
  return hclFile(`${plan.paths.iacDir}/keyvault.tf`, "Key Vault (RBAC) and the app's workload identity", [
    block('resource', ['azurerm_key_vault', 'app'], [
      attr('name', expr('var.key_vault_name')),
      attr('location', expr('var.region')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('tenant_id', expr('data.azurerm_client_config.current.tenant_id')),
      attr('sku_name', 'standard'),
      attr('rbac_authorization_enabled', true),
      attr('soft_delete_retention_days', hardened ? 90 : 7),
      attr('purge_protection_enabled', hardened),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_user_assigned_identity', 'app'], [
      attr('name', expr('"${var.cluster_name}-app"')),
      attr('location', expr('var.region')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_federated_identity_credential', 'app'], [
      attr('name', 'kubernetes'),
      attr('resource_group_name', expr('var.resource_group')),
      attr('parent_id', expr('azurerm_user_assigned_identity.app.id')),
      attr('audience', [AUDIENCE]),
      attr('issuer', expr('azurerm_kubernetes_cluster.app.oidc_issuer_url')),
      attr('subject', `system:serviceaccount:${plan.namespace}:${plan.name}`),
    ]),
    roleAssignment('app_secrets', 'azurerm_key_vault.app.id', 'Key Vault Secrets User', 'azurerm_user_assigned_identity.app.principal_id'),
  ]);
}
