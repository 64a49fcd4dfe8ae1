/** versions.tf, providers.tf, variables.tf and outputs.tf of the root stack CI applies per deploy target. */
import type { VirtualFile } from '../../../../core/files.js';
import { GENERATOR } from '../../../../plan/conventions.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, blank, block, expr } from '../../../../render/hcl.js';
import { VERSIONS, hclFile, output, privateServices, redis, variable } from './shared.js';

export function versionsTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/versions.tf`, 'Terraform and Google provider versions; GCS backend (per-target prefix)', [
    block('terraform', [], [
      attr('required_version', VERSIONS.terraform),
      blank(),
      block('required_providers', [], [attr('google', { source: 'hashicorp/google', version: VERSIONS.google })]),
      blank(),
      block('backend', ['gcs'], []),
    ]),
  ]);
}

export function providersTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/providers.tf`, 'Google provider with labels on every resource', [
    block('provider', ['google'], [
      attr('project', expr('var.project')),
      attr('region', expr('var.region')),
      attr('default_labels', { project: plan.name, environment: expr('var.environment'), 'managed-by': GENERATOR }),
    ]),
  ]);
}

export function variablesTf(plan: Plan): VirtualFile {
  const f = plan.features;
  return hclFile(`${plan.paths.iacDir}/variables.tf`, 'Inputs of the stack; environments/*.tfvars sets them', [
    variable('project', 'string'),
    variable('region', 'string'),
    variable('environment', 'string', 'Environment name, for labels.'),
    variable('cluster_name', 'string', 'GKE cluster; also names the VPC.'),
    variable('image', 'string', 'Image path below the registry host: <repository>/<image>.'),
    variable('node_service_account', 'string'),
    f.database &&
      (f.multiRegion
        ? variable('db_tier', 'string', 'Cloud SQL machine tier (Enterprise edition); null in the second region, which restores backups on failover.', { default: expr('null') })
        : variable('db_tier', 'string', 'Cloud SQL machine tier (Enterprise edition).')),
    f.database && variable('db_availability', 'string', 'ZONAL, or REGIONAL for a standby in a second zone.', { default: 'ZONAL' }),
    redis(plan) && variable('redis_tier', 'string', 'BASIC, or STANDARD_HA with a replica.'),
    f.securityMonitoring &&
      variable('enable_project_audit', 'bool', 'Alert on project-wide audit events (IAM policy, service account keys); true in one stack only.', { default: false }),
    f.securityMonitoring && variable('notification_channels', 'list(string)', 'Cloud Monitoring channels security alerts notify.', { default: [] }),
  ]);
}

export function outputsTf(plan: Plan): VirtualFile {
  const f = plan.features;
  const db = f.multiRegion ? (path: string) => `one(google_sql_database_instance.app[*].${path})` : (path: string) => `google_sql_database_instance.app.${path}`;
  return hclFile(`${plan.paths.iacDir}/outputs.tf`, 'Values CI and the guides read after apply', [
    output('cluster_name', 'google_container_cluster.app.name'),
    output('image_repository', '"${var.region}-docker.pkg.dev/${var.project}/${var.image}"'),
    output('network', 'google_compute_network.vpc.name'),
    privateServices(plan) && blank(),
    f.database && output('db_instance', db('name')),
    f.database && output('db_private_ip', db('private_ip_address')),
    redis(plan) && output('redis_host', 'google_redis_instance.app.host'),
    redis(plan) && output('redis_port', 'google_redis_instance.app.port'),
  ]);
}
