/**
 * database.tf (T3 with postgres): PostgreSQL flexible server in its delegated subnet with a
 * private DNS zone (no public access), TLS enforced by the service, 14 days of point-in-time
 * backups, a zone-redundant standby in production. The administrator password is write-only
 * (an ephemeral random value that never reaches the state): the setup guide resets it once to
 * create the app's user. The second region has no server of its own (db_server_name null).
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, block, comment, expr } from '../../../../render/hcl.js';
import { subnetId } from './network.js';
import { hclFile } from './shared.js';

const COUNT = attr('count', expr('var.db_server_name == null ? 0 : 1'));

export function databaseTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/database.tf`, 'PostgreSQL flexible server: private, TLS, PITR, zone-redundant in production', [
    block('ephemeral', ['random_password', 'db'], [attr('length', 32), attr('special', false)]),
    block('resource', ['azurerm_private_dns_zone', 'db'], [
      COUNT,
      attr('name', expr('"${var.db_server_name}.private.postgres.database.azure.com"')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_private_dns_zone_virtual_network_link', 'db'], [
      COUNT,
      attr('name', 'app'),
      attr('private_dns_zone_name', expr('azurerm_private_dns_zone.db[0].name')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('virtual_network_id', expr('azurerm_virtual_network.app.id')),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_postgresql_flexible_server', 'app'], [
      COUNT,
      attr('name', expr('var.db_server_name')),
      attr('location', expr('var.region')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('version', '16'),
      attr('sku_name', expr('var.db_sku')),
      attr('storage_mb', 32768),
      attr('auto_grow_enabled', true),
      attr('delegated_subnet_id', expr(subnetId('database'))),
      attr('private_dns_zone_id', expr('azurerm_private_dns_zone.db[0].id')),
      attr('public_network_access_enabled', false),
      attr('backup_retention_days', 14),
      attr('administrator_login', 'pgadmin'),
      attr('administrator_password_wo', expr('ephemeral.random_password.db.result')),
      attr('administrator_password_wo_version', 1),
      block('authentication', [], [
        attr('active_directory_auth_enabled', true),
        attr('password_auth_enabled', true),
        attr('tenant_id', expr('data.azurerm_client_config.current.tenant_id')),
      ]),
      block('dynamic', ['high_availability'], [
        attr('for_each', expr('var.db_high_availability ? [1] : []')),
        block('content', [], [attr('mode', 'ZoneRedundant')]),
      ]),
      attr('tags', expr('local.tags')),
      attr('depends_on', [expr('azurerm_private_dns_zone_virtual_network_link.db')]),
      block('lifecycle', [], [
        comment('Azure may place the server or its standby in another zone than asked (capacity): no replacement for that.'),
        attr('prevent_destroy', true),
        attr('ignore_changes', [expr('zone'), expr('high_availability[0].standby_availability_zone')]),
      ]),
    ]),
    block('resource', ['azurerm_postgresql_flexible_server_database', 'app'], [
      COUNT,
      attr('name', plan.database!.name),
      attr('server_id', expr('azurerm_postgresql_flexible_server.app[0].id')),
    ]),
  ]);
}
