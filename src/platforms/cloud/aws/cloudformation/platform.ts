/**
 * infra/cloudformation/platform.yaml: one deploy target's network, registry and cluster, deployed
 * per target with its parameter file. The cluster runs in EKS Auto Mode: its compute, block
 * storage and load balancing are EKS's (no node group, no add-on controllers and their IAM
 * policies to carry), which keeps the template short. Stateful resources (cluster, registry) are
 * retained when the stack is deleted or they are replaced; CI refuses a change set replacing them.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { VPC_CIDR, cidrSubnet } from '../network.js';
import { boundaryName } from '../terraform/iam-names.js';
import { KEEP_IMAGES } from '../terraform/shared.js';
import { type Template, bootstrapStackName, fn, getAtt, ref, sub, tags, templateFile } from './cfn.js';
import { MANAGED_POLICIES } from './policies.js';

/** The logical ids of what holds state: a change set replacing one of them fails in CI. */
export const STATEFUL = ['Cluster', 'Registry'] as const;

const RETAIN = { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' };
const managed = (names: readonly string[]) => names.map((n) => `arn:aws:iam::aws:policy/${n}`);
// The parameter file's region: deployed in another one, its zones do not exist there and the stack fails before creating anything.
const az = (i: number) => fn('Select', [i, { 'Fn::GetAZs': ref('Region') }]);

/** Two AZs: public subnets (the ALB, the NAT gateway) and private ones (the nodes). */
function network(): Record<string, object> {
  const resources: Record<string, object> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: VPC_CIDR, EnableDnsHostnames: true } },
    Igw: { Type: 'AWS::EC2::InternetGateway' },
    IgwAttachment: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('Vpc'), InternetGatewayId: ref('Igw') } },
    PublicRoutes: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc') } },
    PublicDefault: { Type: 'AWS::EC2::Route', DependsOn: 'IgwAttachment', Properties: { RouteTableId: ref('PublicRoutes'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref('Igw') } },
    NatIp: { Type: 'AWS::EC2::EIP', DependsOn: 'IgwAttachment', Properties: { Domain: 'vpc' } },
    Nat: { Type: 'AWS::EC2::NatGateway', Properties: { AllocationId: getAtt('NatIp', 'AllocationId'), SubnetId: ref('Public0') } },
    PrivateRoutes: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref('Vpc') } },
    PrivateDefault: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('PrivateRoutes'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('Nat') } },
  };
  for (const i of [0, 1]) {
    // The public CIDRs are the ones the NetworkPolicy admits the ALB from (network.ts albSourceCidrs).
    resources[`Public${i}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc'), AvailabilityZone: az(i), CidrBlock: cidrSubnet(VPC_CIDR, 8, i + 48), Tags: tags({ 'kubernetes.io/role/elb': '1' }) } };
    resources[`Private${i}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: ref('Vpc'), AvailabilityZone: az(i), CidrBlock: cidrSubnet(VPC_CIDR, 4, i) } };
    resources[`Public${i}Routes`] = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref(`Public${i}`), RouteTableId: ref('PublicRoutes') } };
    resources[`Private${i}Routes`] = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref(`Private${i}`), RouteTableId: ref('PrivateRoutes') } };
  }
  return resources;
}

function cluster(plan: Plan): Record<string, object> {
  const boundary = plan.features.infrastructureInCi ? { PermissionsBoundary: sub(`arn:aws:iam::\${AWS::AccountId}:policy/${boundaryName(plan.name, '${Environment}')}`) } : {};
  const role = (suffix: string, service: string, policies: readonly string[], tagSession: boolean) => ({
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: sub(`\${ClusterName}-${suffix}`),
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Action: tagSession ? ['sts:AssumeRole', 'sts:TagSession'] : 'sts:AssumeRole', Principal: { Service: service } }] },
      ManagedPolicyArns: managed(policies),
      ...boundary,
    },
  });
  const admin = (principal: unknown) => ({
    Type: 'AWS::EKS::AccessEntry',
    Properties: {
      ClusterName: ref('Cluster'),
      PrincipalArn: principal,
      AccessPolicies: [{ PolicyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy', AccessScope: { Type: 'cluster' } }],
    },
  });
  const podIdentity = plan.features.hardenedInfrastructure;
  const admins = Object.fromEntries(plan.answers.clusterAdmins.map((arn, i) => [`Admin${i}`, admin(arn)]));
  return {
    ClusterRole: role('cluster', 'eks.amazonaws.com', MANAGED_POLICIES.cluster, true),
    NodeRole: role('node', 'ec2.amazonaws.com', podIdentity ? MANAGED_POLICIES.node : [...MANAGED_POLICIES.node, ...MANAGED_POLICIES.cloudwatch], false),
    ...(plan.features.hardenedInfrastructure ? { SecretsKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } } } : {}),
    Cluster: {
      Type: 'AWS::EKS::Cluster',
      ...RETAIN,
      Properties: {
        Name: ref('ClusterName'),
        Version: plan.kubernetesVersion,
        RoleArn: getAtt('ClusterRole', 'Arn'),
        // Auto Mode: EKS runs the nodes (with an access entry for their role), storage and load balancers.
        BootstrapSelfManagedAddons: false,
        ComputeConfig: { Enabled: true, NodePools: ['general-purpose'], NodeRoleArn: getAtt('NodeRole', 'Arn') },
        KubernetesNetworkConfig: { ElasticLoadBalancing: { Enabled: true } },
        StorageConfig: { BlockStorage: { Enabled: true } },
        // Explicit admins only: a creator entry would follow whichever identity deployed last.
        AccessConfig: { AuthenticationMode: 'API', BootstrapClusterCreatorAdminPermissions: false },
        ResourcesVpcConfig: { SubnetIds: [ref('Private0'), ref('Private1')], ...(plan.features.hardenedInfrastructure ? { EndpointPrivateAccess: true } : {}) },
        Logging: { ClusterLogging: { EnabledTypes: [{ Type: 'audit' }] } },
        ...(plan.features.hardenedInfrastructure ? { EncryptionConfig: [{ Provider: { KeyArn: getAtt('SecretsKey', 'Arn') }, Resources: ['secrets'] }] } : {}),
      },
    },
    // CI's deploy role (the bootstrap's export) and every listed admin; nobody else uses kubectl.
    DeployAccess: admin({ 'Fn::ImportValue': sub(`${bootstrapStackName(plan.name, '${Environment}')}-deploy-role`) }),
    ...admins,
    // The app's logs to CloudWatch: from T2 with a Pod Identity role of its own, at T1 as the nodes (as the Terraform path does).
    ...(podIdentity ? { CloudWatchRole: role('cloudwatch', 'pods.eks.amazonaws.com', MANAGED_POLICIES.cloudwatch, true) } : {}),
    CloudWatch: {
      Type: 'AWS::EKS::Addon',
      Properties: {
        ClusterName: ref('Cluster'),
        AddonName: 'amazon-cloudwatch-observability',
        ...(podIdentity ? { PodIdentityAssociations: [{ RoleArn: getAtt('CloudWatchRole', 'Arn'), ServiceAccount: 'cloudwatch-agent' }] } : {}),
      },
    },
  };
}

function registry(): Record<string, object> {
  const lifecycle = { rules: [{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: KEEP_IMAGES }, action: { type: 'expire' } }] };
  return {
    Registry: {
      Type: 'AWS::ECR::Repository',
      ...RETAIN,
      Properties: {
        RepositoryName: ref('RepositoryName'),
        ImageTagMutability: 'IMMUTABLE',
        ImageScanningConfiguration: { ScanOnPush: true },
        EncryptionConfiguration: { EncryptionType: 'KMS' },
        LifecyclePolicy: { LifecyclePolicyText: JSON.stringify(lifecycle) },
      },
    },
  };
}

export function platformTemplate(plan: Plan, path: string): VirtualFile {
  const template: Template = {
    Parameters: {
      Environment: { Type: 'String' },
      Region: { Type: 'String' },
      ClusterName: { Type: 'String' },
      RepositoryName: { Type: 'String' },
    },
    Resources: { ...network(), ...registry(), ...cluster(plan) },
    // The only output: what a person pushes an image to by hand (commands.ts reads it as the first).
    Outputs: { RepositoryUri: { Value: getAtt('Registry', 'RepositoryUri') } },
  };
  return templateFile(path, 'Network, ECR repository and EKS Auto Mode cluster of one deploy target', template);
}
