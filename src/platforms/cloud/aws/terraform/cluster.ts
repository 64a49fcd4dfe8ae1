/**
 * vpc.tf and eks.tf: terraform-aws-modules/vpc v6 and /eks v21 (input names as in
 * their variables.tf and docs/UPGRADE-21.0.md, where v21 dropped the cluster_ prefix).
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { type HclBody, attr, block, blank, call, comment, expr } from '../../../../render/hcl.js';
import { EBS_CSI, needsVolumes } from './addons.js';
import { VERSIONS, boundary, hclFile, privateApi } from './shared.js';

/** One subnet per AZ: /20s (private) and /24s (public, intra) of a /16. */
const subnets = (newbits: number, offset: number): string =>
  `[for i in range(3) : cidrsubnet(var.vpc_cidr, ${newbits}, i${offset ? ` + ${offset}` : ''})]`;

const cluster = (plan: Plan): boolean => plan.platforms.target === 'kubernetes';

export function vpcTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/vpc.tf`, 'VPC over three availability zones: private, public and intra subnets', [
    block('data', ['aws_availability_zones', 'available'], [
      comment('No Local or Wavelength Zones.'),
      block('filter', [], [attr('name', 'opt-in-status'), attr('values', ['opt-in-not-required'])]),
    ]),
    block('locals', [], [attr('azs', expr('slice(data.aws_availability_zones.available.names, 0, 3)'))]),
    block('module', ['vpc'], [
      attr('source', 'terraform-aws-modules/vpc/aws'),
      attr('version', VERSIONS.vpcModule),
      blank(),
      attr('name', expr('var.cluster_name')),
      attr('cidr', expr('var.vpc_cidr')),
      attr('azs', expr('local.azs')),
      attr('private_subnets', expr(subnets(4, 0))),
      attr('public_subnets', expr(subnets(8, 48))),
      // The control plane's subnets and the load balancer controller's subnet tags: a cluster's only (target kubernetes).
      cluster(plan) && attr('intra_subnets', expr(subnets(8, 52))),
      blank(),
      ...nat(plan),
      attr('enable_dns_support', true),
      attr('enable_dns_hostnames', true),
      attr('map_public_ip_on_launch', false),
      blank(),
      comment("The VPC's default security group, route table and network ACL stay untagged, as AWS creates"),
      comment('them: CI may tag only what it creates, and nothing uses them.'),
      attr('manage_default_security_group', false),
      attr('manage_default_route_table', false),
      attr('manage_default_network_acl', false),
      blank(),
      cluster(plan) && attr('public_subnet_tags', { 'kubernetes.io/role/elb': 1 }),
      cluster(plan) && attr('private_subnet_tags', { 'kubernetes.io/role/internal-elb': 1 }),
      ...flowLogs(plan),
    ]),
  ]);
}

/**
 * Cluster admin for the deploy role and every listed admin; keys are the principals' ARNs. The
 * infrastructure role gets none: Terraform never calls the Kubernetes API.
 */
const ACCESS_ENTRIES = `{
    for arn in concat(["arn:aws:iam::\${data.aws_caller_identity.current.account_id}:role/\${var.deploy_role_name}"], var.cluster_admin_arns) : arn => {
      principal_arn = arn
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }`;

export function eksTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/eks.tf`, 'EKS cluster with managed add-ons and one managed node group', [
    block('module', ['eks'], [
      attr('source', 'terraform-aws-modules/eks/aws'),
      attr('version', VERSIONS.eksModule),
      blank(),
      attr('name', expr('var.cluster_name')),
      attr('kubernetes_version', expr('var.kubernetes_version')),
      attr('enabled_log_types', ['audit', 'api', 'authenticator']),
      plan.features.hardenedInfrastructure && attr('cloudwatch_log_group_retention_in_days', expr('var.log_retention_days')),
      attr('encryption_config', { resources: ['secrets'] }),
      ...keyAdministrators(plan),
      comment('Fixed IAM role names: a name prefix may have only 38 characters.'),
      attr('iam_role_use_name_prefix', false),
      boundary(plan, 'iam_role_permissions_boundary'),
      comment('Workloads use Pod Identity, not IRSA.'),
      attr('enable_irsa', false),
      blank(),
      ...endpoint(plan),
      comment("Explicit admins: the module's creator entry would follow whoever ran Terraform last."),
      attr('enable_cluster_creator_admin_permissions', false),
      attr('access_entries', expr(ACCESS_ENTRIES)),
      blank(),
      attr('vpc_id', expr('module.vpc.vpc_id')),
      attr('subnet_ids', expr('module.vpc.private_subnets')),
      attr('control_plane_subnet_ids', expr('module.vpc.intra_subnets')),
      blank(),
      plan.features.overlays && comment("vpc-cni enforces the stack's NetworkPolicies only with its policy agent on."),
      attr('addons', {
        coredns: {},
        'kube-proxy': {},
        'vpc-cni': plan.features.overlays
          ? { before_compute: true, configuration_values: call('jsonencode', { enableNetworkPolicy: 'true' }) }
          : { before_compute: true },
        'eks-pod-identity-agent': { before_compute: true },
        'amazon-cloudwatch-observability': {},
        // Prometheus's volume (from T2): the driver, its identity, and a default gp3 StorageClass.
        ...(needsVolumes(plan)
          ? {
              'aws-ebs-csi-driver': {
                configuration_values: call('jsonencode', { defaultStorageClass: { enabled: true } }),
                pod_identity_association: [{ role_arn: expr('module.ebs_csi_identity.iam_role_arn'), service_account: EBS_CSI.serviceAccount }],
              },
            }
          : {}),
      }),
      blank(),
      attr('eks_managed_node_groups', {
        default: {
          ami_type: 'AL2023_x86_64_STANDARD',
          instance_types: expr('var.node_instance_types'),
          min_size: expr('var.node_min_size'),
          max_size: expr('var.node_max_size'),
          desired_size: expr('var.node_desired_size'),
          iam_role_name: expr('"${var.cluster_name}-node"'),
          iam_role_use_name_prefix: false,
          ...(plan.features.infrastructureInCi ? { iam_role_permissions_boundary: expr('local.permissions_boundary') } : {}),
          iam_role_additional_policies: {
            CloudWatchAgentServerPolicy: 'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy',
          },
        },
      }),
    ]),
    plan.features.hardenedInfrastructure &&
      block('resource', ['aws_cloudwatch_log_group', 'container_insights'], [
        comment('The CloudWatch add-on would create these without retention; created first, they expire.'),
        attr('for_each', expr('toset(["application", "dataplane", "host", "performance"])')),
        attr('name', expr('"/aws/containerinsights/${var.cluster_name}/${each.key}"')),
        attr('retention_in_days', expr('var.log_retention_days')),
      ]),
  ]);
}

function nat(plan: Plan): HclBody {
  if (!plan.features.hardenedInfrastructure) {
    return [
      comment('T1 runs one basic environment on one NAT gateway; at T2, prod gets one per AZ.'),
      attr('enable_nat_gateway', true),
      attr('single_nat_gateway', true),
    ];
  }
  return [
    comment('Set per environment: one NAT gateway outside production, one per AZ in production.'),
    attr('enable_nat_gateway', true),
    attr('single_nat_gateway', expr('var.single_nat_gateway')),
    attr('one_nat_gateway_per_az', expr('!var.single_nat_gateway')),
  ];
}

/** Flow logs to CloudWatch Logs; fixed role and policy names, so that the infrastructure role may create exactly these. */
function flowLogs(plan: Plan): HclBody {
  if (!plan.features.hardenedInfrastructure) return [];
  return [
    blank(),
    attr('enable_flow_log', true),
    attr('create_flow_log_cloudwatch_log_group', true),
    attr('create_flow_log_cloudwatch_iam_role', true),
    attr('flow_log_cloudwatch_log_group_retention_in_days', expr('var.log_retention_days')),
    comment('Named after the cluster (not the VPC id), so that the CI role can be given exactly this log group.'),
    attr('flow_log_cloudwatch_log_group_name_suffix', expr('var.cluster_name')),
    attr('vpc_flow_log_iam_role_name', expr('"${var.cluster_name}-flow-log"')),
    attr('vpc_flow_log_iam_role_use_name_prefix', false),
    attr('vpc_flow_log_iam_policy_name', expr('"${var.cluster_name}-flow-log"')),
    attr('vpc_flow_log_iam_policy_use_name_prefix', false),
    attr('vpc_flow_log_permissions_boundary', expr('local.permissions_boundary')),
  ];
}

function endpoint(plan: Plan): HclBody {
  if (!plan.features.hardenedInfrastructure) {
    return [
      comment('T1: GitHub-hosted runners reach the API over the internet. T2 makes it private, runners in the VPC.'),
      attr('endpoint_public_access', true),
      attr('endpoint_public_access_cidrs', expr('var.endpoint_public_access_cidrs')),
    ];
  }
  if (privateApi(plan)) {
    return [
      comment('Private API only: deploys run on self-hosted runners inside the VPC (see the setup guide).'),
      attr('endpoint_private_access', true),
      attr('endpoint_public_access', false),
    ];
  }
  return [
    comment('Nodes reach the API privately; GitHub-hosted runners over the public endpoint, limited per environment.'),
    attr('endpoint_private_access', true),
    attr('endpoint_public_access', true),
    attr('endpoint_public_access_cidrs', expr('var.endpoint_public_access_cidrs')),
  ];
}

/**
 * The key's administrators by name, not whoever applied last: CI's infrastructure role (T2+), or
 * at T1, where administrators apply by hand, the cluster admins (none: the module's default, the caller).
 */
function keyAdministrators(plan: Plan) {
  return plan.features.infrastructureInCi
    ? [comment("The key's administrator by name, not whoever applied last."), attr('kms_key_administrators', [expr('local.infrastructure_role')])]
    : [comment('The key is administered by the cluster admins, not whoever applied last.'), attr('kms_key_administrators', expr('var.cluster_admin_arns'))];
}
