/**
 * The CI identities' permissions on an ECS target (target containers), as templates the bootstrap
 * fills in per deploy target like the cluster's (iam-policies.ts):
 * - deploy: push to the target's repository; register revisions of its own task family (tagged
 *   with its environment), point its own service at them, pass its own two task roles to ECS
 *   tasks only, and deregister a revision of its own environment (the rollback);
 * - infrastructure-target: what Terraform does to the target's ECS, load balancer, roles, logs,
 *   secrets, alarms, topics, dashboard and autoscaling, each named after the cluster.
 */
import type { Plan } from '../../../../../plan/types.js';
import { VAR } from '../iam-names.js';
import type { PolicyDocument, PolicyStatement } from '../iam-policies.js';

type Condition = NonNullable<PolicyStatement['Condition']>;
const allow = (Action: string | string[], Resource: string | string[], Condition?: Condition): PolicyStatement =>
  Condition ? { Effect: 'Allow', Action, Resource, Condition } : { Effect: 'Allow', Action, Resource };
const arn = (service: string, resource: string): string => `arn:aws:${service}:${VAR.region}:${VAR.account}:${resource}`;
const iamArn = (resource: string): string => `arn:aws:iam::${VAR.account}:${resource}`;
/** The target's load balancer name (bootstrap `local.targets`: at most 32 characters, so not always the cluster's). */
export const LB_VAR = '${lb}';

/** The ECS roles a target's tasks run with (ecs.tf). */
export const ecsRoles = (cluster: string): string[] => [`${cluster}-execution`, `${cluster}-task`];

const ownEnvironment = (on: 'Request' | 'Resource'): Condition => ({ StringEquals: { [`aws:${on}Tag/environment`]: VAR.environment } });

export function ecsDeployTemplate(plan: Plan, signing: boolean): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      ...(signing ? [allow(['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign'], VAR.signingKey)] : []),
      allow('ecr:GetAuthorizationToken', '*'),
      allow(
        ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:DescribeImages', 'ecr:GetDownloadUrlForLayer', 'ecr:InitiateLayerUpload', 'ecr:ListImages', 'ecr:PutImage', 'ecr:UploadLayerPart'],
        arn('ecr', `repository/${VAR.repository}`),
      ),
      // Reads of task definitions and services take no resource narrower than '*'.
      allow(['ecs:DescribeTaskDefinition', 'ecs:ListTaskDefinitions', 'ecs:DescribeServices'], '*'),
      // A revision is created only tagged with this environment (tag on create needs ecs:TagResource).
      allow('ecs:RegisterTaskDefinition', '*', ownEnvironment('Request')),
      allow('ecs:TagResource', '*', { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition', [`aws:RequestTag/environment`]: VAR.environment } }),
      allow('ecs:DeregisterTaskDefinition', '*', ownEnvironment('Resource')),
      allow('ecs:UpdateService', arn('ecs', `service/${VAR.cluster}/${plan.name}`)),
      allow('iam:PassRole', ecsRoles(VAR.cluster).map((r) => iamArn(`role/${r}`)), { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }),
      { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' },
    ],
  };
}

/** What Terraform may do to one ECS target's resources named after its cluster (and its load balancer). */
export function ecsTargetTemplate(plan: Plan): PolicyDocument {
  const roles = ecsRoles(VAR.cluster).map((r) => iamArn(`role/${r}`));
  const named = [
    arn('ecs', `cluster/${VAR.cluster}`),
    arn('ecs', `service/${VAR.cluster}/*`),
    arn('ecs', `task-definition/${VAR.cluster}:*`),
    arn('ecr', `repository/${VAR.repository}`),
    arn('logs', `log-group:/ecs/${VAR.cluster}`),
    arn('logs', `log-group:/ecs/${VAR.cluster}:*`),
    arn('elasticloadbalancing', `loadbalancer/app/${LB_VAR}/*`),
    arn('elasticloadbalancing', `targetgroup/${LB_VAR}/*`),
    arn('elasticloadbalancing', `listener/app/${LB_VAR}/*`),
    arn('secretsmanager', `secret:${plan.name}/${VAR.environment}/*`),
    arn('sns', `${VAR.cluster}-page`),
    arn('sns', `${VAR.cluster}-ticket`),
    `arn:aws:cloudwatch::${VAR.account}:dashboard/${VAR.cluster}`,
  ];
  return {
    Version: '2012-10-17',
    Statement: [
      allow(['ecs:*', 'ecr:*', 'logs:*', 'elasticloadbalancing:*', 'secretsmanager:CreateSecret', 'secretsmanager:DeleteSecret', 'secretsmanager:DescribeSecret', 'secretsmanager:TagResource', 'secretsmanager:UpdateSecret', 'secretsmanager:GetResourcePolicy', 'sns:*', 'cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards', 'cloudwatch:GetDashboard'], named),
      // Scalable targets have ids AWS assigns: this environment's by the tag default_tags puts on them.
      allow(['application-autoscaling:RegisterScalableTarget', 'application-autoscaling:TagResource'], '*', { StringEquals: { 'aws:RequestTag/environment': VAR.environment } }),
      allow('application-autoscaling:*', '*', { StringEquals: { 'aws:ResourceTag/environment': VAR.environment } }),
      allow(['iam:CreateRole', 'iam:DeleteRole', 'iam:TagRole', 'iam:UntagRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'], roles),
      allow(['iam:AttachRolePolicy', 'iam:DetachRolePolicy'], roles, { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy' } }),
      allow('iam:PassRole', roles, { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }),
    ],
  };
}

/** Service-linked roles ECS, its load balancer and its autoscaling create on first use in an account. */
export const ECS_LINKED_SERVICES = ['ecs.amazonaws.com', 'elasticloadbalancing.amazonaws.com', 'ecs.application-autoscaling.amazonaws.com'];

/** Reads Terraform makes of these services before it writes (descriptions only). */
export const ECS_READS = ['ecs:Describe*', 'ecs:List*', 'elasticloadbalancing:Describe*', 'application-autoscaling:Describe*', 'cloudwatch:Describe*', 'cloudwatch:List*', 'cloudwatch:GetDashboard', 'secretsmanager:DescribeSecret', 'sns:GetTopicAttributes', 'sns:ListTagsForResource', 'logs:ListTagsForResource'];
