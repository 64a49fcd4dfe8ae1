/**
 * database.tf (T3 with postgres): Cloud SQL for PostgreSQL with a private address only (private
 * services access), TLS required, point-in-time recovery, and deletion protection both in
 * Terraform and in the API. The Enterprise edition is set: from PostgreSQL 16 the default is
 * Enterprise Plus, which refuses every db-custom tier. No password is created here (it would land
 * in the state): the setup guide creates the app's user and its Secret. With a second region,
 * that region has no database of its own: backups are stored multi-regionally, and failover
 * restores the latest one there.
 *
 * redis.tf (T3 with redis): Memorystore in the same peering, AUTH on. In-transit encryption stays
 * off: with it the port becomes 6378 and every client must trust the instance's own CA; the
 * connection never leaves the VPC peering.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, blank, block, comment, expr } from '../../../../render/hcl.js';
import { hclFile } from './shared.js';

const BACKUPS = 14;

export function databaseTf(plan: Plan): VirtualFile {
  const multiRegion = plan.features.multiRegion;
  const instance = multiRegion ? 'google_sql_database_instance.app[0]' : 'google_sql_database_instance.app';
  return hclFile(`${plan.paths.iacDir}/database.tf`, 'Cloud SQL for PostgreSQL: private IP, TLS, PITR, deletion protection', [
    block('resource', ['google_sql_database_instance', 'app'], [
      multiRegion && attr('count', expr('var.db_tier == null ? 0 : 1')),
      attr('name', expr('var.cluster_name')),
      attr('database_version', 'POSTGRES_17'),
      attr('region', expr('var.region')),
      attr('deletion_protection', true),
      blank(),
      block('settings', [], [
        attr('edition', 'ENTERPRISE'),
        attr('tier', expr('var.db_tier')),
        attr('availability_type', expr('var.db_availability')),
        attr('deletion_protection_enabled', true),
        attr('disk_autoresize', true),
        attr('user_labels', { environment: expr('var.environment') }),
        block('ip_configuration', [], [
          attr('ipv4_enabled', false),
          attr('private_network', expr('google_compute_network.vpc.id')),
          attr('ssl_mode', 'ENCRYPTED_ONLY'),
        ]),
        block('backup_configuration', [], [
          attr('enabled', true),
          attr('point_in_time_recovery_enabled', true),
          attr('transaction_log_retention_days', 7),
          block('backup_retention_settings', [], [attr('retained_backups', BACKUPS)]),
        ]),
        block('insights_config', [], [attr('query_insights_enabled', true)]),
      ]),
      attr('depends_on', [expr('google_service_networking_connection.services')]),
    ]),
    block('resource', ['google_sql_database', 'app'], [
      multiRegion && attr('count', expr('var.db_tier == null ? 0 : 1')),
      attr('name', plan.database!.name),
      attr('instance', expr(`${instance}.name`)),
    ]),
  ]);
}

export function redisTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/redis.tf`, 'Memorystore for Redis: private services access, AUTH', [
    block('resource', ['google_redis_instance', 'app'], [
      attr('name', expr('var.cluster_name')),
      attr('tier', expr('var.redis_tier')),
      attr('memory_size_gb', 1),
      attr('redis_version', 'REDIS_7_2'),
      attr('authorized_network', expr('google_compute_network.vpc.id')),
      attr('connect_mode', 'PRIVATE_SERVICE_ACCESS'),
      attr('auth_enabled', true),
      comment('TLS would move the port to 6378 and need the instance CA in every client; traffic stays in the peering.'),
      attr('transit_encryption_mode', 'DISABLED'),
      attr('depends_on', [expr('google_service_networking_connection.services')]),
    ]),
  ]);
}
