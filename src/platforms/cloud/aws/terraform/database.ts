/**
 * database.tf (T3 with postgres): RDS PostgreSQL in the private subnets, reachable on 5432
 * from the EKS nodes only; encrypted with its own KMS key; password generated and kept by
 * RDS in Secrets Manager. With a second region, that region keeps replicated automated
 * backups (restore there on failover) instead of a database of its own: a cross-region read
 * replica would also need the primary's secret and a promotion runbook; add one when the
 * recovery point must be seconds rather than minutes.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, blank, block, call, comment, expr } from '../../../../render/hcl.js';
import { hclFile } from './shared.js';

const BACKUP_DAYS = 14;

/** A reference to the DB instance: counted when the stack may be the second region. */
export function dbRef(plan: Plan, path: string, counted = false): string {
  if (!plan.features.multiRegion) return `aws_db_instance.app.${path}`;
  return counted ? `aws_db_instance.app[0].${path}` : `one(aws_db_instance.app[*].${path})`;
}

export function databaseTf(plan: Plan): VirtualFile {
  const multiRegion = plan.features.multiRegion;
  const count = multiRegion && attr('count', expr('local.create_database'));
  const one = multiRegion ? '[0]' : '';
  return hclFile(`${plan.paths.iacDir}/database.tf`, 'RDS PostgreSQL: private, encrypted, Multi-AZ in production, password in Secrets Manager', [
    multiRegion && block('locals', [], [attr('create_database', expr('var.db_backup_source_region == null ? 1 : 0'))]),
    block('resource', ['aws_kms_key', 'db'], [
      attr('description', expr('"${var.cluster_name} database storage, backups, Performance Insights and password"')),
      attr('enable_key_rotation', true),
      comment("The account delegates to IAM, as by default; CI's infrastructure role administers the key by name,"),
      comment('which takes effect at once (a grant by the new key\'s tags may take minutes).'),
      attr('policy', call('jsonencode', {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { AWS: [expr('"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"'), expr('local.infrastructure_role')] },
          Action: 'kms:*',
          Resource: '*',
        }],
      })),
    ]),
    block('resource', ['aws_db_subnet_group', 'app'], [
      count,
      attr('name', expr('var.cluster_name')),
      attr('subnet_ids', expr('module.vpc.private_subnets')),
    ]),
    block('resource', ['aws_security_group', 'db'], [
      count,
      attr('name', expr('"${var.cluster_name}-db"')),
      attr('description', 'PostgreSQL from the EKS nodes only; no egress'),
      attr('vpc_id', expr('module.vpc.vpc_id')),
    ]),
    block('resource', ['aws_vpc_security_group_ingress_rule', 'db_from_nodes'], [
      count,
      attr('security_group_id', expr(`aws_security_group.db${one}.id`)),
      attr('referenced_security_group_id', expr('module.eks.node_security_group_id')),
      attr('ip_protocol', 'tcp'),
      attr('from_port', 5432),
      attr('to_port', 5432),
    ]),
    block('resource', ['aws_db_instance', 'app'], [
      count,
      attr('identifier', expr('var.cluster_name')),
      attr('engine', 'postgres'),
      attr('engine_version', '17'),
      attr('instance_class', expr('var.db_instance_class')),
      attr('allocated_storage', 20),
      attr('max_allocated_storage', 100),
      attr('storage_type', 'gp3'),
      attr('db_name', plan.name.replace(/-/g, '_')),
      attr('username', 'postgres'),
      comment('RDS generates and rotates the password in Secrets Manager: never in a file or the state.'),
      attr('manage_master_user_password', true),
      comment("Under the environment's own key: no other environment's roles may decrypt it."),
      attr('master_user_secret_kms_key_id', expr('aws_kms_key.db.arn')),
      blank(),
      attr('db_subnet_group_name', expr(`aws_db_subnet_group.app${one}.name`)),
      attr('vpc_security_group_ids', [expr(`aws_security_group.db${one}.id`)]),
      attr('multi_az', expr('var.db_multi_az')),
      blank(),
      attr('storage_encrypted', true),
      attr('kms_key_id', expr('aws_kms_key.db.arn')),
      attr('performance_insights_enabled', true),
      attr('performance_insights_kms_key_id', expr('aws_kms_key.db.arn')),
      attr('backup_retention_period', BACKUP_DAYS),
      attr('copy_tags_to_snapshot', true),
      attr('deletion_protection', true),
      attr('skip_final_snapshot', false),
      attr('final_snapshot_identifier', expr('"${var.cluster_name}-final"')),
    ]),
    multiRegion &&
      block('resource', ['aws_db_instance_automated_backups_replication', 'app'], [
        comment('Second region only: copies of the primary database backups, encrypted with this region\'s key.'),
        attr('count', expr('1 - local.create_database')),
        attr('source_db_instance_arn', expr('"arn:aws:rds:${var.db_backup_source_region}:${data.aws_caller_identity.current.account_id}:db:${var.db_backup_source_instance}"')),
        attr('kms_key_id', expr('aws_kms_key.db.arn')),
        attr('retention_period', BACKUP_DAYS),
      ]),
  ]);
}
