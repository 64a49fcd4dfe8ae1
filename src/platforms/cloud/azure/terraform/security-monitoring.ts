/**
 * security-monitoring.tf (T3): an action group that mails var.security_alert_emails, activity-log
 * alerts on the target's resource group (role assignments written or deleted, Key Vault and
 * cluster changes, cluster admin credentials listed), and diagnostic settings sending the
 * cluster's audit logs (kube-audit-admin: every write, exec into pods) and the vault's audit
 * events to the target's Log Analytics workspace.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, block, expr } from '../../../../render/hcl.js';
import { hclFile } from './shared.js';

/** Activity-log operations that alert, by alert name. */
export const ACTIVITY_ALERTS: Record<string, string> = {
  'role-assignment-write': 'Microsoft.Authorization/roleAssignments/write',
  'role-assignment-delete': 'Microsoft.Authorization/roleAssignments/delete',
  'key-vault-write': 'Microsoft.KeyVault/vaults/write',
  'cluster-admin-credentials': 'Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action',
};

function diagnostics(name: string, target: string, categories: string[]) {
  return block('resource', ['azurerm_monitor_diagnostic_setting', name], [
    attr('name', 'audit'),
    attr('target_resource_id', expr(target)),
    attr('log_analytics_workspace_id', expr('azurerm_log_analytics_workspace.app.id')),
    ...categories.map((c) => block('enabled_log', [], [attr('category', c)])),
  ]);
}

export function securityMonitoringTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/security-monitoring.tf`, 'Activity-log alerts and audit-log diagnostic settings', [
    block('resource', ['azurerm_monitor_action_group', 'security'], [
      attr('name', expr('"${var.cluster_name}-security"')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('short_name', 'security'),
      block('dynamic', ['email_receiver'], [
        attr('for_each', expr('var.security_alert_emails')),
        block('content', [], [attr('name', expr('email_receiver.value')), attr('email_address', expr('email_receiver.value'))]),
      ]),
      attr('tags', expr('local.tags')),
    ]),
    block('locals', [], [attr('activity_alerts', ACTIVITY_ALERTS)]),
    block('resource', ['azurerm_monitor_activity_log_alert', 'security'], [
      attr('for_each', expr('local.activity_alerts')),
      attr('name', expr('"${var.cluster_name}-${each.key}"')),
      attr('location', 'global'),
      attr('resource_group_name', expr('var.resource_group')),
      attr('scopes', [expr('"/subscriptions/${var.subscription_id}/resourceGroups/${var.resource_group}"')]),
      block('criteria', [], [attr('category', 'Administrative'), attr('operation_name', expr('each.value'))]),
      block('action', [], [attr('action_group_id', expr('azurerm_monitor_action_group.security.id'))]),
      attr('tags', expr('local.tags')),
    ]),
    diagnostics('cluster', 'azurerm_kubernetes_cluster.app.id', ['kube-audit-admin', 'guard']),
    diagnostics('key_vault', 'azurerm_key_vault.app.id', ['AuditEvent']),
  ]);
}
