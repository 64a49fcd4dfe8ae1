/**
 * The permissions of each environment's CI identities with CloudFormation, mirroring the Terraform
 * path's (terraform/iam-policies.ts): least privilege, per environment, confined by name or by
 * the environment tag CI puts on the stack (CloudFormation passes a stack's tags on to the
 * resources it creates).
 *
 * - deploy: the Terraform path's deploy policy (push to the environment's repository, find its cluster).
 * - infrastructure (CI, from T2): create, show and execute change sets of the environment's own
 *   stacks, and hand them to the environment's execution role; nothing else.
 * - execution (CloudFormation's, from T2): what creating the platform stack calls: the VPC's
 *   parts by tag, the cluster, repository and log groups by name, the cluster's roles (with the
 *   environment's boundary) and only the AWS-managed policies they use.
 * - boundary: the ceiling of every role the stacks create: no IAM, nothing of another environment.
 */
import type { Plan } from '../../../../plan/types.js';
import { VAR, eksResources } from '../terraform/iam-names.js';
import { type PolicyDocument, type PolicyStatement, deployTemplate } from '../terraform/iam-policies.js';
import { platformStackName } from './cfn.js';

const ACCOUNT = '${AWS::AccountId}';
/** The bootstrap template's parameters, as the policies name them (it is deployed once per environment). */
export const PARAMETER = { environment: '${Environment}', region: '${Region}', cluster: '${ClusterName}', repository: '${RepositoryName}' } as const;
const P = PARAMETER;
const arn = (service: string, resource: string): string => `arn:aws:${service}:${P.region}:${ACCOUNT}:${resource}`;
const iamArn = (resource: string): string => `arn:aws:iam::${ACCOUNT}:${resource}`;
const doc = (Statement: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[], Condition?: PolicyStatement['Condition']): PolicyStatement =>
  Condition ? { Effect: 'Allow', Action, Resource, Condition } : { Effect: 'Allow', Action, Resource };
const deny = (Action: string | string[], Resource: string | string[], Condition?: PolicyStatement['Condition']): PolicyStatement =>
  Condition ? { Effect: 'Deny', Action, Resource, Condition } : { Effect: 'Deny', Action, Resource };

/** The cluster's own roles: the control plane's, the Auto Mode nodes', the CloudWatch add-on's (Pod Identity). */
export const clusterRoleNames = (cluster: string): string[] => [`${cluster}-cluster`, `${cluster}-node`, `${cluster}-cloudwatch`];
/** The AWS-managed policies those roles use (EKS Auto Mode's, and the CloudWatch agent's). */
export const MANAGED_POLICIES = {
  cluster: ['AmazonEKSClusterPolicy', 'AmazonEKSComputePolicy', 'AmazonEKSBlockStoragePolicy', 'AmazonEKSLoadBalancingPolicy', 'AmazonEKSNetworkingPolicy'],
  node: ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly'],
  cloudwatch: ['CloudWatchAgentServerPolicy'],
} as const;
const managedArn = (name: string): string => `arn:aws:iam::aws:policy/${name}`;

const otherEnvironment: PolicyStatement['Condition'] = {
  StringNotEquals: { 'aws:ResourceTag/environment': P.environment },
  Null: { 'aws:ResourceTag/environment': 'false' },
};
const taggedFor = (plan: Plan, on: 'Request' | 'Resource'): PolicyStatement['Condition'] => ({
  StringEquals: { [`aws:${on}Tag/environment`]: P.environment, [`aws:${on}Tag/project`]: plan.name },
});

/** The Terraform path's deploy policy: push to the environment's repository, find its cluster. */
export function deployPolicy(): PolicyDocument {
  const values: Record<string, string> = { [VAR.account]: ACCOUNT, [VAR.region]: P.region, [VAR.repository]: P.repository, [VAR.cluster]: P.cluster };
  const fill = (s: string): string => Object.entries(values).reduce((text, [from, to]) => text.split(from).join(to), s);
  return doc(deployTemplate(false).Statement.map((s) => ({ ...s, Resource: Array.isArray(s.Resource) ? s.Resource.map(fill) : fill(s.Resource) })));
}

/** CI's infrastructure role: the change sets of its environment's stack, run as its execution role. */
export function infrastructurePolicy(plan: Plan, executionRole: string): PolicyDocument {
  return doc([
    allow(
      ['cloudformation:CreateChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:DeleteStack', 'cloudformation:DescribeChangeSet', 'cloudformation:DescribeStackEvents', 'cloudformation:DescribeStacks', 'cloudformation:ExecuteChangeSet'],
      arn('cloudformation', `stack/${platformStackName(plan.name, P.environment)}/*`),
    ),
    allow('iam:PassRole', iamArn(`role/${executionRole}`), { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } }),
    deny('sts:AssumeRole', '*'),
  ]);
}

/** What CloudFormation may do for the environment's platform stack. */
export function executionPolicy(plan: Plan, boundary: string): PolicyDocument {
  const roles = clusterRoleNames(P.cluster).map((r) => iamArn(`role/${r}`));
  const named = [...eksResources(P.cluster).map((r) => arn('eks', r)), arn('ecr', `repository/${P.repository}`), arn('logs', `log-group:/aws/eks/${P.cluster}/*`)];
  return doc([
    allow(['ec2:Describe*', 'ecr:Describe*', 'eks:Describe*', 'eks:List*', 'iam:Get*', 'iam:List*', 'kms:Describe*', 'kms:List*', 'logs:Describe*'], '*'),
    allow(['ec2:Create*', 'ec2:AllocateAddress', 'kms:CreateKey', 'kms:TagResource'], '*', taggedFor(plan, 'Request')),
    allow(['ec2:*', 'kms:*'], '*', taggedFor(plan, 'Resource')),
    allow(['ecr:*', 'eks:*', 'logs:*'], named),
    allow(['iam:CreateRole', 'iam:DeleteRole', 'iam:TagRole', 'iam:UntagRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary'], roles),
    allow(['iam:AttachRolePolicy', 'iam:DetachRolePolicy'], roles, { ArnEquals: { 'iam:PolicyARN': Object.values(MANAGED_POLICIES).flat().map(managedArn) } }),
    allow('iam:PassRole', roles, { StringEquals: { 'iam:PassedToService': ['eks.amazonaws.com', 'pods.eks.amazonaws.com'] } }),
    allow('iam:CreateServiceLinkedRole', iamArn('role/aws-service-role/*'), { StringLike: { 'iam:AWSServiceName': ['eks*.amazonaws.com', 'elasticloadbalancing.amazonaws.com'] } }),
    // Every role it creates carries the environment's boundary.
    deny(['iam:CreateRole', 'iam:PutRolePermissionsBoundary'], '*', { StringNotEquals: { 'iam:PermissionsBoundary': iamArn(`policy/${boundary}`) } }),
    deny('*', '*', otherEnvironment),
    deny('sts:AssumeRole', '*'),
  ]);
}

/** The most any role of the environment's stack may do: no IAM, nothing tagged for another environment. */
export function boundaryPolicy(): PolicyDocument {
  return doc([
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    allow('iam:CreateServiceLinkedRole', '*', { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } }),
    deny('*', '*', otherEnvironment),
    deny('sts:AssumeRole', '*'),
  ]);
}
