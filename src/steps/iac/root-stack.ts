/** versions.tf, providers.tf, variables.tf and outputs.tf of the root stack CI applies per environment. */
import type { VirtualFile } from '../../core/files.js';
import { GENERATOR } from '../../plan/conventions.js';
import type { Plan } from '../../plan/types.js';
import { attr, block, blank, expr } from '../../render/hcl.js';
import { hclFile, output, variable } from './shared.js';

export function versionsTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.terraformDir}/versions.tf`, 'Terraform and AWS provider versions; S3 backend (per-environment config)', [
    block('terraform', [], [
      attr('required_version', plan.terraform.requiredVersion),
      blank(),
      block('required_providers', [], [
        attr('aws', { source: 'hashicorp/aws', version: plan.terraform.awsProviderVersion }),
      ]),
      blank(),
      block('backend', ['s3'], []),
    ]),
  ]);
}

export function providersTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.terraformDir}/providers.tf`, 'AWS provider with tags on every resource', [
    block('provider', ['aws'], [
      attr('region', expr('var.region')),
      blank(),
      block('default_tags', [], [
        attr('tags', { project: plan.name, environment: expr('var.environment'), 'managed-by': GENERATOR }),
      ]),
    ]),
  ]);
}

export function variablesTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.terraformDir}/variables.tf`, 'Inputs of the stack; environments/*.tfvars sets them', [
    variable('region', 'string', 'AWS region.'),
    variable('environment', 'string', 'Environment name, for tags.'),
    variable('cluster_name', 'string', 'EKS cluster name; also names the VPC and IAM roles.'),
    variable('ecr_repository_name', 'string', 'ECR repository CI pushes to.'),
    variable('vpc_cidr', 'string', 'VPC CIDR, /20 or larger.', {
      default: '10.0.0.0/16',
      condition: 'can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) <= 20',
      error: 'Use a CIDR block of /20 or larger.',
    }),
    variable('kubernetes_version', 'string', 'EKS version; upgrade one minor version at a time.', {
      default: plan.terraform.kubernetesVersion,
    }),
    variable('endpoint_public_access_cidrs', 'list(string)', 'CIDRs allowed to reach the public Kubernetes API.', {
      default: ['0.0.0.0/0'],
      condition: 'length(var.endpoint_public_access_cidrs) > 0',
      error: 'List at least one CIDR.',
    }),
    variable('node_instance_types', 'list(string)', 'EC2 instance types of the node group.'),
    variable('node_min_size', 'number', 'Minimum number of nodes.'),
    // Sizes are not cross-validated here: the EKS API rejects min > max with a clear error.
    variable('node_max_size', 'number', 'Maximum number of nodes.'),
    variable('node_desired_size', 'number', 'Nodes at creation; the module ignores later changes.'),
  ]);
}

export function outputsTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.terraformDir}/outputs.tf`, 'Values CI and the guides read after apply', [
    output('cluster_name', 'module.eks.cluster_name'),
    output('cluster_endpoint', 'module.eks.cluster_endpoint'),
    output('ecr_repository_url', 'aws_ecr_repository.app.repository_url'),
    output('region', 'var.region'),
    output('vpc_id', 'module.vpc.vpc_id'),
  ]);
}
