/** versions.tf, providers.tf, variables.tf and outputs.tf of the root stack CI applies per deploy target. */
import type { VirtualFile } from '../../../../core/files.js';
import { GENERATOR } from '../../../../plan/conventions.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, blank, block, comment, expr } from '../../../../render/hcl.js';
import { VERSIONS, hclFile, output, variable } from './shared.js';

export function versionsTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/versions.tf`, 'Terraform and azurerm provider versions; azurerm backend (per-target state)', [
    block('terraform', [], [
      attr('required_version', plan.features.database ? VERSIONS.database : VERSIONS.terraform),
      blank(),
      block('required_providers', [], [
        attr('azurerm', { source: 'hashicorp/azurerm', version: VERSIONS.azurerm }),
        plan.features.database && attr('random', { source: 'hashicorp/random', version: VERSIONS.random }),
      ]),
      blank(),
      block('backend', ['azurerm'], []),
    ]),
  ]);
}

export function providersTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/providers.tf`, 'azurerm provider: Entra ID for storage, no provider registration', [
    block('provider', ['azurerm'], [
      block('features', [], []),
      attr('subscription_id', expr('var.subscription_id')),
      attr('storage_use_azuread', true),
      comment('infra/bootstrap registers them: CI cannot.'),
      attr('resource_provider_registrations', 'none'),
    ]),
    block('data', ['azurerm_client_config', 'current'], []),
    block('locals', [], [attr('tags', { project: plan.name, environment: expr('var.environment'), 'managed-by': GENERATOR })]),
  ]);
}

export function variablesTf(plan: Plan): VirtualFile {
  const f = plan.features;
  return hclFile(`${plan.paths.iacDir}/variables.tf`, 'Inputs of the stack; environments/*.tfvars sets them', [
    variable('subscription_id', 'string'),
    variable('region', 'string'),
    variable('environment', 'string'),
    variable('resource_group', 'string'),
    variable('cluster_name', 'string'),
    variable('registry_name', 'string'),
    variable('image_repository', 'string'),
    f.hardenedInfrastructure && variable('key_vault_name', 'string'),
    variable('cluster_admins', 'list(string)', 'Entra ID object ids.', { default: [] }),
    variable('zones', 'list(string)'),
    variable('node_vm_size', 'string'),
    variable('node_min_count', 'number'),
    variable('node_max_count', 'number'),
    f.database && variable('db_server_name', 'string', 'PostgreSQL flexible server (global name); null where the target has no database.', { default: expr('null') }),
    f.database && variable('db_sku', 'string', 'Burstable (B_…) or General Purpose (GP_…).', { default: 'B_Standard_B1ms' }),
    f.database && variable('db_high_availability', 'bool', 'A zone-redundant standby.', { default: false }),
    f.securityMonitoring && variable('security_alert_emails', 'list(string)', 'Who activity-log alerts notify.', { default: [] }),
  ]);
}

export function outputsTf(plan: Plan): VirtualFile {
  const f = plan.features;
  return hclFile(`${plan.paths.iacDir}/outputs.tf`, 'Values CI and the guides read after apply', [
    output('cluster_name', 'azurerm_kubernetes_cluster.app.name'),
    output('image_repository', '"${azurerm_container_registry.app.login_server}/${var.image_repository}"'),
    f.hardenedInfrastructure && output('key_vault_uri', 'azurerm_key_vault.app.vault_uri'),
    f.hardenedInfrastructure && output('app_client_id', 'azurerm_user_assigned_identity.app.client_id'),
    output('alb_controller_client_id', 'azurerm_user_assigned_identity.alb_controller.client_id'),
    output('log_analytics_workspace_id', 'azurerm_log_analytics_workspace.app.workspace_id'),
    f.database && output('db_host', 'one(azurerm_postgresql_flexible_server.app[*].fqdn)'),
    f.database && output('resource_group', 'var.resource_group'),
  ]);
}
