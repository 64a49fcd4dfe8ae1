/**
 * The permissions of each environment's CI identities, as IAM policy templates
 * (infra/bootstrap/policies/*.json) that the bootstrap fills in per deploy target with
 * templatefile(), per environment or per deploy target.
 *
 * - infrastructure (per environment) and infrastructure-target (per target): what Terraform
 *   plan/apply calls. Resources with names derived from the cluster (EKS, IAM, ECR, log groups,
 *   RDS, SNS, the KMS alias) by ARN; those AWS names by id (VPC parts, security groups, launch
 *   templates, KMS keys, alarms) by the `environment` and `project` tags the provider's
 *   default_tags put on every resource: created only with them (aws:RequestTag), changed only
 *   when they carry them (aws:ResourceTag). Every role it creates carries the boundary. Two
 *   managed policies, because IAM allows 6,144 characters in each (and 10,240 in all of a role's
 *   inline ones), which one policy for both production regions would exceed.
 * - account: what only the primary production target owns for the whole account (the audit
 *   trail and its bucket, image replication): created and updated, never stopped or deleted.
 * - deploy: push to the target's image repository, find its cluster (kubectl access comes from
 *   the cluster's access entry).
 * - boundary: the ceiling of every role Terraform creates: no IAM, nothing of another
 *   environment, nothing of the Terraform state, the audit trail never stopped.
 *
 * Describe/List/Get of metadata stay on `*`: Terraform reads before it writes, and those reads
 * change nothing (object, secret and log reads are not among them).
 */
import type { Plan } from '../../../../plan/types.js';
import { needsVolumes } from './addons.js';
import { EXTERNAL_DNS } from './domain.js';
import { ECS_LINKED_SERVICES, ECS_READS } from './ecs/policies.js';
import { VAR, boundaryName, clusterLogGroups, clusterPolicies, clusterRoles, eksResources, type ClusterIam } from './iam-names.js';

type Condition = Record<string, Record<string, string | string[]>>;
export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string[];
  Resource: string | string[];
  Condition?: Condition;
}
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

const allow = (Action: string | string[], Resource: string | string[], Condition?: Condition): PolicyStatement =>
  Condition ? { Effect: 'Allow', Action, Resource, Condition } : { Effect: 'Allow', Action, Resource };
const deny = (Action: string | string[], Resource: string | string[], Condition?: Condition): PolicyStatement =>
  Condition ? { Effect: 'Deny', Action, Resource, Condition } : { Effect: 'Deny', Action, Resource };
const doc = (statements: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

/** An ARN in the target's region and the account; `resource` may hold the target's placeholders. */
const arn = (service: string, resource: string, region: string = VAR.region): string => `arn:aws:${service}:${region}:${VAR.account}:${resource}`;
const iamArn = (resource: string): string => `arn:aws:iam::${VAR.account}:${resource}`;
const AWS_POLICY = 'arn:aws:iam::aws:policy/';

/** What Terraform does to the roles and policies it names after the cluster (roles only with the boundary: see infrastructureTemplate). */
const IAM_WRITES = [
  'iam:CreateRole', 'iam:DeleteRole', 'iam:TagRole', 'iam:UntagRole', 'iam:UpdateRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:CreatePolicy', 'iam:DeletePolicy', 'iam:CreatePolicyVersion', 'iam:DeletePolicyVersion',
  'iam:TagPolicy', 'iam:UntagPolicy',
];

/** Tags every resource of an environment's stack carries (providers.tf default_tags). */
const tagged = (plan: Plan, on: 'Request' | 'Resource'): Condition => ({
  StringEquals: { [`aws:${on}Tag/environment`]: VAR.environment, [`aws:${on}Tag/project`]: plan.name },
});
const otherEnvironment: Condition = {
  StringNotEquals: { 'aws:ResourceTag/environment': VAR.environment },
  Null: { 'aws:ResourceTag/environment': 'false' },
};

/** The names every target of this stack creates (T3 names the audit trail's role after every cluster; only one creates it). */
function clusterIam(plan: Plan): ClusterIam {
  // ExternalDNS's role and policy are domain.json's (this policy has no room left for them).
  return { hardened: plan.features.hardenedInfrastructure, volumes: needsVolumes(plan), audit: plan.features.securityMonitoring };
}

/**
 * What Terraform may do in the whole environment, once per environment: its state, reads, what
 * the environment owns by tag, the database secret through RDS, and every denial.
 */
export function infrastructureTemplate(plan: Plan): PolicyDocument {
  const f = plan.features;
  const bucket = `arn:aws:s3:::${plan.stateStore}`;
  const ecs = plan.platforms.target === 'containers';
  const linked = [...(ecs ? ECS_LINKED_SERVICES : ['eks*.amazonaws.com', 'autoscaling.amazonaws.com']), ...(f.database ? ['rds.amazonaws.com'] : []), ...(f.multiRegion ? ['replication.ecr.amazonaws.com'] : [])];
  return doc([
    allow(['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject', 'kms:Decrypt', 'kms:GenerateDataKey'], [bucket, `${bucket}/${VAR.state}*`, VAR.stateKey]),
    allow([...readActions(plan), ...(ecs ? ECS_READS : [])], '*'),
    allow('iam:CreateServiceLinkedRole', iamArn('role/aws-service-role/*'), { StringLike: { 'iam:AWSServiceName': linked } }),
    allow(['ec2:Create*', 'ec2:AllocateAddress', ...(f.database ? ['ec2:AuthorizeSecurityGroupIngress'] : []), 'kms:CreateKey', 'kms:TagResource', ...(f.securityMonitoring || ecs ? ['cloudwatch:PutMetricAlarm', 'cloudwatch:TagResource'] : [])], '*', tagged(plan, 'Request')),
    // Alarms (security monitoring; an ECS service's) belong to their environment by tag.
    allow(['ec2:*', 'kms:*', ...(f.securityMonitoring || ecs ? ['cloudwatch:*'] : [])], '*', tagged(plan, 'Resource')),
    // RDS creates, rotates and deletes the master password's secret with the caller's
    // permissions; never read here, and encrypted with the environment's own key.
    ...(f.database
      ? [allow(['secretsmanager:CreateSecret', 'secretsmanager:DeleteSecret', 'secretsmanager:DescribeSecret', 'secretsmanager:PutSecretValue', 'secretsmanager:RotateSecret', 'secretsmanager:TagResource', 'secretsmanager:UpdateSecret'], arn('secretsmanager', 'secret:rds!*', '*'), { Bool: { 'aws:ViaAWSService': 'true' } })]
      : []),
    // Every role it creates carries the environment's boundary.
    deny(['iam:CreateRole', 'iam:PutRolePermissionsBoundary'], '*', { StringNotEquals: { 'iam:PermissionsBoundary': iamArn(`policy/${boundaryName(plan.name, VAR.environment)}`) } }),
    // Tags decide ownership: nothing is tagged into this environment but on create.
    deny(['ec2:CreateTags', 'ec2:DeleteTags'], '*', { Null: { 'ec2:CreateAction': 'true' }, StringNotEquals: { 'aws:ResourceTag/environment': VAR.environment } }),
    deny('*', '*', otherEnvironment),
    ...sharedDenials(plan),
  ]);
}

/**
 * What Terraform may do to one deploy target's resources named after its cluster (one policy
 * per target): its EKS, registry, logs, database and topic, and its IAM roles and policies,
 * with only the AWS-managed policies the modules attach, passed only to the services using them.
 */
export function targetTemplate(plan: Plan): PolicyDocument {
  const f = plan.features;
  const iam = clusterIam(plan);
  const roles = clusterRoles(VAR.cluster, iam).map((r) => iamArn(`role/${r}`));
  const policies = clusterPolicies(VAR.cluster, iam).map((p) => iamArn(`policy/${p}`));
  const named = [
    ...eksResources(VAR.cluster).map((r) => arn('eks', r)),
    arn('ecr', `repository/${VAR.repository}`),
    arn('kms', `alias/eks/${VAR.cluster}`),
    ...clusterLogGroups(VAR.cluster, iam).map((g) => arn('logs', `log-group:${g}`)),
    ...(f.database ? [arn('rds', `db:${VAR.cluster}`), arn('rds', `subgrp:${VAR.cluster}`), arn('rds', `snapshot:${VAR.cluster}-final`)] : []),
    // A database starts with the engine's default parameter and option groups (AWS's, read-only).
    ...(f.database ? [arn('rds', 'pg:default.*'), arn('rds', 'og:default:*')] : []),
    ...(f.securityMonitoring ? [arn('sns', `${VAR.cluster}-security-alerts`)] : []),
    // Public parameters: the EKS AMI release versions the node group looks up.
    'arn:aws:ssm:*::parameter/aws/service/*',
  ];
  const services = ['eks:*', 'ecr:*', 'logs:*', 'kms:*Alias', ...(f.database ? ['rds:*'] : []), ...(f.securityMonitoring ? ['sns:*'] : []), 'ssm:GetParameter'];
  const passedTo = ['eks.amazonaws.com', 'pods.eks.amazonaws.com', ...(f.hardenedInfrastructure ? ['vpc-flow-logs.amazonaws.com'] : []), ...(iam.audit ? ['cloudtrail.amazonaws.com'] : [])];
  const managed = ['AmazonEKSClusterPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy', 'CloudWatchAgentServerPolicy'];
  return doc([
    allow(services, named),

    allow(IAM_WRITES, [...roles, ...policies]),
    allow(['iam:AttachRolePolicy', 'iam:DetachRolePolicy'], roles, { ArnEquals: { 'iam:PolicyARN': [...managed.map((p) => AWS_POLICY + p), ...policies] } }),
    allow('iam:PassRole', roles, { StringEquals: { 'iam:PassedToService': passedTo } }),
  ]);
}

function readActions(plan: Plan): string[] {
  const f = plan.features;
  return [
    'ec2:Describe*', 'eks:Describe*', 'eks:List*', 'iam:Get*', 'iam:List*', 'kms:Describe*', 'kms:Get*', 'kms:List*', 'logs:Describe*', 'ecr:Describe*',
    ...(f.database ? ['rds:Describe*', 'rds:ListTagsForResource'] : []),
    ...(f.securityMonitoring ? ['cloudwatch:Describe*', 'cloudwatch:ListTagsForResource'] : []),
  ];
}

/**
 * With answers `domain` (domain.tf), per deploy target, in a policy of its own (the target's has
 * no room left under IAM's 6,144 characters with the longest names): the target's certificate,
 * created and changed only with its environment's tags; its validation records (CNAMEs named
 * _TOKEN.HOST) in whatever zone holds the hosts; ExternalDNS's role and policy, named after the
 * cluster, passed only to Pod Identity. The hosts' own records are ExternalDNS's (scoped to the zone).
 */
export function domainTemplate(plan: Plan): PolicyDocument {
  const role = iamArn(`role/${VAR.cluster}-${EXTERNAL_DNS.suffix}`);
  const policy = iamArn(`policy/${VAR.cluster}-${EXTERNAL_DNS.suffix}`);
  return doc([
    // The hosted zone found by name, the records and changes Terraform waits for; certificates' metadata.
    allow(['acm:DescribeCertificate', 'acm:ListTagsForCertificate', 'route53:Get*', 'route53:List*'], '*'),
    allow(['acm:RequestCertificate', 'acm:AddTagsToCertificate'], '*', tagged(plan, 'Request')),
    allow('acm:*', '*', tagged(plan, 'Resource')),
    allow('route53:ChangeResourceRecordSets', 'arn:aws:route53:::hostedzone/*', {
      'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`_*.${plan.answers.domain}`] },
      'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'] },
    }),
    allow(IAM_WRITES, [role, policy]),
    allow(['iam:AttachRolePolicy', 'iam:DetachRolePolicy'], role, { ArnEquals: { 'iam:PolicyARN': policy } }),
    allow('iam:PassRole', role, { StringEquals: { 'iam:PassedToService': 'pods.eks.amazonaws.com' } }),
    deny('*', '*', otherEnvironment),
  ]);
}

/** Whether the primary production target owns something account-wide (see accountTemplate). */
export const hasAccountPolicy = (plan: Plan): boolean => plan.features.securityMonitoring || plan.features.multiRegion;

/** The account-wide things the primary production target owns: the audit trail and its bucket, image replication. */
export function accountTemplate(plan: Plan): PolicyDocument {
  const f = plan.features;
  return doc([
    // Replication rules are one setting per account and region.
    ...(f.multiRegion ? [allow(['ecr:DescribeRegistry', 'ecr:PutReplicationConfiguration'], '*')] : []),
    // The trail and its bucket are created and updated here, never stopped, emptied or deleted.
    ...(f.securityMonitoring
      ? [
          allow(['cloudtrail:Describe*', 'cloudtrail:Get*', 'cloudtrail:ListTags'], '*'),
          allow(
            ['cloudtrail:AddTags', 'cloudtrail:CreateTrail', 'cloudtrail:StartLogging', 'cloudtrail:UpdateTrail', 's3:CreateBucket', 's3:GetBucket*', 's3:Get*Configuration', 's3:ListBucket', 's3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock', 's3:PutBucketTagging', 's3:PutEncryptionConfiguration'],
            [arn('cloudtrail', `trail/${VAR.cluster}`), `arn:aws:s3:::${plan.name}-cloudtrail-${VAR.account}`],
          ),
        ]
      : []),
  ]);
}

/** What no CI role may do to what every environment shares: the audit trail, the Terraform state. */
function sharedDenials(plan: Plan): PolicyStatement[] {
  const bucket = `arn:aws:s3:::${plan.stateStore}`;
  return [
    deny(['cloudtrail:DeleteTrail', 'cloudtrail:StopLogging', 'sts:AssumeRole'], '*'),
    deny(['s3:DeleteBucket*', 's3:PutBucket*', 's3:PutEncryptionConfiguration', 's3:PutLifecycleConfiguration', 'kms:Disable*', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:TagResource', 'kms:UntagResource'], [bucket, VAR.stateKey]),
  ];
}

/** Push to the target's repository (signatures and attestations too), find its cluster. */
/**
 * `signing`: the image signing key (a CI platform that cannot sign keylessly, T3), shared by the
 * environments and owned by none: the deploy signs the image it pushed with it.
 */
export function deployTemplate(signing = false): PolicyDocument {
  return doc([
    ...(signing ? [allow(['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign'], VAR.signingKey)] : []),
    allow('ecr:GetAuthorizationToken', '*'),
    allow(
      ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:DescribeImages', 'ecr:GetDownloadUrlForLayer', 'ecr:InitiateLayerUpload', 'ecr:ListImages', 'ecr:PutImage', 'ecr:UploadLayerPart'],
      arn('ecr', `repository/${VAR.repository}`),
    ),
    allow('eks:DescribeCluster', arn('eks', `cluster/${VAR.cluster}`)),
    deny('sts:AssumeRole', '*'),
  ]);
}

/**
 * The most any role Terraform creates may do (its own policies grant less): what the cluster,
 * nodes, add-ons, flow logs and the app use, but no IAM, nothing tagged for another environment,
 * nothing of the Terraform state, and the audit trail never stopped.
 */
export function boundaryTemplate(plan: Plan): PolicyDocument {
  const bucket = `arn:aws:s3:::${plan.stateStore}`;
  return doc([
    { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
    // Services of type LoadBalancer need the load balancers' service-linked role.
    allow('iam:CreateServiceLinkedRole', '*', { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } }),
    deny('*', '*', otherEnvironment),
    deny(['s3:*', 'kms:*'], [bucket, `${bucket}/*`, VAR.stateKey]),
    deny(['cloudtrail:DeleteTrail', 'cloudtrail:StopLogging', 'sts:AssumeRole'], '*'),
  ]);
}

const WIDTH = 120;

/**
 * A policy document as JSON, laid out for review: keys one per line, a list or an object on one
 * line when it fits in 120 columns, else actions filled into lines and ARNs one per line.
 */
export function policyJson(document: PolicyDocument): string {
  const render = (value: unknown, indent: string): string => {
    if (typeof value === 'string') return JSON.stringify(value);
    const inner = `${indent}  `;
    const [open, close, items] = Array.isArray(value)
      ? ['[', ']', value.map((v) => render(v, inner))]
      : ['{', '}', Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${render(v, inner)}`)];
    const line = `${open}${items.join(', ')}${close}`;
    if (!line.includes('\n') && indent.length + line.length <= WIDTH && indent) return line;
    const actions = Array.isArray(value) && value.every((v) => typeof v === 'string' && !v.startsWith('arn:'));
    const lines = actions ? fill(items, WIDTH - inner.length) : items;
    return `${open}\n${lines.map((l) => inner + l).join(',\n')}\n${indent}${close}`;
  };
  return `${render(document, '')}\n`;
}

/** Items joined into lines of at most `width` columns. */
function fill(items: string[], width: number): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 2 + item.length <= width) lines[lines.length - 1] = `${last}, ${item}`;
    else lines.push(item);
  }
  return lines;
}
