/** versions.tf, providers.tf, variables.tf and outputs.tf of the root stack CI applies per environment. */
import type { VirtualFile } from '../../../../core/files.js';
import { GENERATOR } from '../../../../plan/conventions.js';
import type { Plan } from '../../../../plan/types.js';
import { type HclBody, attr, block, blank, comment, expr } from '../../../../render/hcl.js';
import { defaultHostedZone } from '../../../../plan/hosts.js';
import { dbRef } from './database.js';
import { boundaryName, infrastructureRoleName } from './iam-names.js';
import { VERSIONS, hclFile, output, privateApi, variable } from './shared.js';

export function versionsTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/versions.tf`, 'Terraform and AWS provider versions; S3 backend (per-environment config)', [
    block('terraform', [], [
      attr('required_version', VERSIONS.terraform),
      blank(),
      block('required_providers', [], [
        attr('aws', { source: 'hashicorp/aws', version: VERSIONS.awsProvider }),
      ]),
      blank(),
      block('backend', ['s3'], []),
    ]),
  ]);
}

export function providersTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/providers.tf`, 'AWS provider with tags on every resource', [
    block('provider', ['aws'], [
      attr('region', expr('var.region')),
      blank(),
      block('default_tags', [], [
        attr('tags', { project: plan.name, environment: expr('var.environment'), 'managed-by': GENERATOR }),
      ]),
    ]),
    block('data', ['aws_caller_identity', 'current'], []),
    // The names are DNS labels (the answers schema), safe inside template strings.
    plan.features.infrastructureInCi && block('locals', [], [
      comment("CI's identity for this stack (infra/bootstrap); every IAM role this stack creates carries the boundary."),
      attr('infrastructure_role', expr(`"arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/${infrastructureRoleName(plan.name, '${var.environment}')}"`)),
      attr('permissions_boundary', expr(`"arn:aws:iam::\${data.aws_caller_identity.current.account_id}:policy/${boundaryName(plan.name, '${var.environment}')}"`)),
    ]),
  ]);
}

export function variablesTf(plan: Plan): VirtualFile {
  // A description only where it says more than the name (region, node_min_size: none).
  return hclFile(`${plan.paths.iacDir}/variables.tf`, 'Inputs of the stack; environments/*.tfvars sets them', [
    variable('region', 'string'),
    variable('environment', 'string', 'Environment name, for tags.'),
    variable('cluster_name', 'string', 'EKS cluster name; also names the VPC and IAM roles.'),
    variable('ecr_repository_name', 'string', 'ECR repository CI pushes to.'),
    variable('deploy_role_name', 'string', 'CI deploy role: a cluster admin.'),
    variable('cluster_admin_arns', 'list(string)', 'Other cluster admins (people).', { default: [] }),
    variable('vpc_cidr', 'string', 'VPC CIDR, /20 or larger.', {
      default: '10.0.0.0/16',
      condition: 'can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) <= 20',
      error: 'Use a CIDR block of /20 or larger.',
    }),
    variable('kubernetes_version', 'string', 'EKS version; upgrade one minor version at a time.', {
      default: plan.kubernetesVersion,
    }),
    // T2 sets the CIDRs per environment (no default); at T3 the API has no public endpoint.
    !privateApi(plan) &&
      variable('endpoint_public_access_cidrs', 'list(string)', 'CIDRs allowed to reach the public Kubernetes API.', {
        ...(plan.features.hardenedInfrastructure ? {} : { default: ['0.0.0.0/0'] }),
        condition: 'length(var.endpoint_public_access_cidrs) > 0',
        error: 'List at least one CIDR.',
      }),
    variable('node_instance_types', 'list(string)'),
    variable('node_min_size', 'number'),
    // Sizes are not cross-validated here: the EKS API rejects min > max with a clear error.
    variable('node_max_size', 'number'),
    variable('node_desired_size', 'number', 'Nodes at creation; the module ignores later changes.'),
    ...featureVariables(plan),
  ]);
}

function featureVariables(plan: Plan): HclBody {
  const f = plan.features;
  return [
    f.hardenedInfrastructure && variable('single_nat_gateway', 'bool', 'One NAT gateway for all AZs (false: one per AZ).'),
    f.hardenedInfrastructure && variable('log_retention_days', 'number', 'Retention of the cluster, flow and audit logs.'),
    f.multiRegion &&
      variable('ecr_replication_regions', 'list(string)', 'Regions ECR replicates to; set only in the primary production stack (one replication configuration per account and region).', { default: [] }),
    f.securityMonitoring &&
      variable('enable_account_audit', 'bool', 'Create the account-wide CloudTrail trail and its alarms; true in one stack only.', { default: false }),
    Boolean(plan.answers.domain) && variable('hosted_zone', 'string', 'Public Route 53 hosted zone of the hosts (certificate validation, ExternalDNS records).', { default: defaultHostedZone(plan.answers.domain) }),
    Boolean(plan.answers.domain) && variable('app_host', 'string', "The host this environment's Ingress serves."),
    f.database && variable('db_instance_class', 'string', 'RDS instance class.', { default: 'db.t4g.medium' }),
    f.database && variable('db_multi_az', 'bool', 'Standby in a second AZ.', { default: false }),
    f.database && f.multiRegion &&
      variable('db_backup_source_region', 'string', 'Set in the second region: keep copies of the primary database backups instead of a database.', { default: expr('null') }),
    f.database && f.multiRegion && variable('db_backup_source_instance', 'string', 'The primary database, with db_backup_source_region.', { default: expr('null') }),
  ];
}

export function outputsTf(plan: Plan): VirtualFile {
  // No `region` output: it is an input, in each environment's tfvars.
  return hclFile(`${plan.paths.iacDir}/outputs.tf`, 'Values CI and the guides read after apply', [
    output('cluster_name', 'module.eks.cluster_name'),
    output('cluster_endpoint', 'module.eks.cluster_endpoint'),
    output('ecr_repository_url', 'aws_ecr_repository.app.repository_url'),
    output('vpc_id', 'module.vpc.vpc_id'),
    plan.features.hardenedInfrastructure && output('app_role_arn', 'aws_iam_role.app.arn'),
    plan.features.securityMonitoring && output('security_alerts_topic_arn', 'aws_sns_topic.security_alerts.arn'),
    // null in the second region, which has no database of its own.
    plan.features.database && output('db_endpoint', dbRef(plan, 'endpoint')),
    plan.features.database && output('db_secret_arn', dbRef(plan, 'master_user_secret[0].secret_arn')),
    plan.features.database && output('db_name', dbRef(plan, 'db_name')),
  ]);
}
