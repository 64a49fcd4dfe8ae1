/**
 * The AWS CI identities, evaluated as IAM would (test/helpers/iam-evaluator.ts) on the policies
 * the bootstrap applies: each fault of issue 11 item 17 as a request that must not be allowed,
 * and the calls a first `terraform apply` makes as requests that must be.
 */
import { lacksTerraform } from './helpers/tools.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTree, type FileTree } from '../src/core/files.js';
import { extractFacts } from '../src/integration/facts.js';
import { RULES } from '../src/integration/rules/index.js';
import { aws } from '../src/platforms/cloud/aws/index.js';
import type { Plan } from '../src/plan/types.js';
import { STEPS } from '../src/steps/index.js';
import { planFor } from './fixtures.js';
import { ACCOUNT, STATE_KEY, decide, rolesOf, tags, type Request, type Statement } from './helpers/iam-evaluator.js';
import { LONGEST_NAMES, REFERENCE_STACKS } from './reference-stacks.js';

const render = (plan: Plan): FileTree => buildTree(STEPS.flatMap((s) => s.render(plan)));
const t1 = planFor();
const t2 = planFor({ tier: 'T2' });
const t3 = planFor(REFERENCE_STACKS['t3-enterprise']);
const [t1Tree, t2Tree, t3Tree] = [render(t1), render(t2), render(t3)];
const roles = rolesOf(t3Tree);
const BUCKET = `arn:aws:s3:::${t3.stateStore}`;
const arn = (service: string, region: string, resource: string) => `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const allowed = (statements: Statement[], request: Request) => decide(statements, request) === 'allowed';

/** A write on each kind of resource an environment's names make its own, as a request to try. */
function writesOn(environment: string): Request[] {
  const c = `shop-api-${environment}`;
  return [
    { action: 'eks:DeleteCluster', resource: arn('eks', 'us-east-1', `cluster/${c}`) },
    { action: 'eks:DeleteNodegroup', resource: arn('eks', 'us-east-1', `nodegroup/${c}/default/1`) },
    { action: 'eks:CreateAccessEntry', resource: arn('eks', 'us-east-1', `cluster/${c}`) },
    { action: 'eks:AssociateAccessPolicy', resource: arn('eks', 'us-east-1', `access-entry/${c}/role/${ACCOUNT}/x/1`) },
    { action: 'ecr:DeleteRepository', resource: arn('ecr', 'us-east-1', `repository/${c}`) },
    { action: 'ecr:PutImage', resource: arn('ecr', 'us-east-1', `repository/${c}`) },
    { action: 'logs:DeleteLogGroup', resource: arn('logs', 'us-east-1', `log-group:/aws/eks/${c}/cluster`) },
    { action: 'rds:DeleteDBInstance', resource: arn('rds', 'us-east-1', `db:${c}`) },
    { action: 'rds:ModifyDBInstance', resource: arn('rds', 'us-east-1', `db:${c}`) },
    { action: 'sns:DeleteTopic', resource: arn('sns', 'us-east-1', `${c}-security-alerts`) },
    { action: 'kms:DeleteAlias', resource: arn('kms', 'us-east-1', `alias/eks/${c}`) },
    { action: 'iam:PutRolePolicy', resource: role(`${c}-node`) },
    { action: 'iam:DeleteRole', resource: role(`${c}-cluster`) },
    { action: 's3:GetObject', resource: `${BUCKET}/shop-api/${environment}/terraform.tfstate` },
    { action: 's3:PutObject', resource: `${BUCKET}/shop-api/${environment}/terraform.tfstate` },
    // What AWS names by id belongs to the environment its tag names.
    { action: 'ec2:DeleteVpc', resource: arn('ec2', 'us-east-1', 'vpc/vpc-1'), context: tags(environment, 'Resource') },
    { action: 'ec2:AuthorizeSecurityGroupIngress', resource: arn('ec2', 'us-east-1', 'security-group/sg-1'), context: tags(environment, 'Resource') },
    { action: 'kms:ScheduleKeyDeletion', resource: arn('kms', 'us-east-1', 'key/1'), context: tags(environment, 'Resource') },
    { action: 'kms:Decrypt', resource: arn('kms', 'us-east-1', 'key/1'), context: tags(environment, 'Resource') },
    { action: 'cloudwatch:DeleteAlarms', resource: arn('cloudwatch', 'us-east-1', `alarm:${c}-pod-exec`), context: tags(environment, 'Resource') },
  ];
}

describe('AWS CI identities: what one environment may do to another', () => {
  it("gives the dev roles nothing on production's resources, by name or by tag", () => {
    for (const request of writesOn('prod')) {
      expect(decide(roles.dev!.infrastructure, request), `${request.action} ${request.resource}`).not.toBe('allowed');
      expect(decide(roles.dev!.deploy, request), `${request.action} ${request.resource}`).not.toBe('allowed');
    }
    // ... nor does production's role reach dev's: the scoping runs both ways.
    for (const request of writesOn('dev')) expect(decide(roles.prod!.infrastructure, request), `${request.action} ${request.resource}`).not.toBe('allowed');
  });

  it('lets each infrastructure role write its own environment (the same requests, own names and tags)', () => {
    for (const environment of ['dev', 'staging']) {
      // Pushing images is the deploy role's.
      for (const request of writesOn(environment).filter((r) => r.action !== 'ecr:PutImage')) {
        expect(decide(roles[environment]!.infrastructure, request), `${environment}: ${request.action} ${request.resource}`).toBe('allowed');
      }
    }
  });

  it('never lets one environment claim another environment\'s resource by re-tagging it', () => {
    const vpc = arn('ec2', 'us-east-1', 'vpc/vpc-1');
    // Tagging what carries another environment's tag, or no tag at all, is refused outside a create.
    expect(decide(roles.dev!.infrastructure, { action: 'ec2:CreateTags', resource: vpc, context: { ...tags('prod', 'Resource'), ...tags('dev', 'Request') } })).toBe('denied');
    expect(decide(roles.dev!.infrastructure, { action: 'ec2:CreateTags', resource: vpc, context: tags('dev', 'Request') })).toBe('denied');
    // Tagging as part of creating its own resource is how everything it owns gets its tags.
    expect(decide(roles.dev!.infrastructure, { action: 'ec2:CreateTags', resource: vpc, context: { 'ec2:CreateAction': 'CreateVpc', ...tags('dev', 'Request') } })).toBe('allowed');
    // A KMS key or an alarm of another environment cannot be re-tagged either.
    const key = arn('kms', 'us-east-1', 'key/1');
    expect(decide(roles.dev!.infrastructure, { action: 'kms:TagResource', resource: key, context: { ...tags('prod', 'Resource'), ...tags('dev', 'Request') } })).toBe('denied');
  });

  it('lets each deploy role push only to its own repositories (both production regions) and find only its own clusters', () => {
    for (const [environment, targets] of [['dev', [['us-east-1', 'shop-api-dev']]], ['prod', [['us-east-1', 'shop-api-prod'], ['us-west-2', 'shop-api-prod-usw2']]]] as const) {
      const deploy = roles[environment]!.deploy;
      for (const [region, cluster] of targets) {
        for (const action of ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:BatchGetImage']) {
          expect(allowed(deploy, { action, resource: arn('ecr', region, `repository/shop-api-${environment}`) }), `${environment} ${action} ${region}`).toBe(true);
        }
        expect(allowed(deploy, { action: 'eks:DescribeCluster', resource: arn('eks', region, `cluster/${cluster}`) })).toBe(true);
      }
      expect(allowed(deploy, { action: 'ecr:GetAuthorizationToken', resource: '*' })).toBe(true);
    }
    const dev = roles.dev!.deploy;
    expect(allowed(dev, { action: 'ecr:PutImage', resource: arn('ecr', 'us-east-1', 'repository/shop-api-prod') })).toBe(false);
    expect(allowed(dev, { action: 'eks:DescribeCluster', resource: arn('eks', 'us-east-1', 'cluster/shop-api-prod') })).toBe(false);
    expect(allowed(dev, { action: 'ecr:PutImage', resource: arn('ecr', 'us-west-2', 'repository/shop-api-dev') })).toBe(false);
    // The deploy role runs no Terraform: no state, no infrastructure.
    expect(allowed(dev, { action: 's3:GetObject', resource: `${BUCKET}/shop-api/dev/terraform.tfstate` })).toBe(false);
    expect(allowed(dev, { action: 'ec2:CreateVpc', resource: '*', context: tags('dev', 'Request') })).toBe(false);
    expect(allowed(dev, { action: 'eks:DeleteCluster', resource: arn('eks', 'us-east-1', 'cluster/shop-api-dev') })).toBe(false);
  });
});

describe('AWS CI identities: IAM discipline', () => {
  const dev = () => roles.dev!.infrastructure;
  const boundary = (environment: string) => `arn:aws:iam::${ACCOUNT}:policy/shop-api-boundary-${environment}`;

  it('creates roles only with its environment\'s boundary, and only with its own names', () => {
    const create = (name: string, withBoundary?: string) =>
      decide(dev(), { action: 'iam:CreateRole', resource: role(name), context: withBoundary ? { 'iam:PermissionsBoundary': withBoundary } : {} });
    expect(create('shop-api-dev-node', boundary('dev'))).toBe('allowed');
    expect(create('shop-api-dev-node')).toBe('denied');
    expect(create('shop-api-dev-node', boundary('prod'))).toBe('denied');
    expect(create('shop-api-dev-admin', boundary('dev'))).toBe('not allowed');
    expect(create('shop-api-prod-node', boundary('dev'))).toBe('not allowed');
    // Nor can it take the boundary off, or put another one on.
    expect(decide(dev(), { action: 'iam:DeleteRolePermissionsBoundary', resource: role('shop-api-dev-node') })).toBe('not allowed');
    expect(decide(dev(), { action: 'iam:PutRolePermissionsBoundary', resource: role('shop-api-dev-node'), context: { 'iam:PermissionsBoundary': boundary('prod') } })).toBe('denied');
  });

  it('attaches only the AWS-managed policies the modules attach and its own policies', () => {
    const attach = (policy: string, name = 'shop-api-dev-node') => decide(dev(), { action: 'iam:AttachRolePolicy', resource: role(name), context: { 'iam:PolicyARN': policy } });
    expect(attach('arn:aws:iam::aws:policy/AdministratorAccess')).not.toBe('allowed');
    expect(attach('arn:aws:iam::aws:policy/IAMFullAccess')).not.toBe('allowed');
    expect(attach(`arn:aws:iam::${ACCOUNT}:policy/shop-api-prod-flow-log`)).not.toBe('allowed');
    expect(attach('arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy')).toBe('allowed');
    expect(attach(`arn:aws:iam::${ACCOUNT}:policy/shop-api-dev-cluster-ClusterEncryption`, 'shop-api-dev-cluster')).toBe('allowed');
    expect(attach('arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', 'shop-api-deploy-dev')).not.toBe('allowed');
  });

  it('passes only its own roles, and only to the services that use them', () => {
    const pass = (name: string, service: string) => decide(dev(), { action: 'iam:PassRole', resource: role(name), context: { 'iam:PassedToService': service } });
    expect(pass('shop-api-dev-cluster', 'eks.amazonaws.com')).toBe('allowed');
    expect(pass('shop-api-dev-app', 'pods.eks.amazonaws.com')).toBe('allowed');
    expect(pass('shop-api-dev-flow-log', 'vpc-flow-logs.amazonaws.com')).toBe('allowed');
    expect(pass('shop-api-dev-node', 'ec2.amazonaws.com')).not.toBe('allowed');
    expect(pass('shop-api-dev-node', 'lambda.amazonaws.com')).not.toBe('allowed');
    expect(pass('shop-api-prod-cluster', 'eks.amazonaws.com')).not.toBe('allowed');
    expect(pass('shop-api-infra-dev', 'eks.amazonaws.com')).not.toBe('allowed');
  });

  it('cannot change the boundary, the CI roles or the OIDC provider', () => {
    for (const [environment, identities] of Object.entries(roles)) {
      for (const statements of [identities.infrastructure, identities.deploy]) {
        for (const request of [
          { action: 'iam:CreatePolicyVersion', resource: boundary(environment) },
          { action: 'iam:CreatePolicyVersion', resource: `arn:aws:iam::${ACCOUNT}:policy/shop-api-infra-${environment}` },
          { action: 'iam:CreatePolicyVersion', resource: `arn:aws:iam::${ACCOUNT}:policy/shop-api-${environment}-terraform` },
          { action: 'iam:DetachRolePolicy', resource: role(`shop-api-infra-${environment}`), context: { 'iam:PolicyARN': `arn:aws:iam::${ACCOUNT}:policy/shop-api-infra-${environment}` } },
          { action: 'iam:DeletePolicy', resource: boundary(environment) },
          { action: 'iam:UpdateAssumeRolePolicy', resource: role(`shop-api-infra-${environment}`) },
          { action: 'iam:PutRolePolicy', resource: role(`shop-api-deploy-${environment}`) },
          { action: 'iam:AttachRolePolicy', resource: role(`shop-api-infra-${environment}`), context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy' } },
          { action: 'iam:UpdateOpenIDConnectProviderThumbprint', resource: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
          { action: 'iam:DeleteOpenIDConnectProvider', resource: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
        ]) expect(decide(statements, request), `${environment}: ${request.action} ${request.resource}`).not.toBe('allowed');
      }
    }
  });

  it('cannot assume the roles it creates: a role trusting it gives it nothing', () => {
    for (const identities of Object.values(roles)) {
      expect(decide(identities.infrastructure, { action: 'sts:AssumeRole', resource: role('shop-api-dev-app') })).toBe('denied');
      expect(decide(identities.deploy, { action: 'sts:AssumeRole', resource: role('shop-api-dev-app') })).toBe('denied');
    }
  });

  it('bounds every role Terraform creates: no IAM, nothing of another environment, no state, the trail never stopped', () => {
    const bounded = roles.dev!.boundary;
    expect(allowed(bounded, { action: 'ec2:CreateNetworkInterface', resource: '*' })).toBe(true);
    expect(allowed(bounded, { action: 'secretsmanager:GetSecretValue', resource: arn('secretsmanager', 'us-east-1', 'secret:rds!db-1') })).toBe(true);
    expect(decide(bounded, { action: 'iam:CreateRole', resource: role('x') })).not.toBe('allowed');
    expect(decide(bounded, { action: 'iam:AttachRolePolicy', resource: role('shop-api-dev-app') })).not.toBe('allowed');
    expect(allowed(bounded, { action: 'iam:CreateServiceLinkedRole', resource: role('aws-service-role/x'), context: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } })).toBe(true);
    // Production's database password is under production's key: a dev role cannot decrypt it.
    expect(decide(bounded, { action: 'kms:Decrypt', resource: arn('kms', 'us-east-1', 'key/prod-db'), context: tags('prod', 'Resource') })).toBe('denied');
    expect(decide(bounded, { action: 'eks:DescribeCluster', resource: arn('eks', 'us-east-1', 'cluster/shop-api-prod'), context: tags('prod', 'Resource') })).toBe('denied');
    expect(decide(bounded, { action: 's3:GetObject', resource: `${BUCKET}/shop-api/prod/terraform.tfstate` })).toBe('denied');
    expect(decide(bounded, { action: 'kms:Decrypt', resource: STATE_KEY })).toBe('denied');
    expect(decide(bounded, { action: 'cloudtrail:StopLogging', resource: arn('cloudtrail', 'us-east-1', 'trail/shop-api-prod') })).toBe('denied');
    expect(decide(bounded, { action: 'sts:AssumeRole', resource: role('shop-api-infra-prod') })).toBe('denied');
  });
});

describe('AWS CI identities: shared and audit resources', () => {
  const trail = arn('cloudtrail', 'us-east-1', 'trail/shop-api-prod');
  const all = Object.entries(roles).flatMap(([environment, r]) => [[`${environment} infrastructure`, r.infrastructure], [`${environment} deploy`, r.deploy]] as const);

  it('lets no CI role stop or delete CloudTrail; production creates and updates its trail', () => {
    for (const [who, statements] of all) {
      for (const action of ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail']) expect(decide(statements, { action, resource: trail }), `${who} ${action}`).not.toBe('allowed');
    }
    for (const action of ['cloudtrail:CreateTrail', 'cloudtrail:StartLogging', 'cloudtrail:UpdateTrail', 'cloudtrail:AddTags']) {
      expect(allowed(roles.prod!.infrastructure, { action, resource: trail }), action).toBe(true);
      expect(allowed(roles.dev!.infrastructure, { action, resource: trail }), action).toBe(false);
    }
    const bucket = `arn:aws:s3:::shop-api-cloudtrail-${ACCOUNT}`;
    expect(allowed(roles.prod!.infrastructure, { action: 's3:PutBucketPolicy', resource: bucket })).toBe(true);
    expect(allowed(roles.prod!.infrastructure, { action: 's3:DeleteBucket', resource: bucket })).toBe(false);
    expect(allowed(roles.prod!.infrastructure, { action: 's3:DeleteObject', resource: `${bucket}/AWSLogs/x` })).toBe(false);
    expect(allowed(roles.staging!.infrastructure, { action: 's3:PutBucketPolicy', resource: bucket })).toBe(false);
  });

  it("never schedules the state key's deletion or disables it, even after tagging it as its own", () => {
    for (const [who, statements] of all) {
      for (const action of ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:TagResource']) {
        for (const context of [{}, tags(who.split(' ')[0]!, 'Resource'), tags(who.split(' ')[0]!, 'Request')]) {
          expect(decide(statements, { action, resource: STATE_KEY, context }), `${who} ${action}`).not.toBe('allowed');
        }
      }
    }
    // What the backend needs of it.
    expect(allowed(roles.dev!.infrastructure, { action: 'kms:GenerateDataKey', resource: STATE_KEY })).toBe(true);
  });

  it("never changes the state bucket's policy, versioning or encryption, and reads only its own environment's state", () => {
    for (const [who, statements] of all) {
      for (const action of ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketVersioning', 's3:PutEncryptionConfiguration', 's3:DeleteBucket', 's3:PutLifecycleConfiguration']) {
        expect(decide(statements, { action, resource: BUCKET }), `${who} ${action}`).not.toBe('allowed');
      }
    }
    const state = (path: string) => `${BUCKET}/shop-api/${path}`;
    expect(allowed(roles.dev!.infrastructure, { action: 's3:PutObject', resource: state('dev/terraform.tfstate') })).toBe(true);
    expect(allowed(roles.dev!.infrastructure, { action: 's3:DeleteObject', resource: state('dev/terraform.tfstate.tflock') })).toBe(true);
    expect(allowed(roles.prod!.infrastructure, { action: 's3:PutObject', resource: state('prod/us-west-2/terraform.tfstate') })).toBe(true);
    expect(allowed(roles.dev!.infrastructure, { action: 's3:GetObject', resource: state('prod/terraform.tfstate') })).toBe(false);
    expect(allowed(roles.staging!.infrastructure, { action: 's3:GetObject', resource: state('prod/us-west-2/terraform.tfstate') })).toBe(false);
  });

  it("reads no environment's database secret: RDS manages it (through the infrastructure role only via the service)", () => {
    const secret = arn('secretsmanager', 'us-east-1', 'secret:rds!db-0123');
    for (const [who, statements] of all) expect(decide(statements, { action: 'secretsmanager:GetSecretValue', resource: secret }), who).not.toBe('allowed');
    expect(allowed(roles.prod!.infrastructure, { action: 'secretsmanager:DeleteSecret', resource: secret })).toBe(false);
    expect(allowed(roles.prod!.infrastructure, { action: 'secretsmanager:CreateSecret', resource: secret, context: { 'aws:ViaAWSService': 'true' } })).toBe(true);
  });
});

describe('AWS CI identities: what a first terraform apply calls is allowed', () => {
  /** What the eks-pod-identity module calls for one add-on role: the role with the boundary, its policy attached, the association. */
  function addonCalls(name: string, environment: string): Request[] {
    return [
      { action: 'iam:CreateRole', resource: role(name), context: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/shop-api-boundary-${environment}` } },
      { action: 'iam:CreatePolicy', resource: `arn:aws:iam::${ACCOUNT}:policy/${name}` },
      { action: 'iam:AttachRolePolicy', resource: role(name), context: { 'iam:PolicyARN': `arn:aws:iam::${ACCOUNT}:policy/${name}` } },
      { action: 'iam:PassRole', resource: role(name), context: { 'iam:PassedToService': 'pods.eks.amazonaws.com' } },
    ];
  }

  /** Calls a first apply of the target makes, in every tier, as its provider and modules make them. */
  function firstApply(plan: Plan, environment: string, cluster: string, region: string): Request[] {
    const f = plan.features;
    const own = tags(environment, 'Resource');
    const create = tags(environment, 'Request');
    const state = plan.environments.find((e) => e.name === environment)!.targets.find((t) => t.clusterName === cluster)!.stateKey;
    const calls: Request[] = [
      { action: 's3:ListBucket', resource: `arn:aws:s3:::${plan.stateStore}` },
      { action: 's3:PutObject', resource: `arn:aws:s3:::${plan.stateStore}/${state}.tflock` },
      { action: 's3:GetObject', resource: `arn:aws:s3:::${plan.stateStore}/${state}` },
      { action: 'kms:Decrypt', resource: STATE_KEY },
      { action: 'ec2:DescribeAvailabilityZones', resource: '*' },
      { action: 'iam:GetRole', resource: role(`shop-api-infra-${environment}`) },
      { action: 'ssm:GetParameter', resource: `arn:aws:ssm:${region}::parameter/aws/service/eks/optimized-ami/1.34/amazon-linux-2023/x86_64/standard/recommended/release_version` },
      { action: 'eks:DescribeAddonVersions', resource: '*' },
      { action: 'ec2:CreateVpc', resource: arn('ec2', region, 'vpc/*'), context: create },
      { action: 'ec2:CreateSubnet', resource: arn('ec2', region, 'subnet/*'), context: create },
      { action: 'ec2:CreateSubnet', resource: arn('ec2', region, 'vpc/vpc-1'), context: { ...own, ...create } },
      { action: 'ec2:ModifyVpcAttribute', resource: arn('ec2', region, 'vpc/vpc-1'), context: own },
      { action: 'ec2:CreateRouteTable', resource: arn('ec2', region, 'route-table/*'), context: create },
      { action: 'ec2:CreateRoute', resource: arn('ec2', region, 'route-table/rtb-1'), context: own },
      { action: 'ec2:AssociateRouteTable', resource: arn('ec2', region, 'subnet/subnet-1'), context: own },
      { action: 'ec2:CreateInternetGateway', resource: arn('ec2', region, 'internet-gateway/*'), context: create },
      { action: 'ec2:AttachInternetGateway', resource: arn('ec2', region, 'internet-gateway/igw-1'), context: own },
      { action: 'ec2:AllocateAddress', resource: arn('ec2', region, 'elastic-ip/*'), context: create },
      { action: 'ec2:CreateNatGateway', resource: arn('ec2', region, 'natgateway/*'), context: create },
      { action: 'ec2:CreateNatGateway', resource: arn('ec2', region, 'elastic-ip/eipalloc-1'), context: { ...own, ...create } },
      { action: 'ec2:CreateSecurityGroup', resource: arn('ec2', region, 'security-group/*'), context: create },
      { action: 'ec2:RevokeSecurityGroupEgress', resource: arn('ec2', region, 'security-group/sg-1'), context: own },
      { action: 'ec2:AuthorizeSecurityGroupIngress', resource: arn('ec2', region, 'security-group/sg-1'), context: own },
      { action: 'ec2:CreateLaunchTemplate', resource: arn('ec2', region, 'launch-template/*'), context: create },
      { action: 'ec2:CreateTags', resource: arn('ec2', region, 'vpc/*'), context: { 'ec2:CreateAction': 'CreateVpc', ...create } },
      { action: 'kms:CreateKey', resource: '*', context: create },
      { action: 'kms:TagResource', resource: '*', context: create },
      { action: 'kms:CreateAlias', resource: arn('kms', region, `alias/eks/${cluster}`) },
      { action: 'kms:EnableKeyRotation', resource: arn('kms', region, 'key/1'), context: own },
      { action: 'logs:CreateLogGroup', resource: arn('logs', region, `log-group:/aws/eks/${cluster}/cluster`) },
      { action: 'logs:PutRetentionPolicy', resource: arn('logs', region, `log-group:/aws/eks/${cluster}/cluster:*`) },
      { action: 'iam:CreateRole', resource: role(`${cluster}-cluster`), context: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/shop-api-boundary-${environment}` } },
      { action: 'iam:TagRole', resource: role(`${cluster}-node`) },
      { action: 'iam:CreatePolicy', resource: `arn:aws:iam::${ACCOUNT}:policy/${cluster}-cluster-ClusterEncryption` },
      { action: 'iam:AttachRolePolicy', resource: role(`${cluster}-cluster`), context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy' } },
      { action: 'iam:AttachRolePolicy', resource: role(`${cluster}-node`), context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy' } },
      { action: 'iam:AttachRolePolicy', resource: role(`${cluster}-cluster`), context: { 'iam:PolicyARN': `arn:aws:iam::${ACCOUNT}:policy/${cluster}-cluster-ClusterEncryption` } },
      { action: 'iam:PassRole', resource: role(`${cluster}-cluster`), context: { 'iam:PassedToService': 'eks.amazonaws.com' } },
      { action: 'iam:PassRole', resource: role(`${cluster}-node`), context: { 'iam:PassedToService': 'eks.amazonaws.com' } },
      { action: 'iam:CreateServiceLinkedRole', resource: role('aws-service-role/eks-nodegroup.amazonaws.com/AWSServiceRoleForAmazonEKSNodegroup'), context: { 'iam:AWSServiceName': 'eks-nodegroup.amazonaws.com' } },
      { action: 'eks:CreateCluster', resource: arn('eks', region, `cluster/${cluster}`) },
      { action: 'eks:CreateNodegroup', resource: arn('eks', region, `cluster/${cluster}`) },
      { action: 'eks:CreateAddon', resource: arn('eks', region, `cluster/${cluster}`) },
      { action: 'eks:CreateAccessEntry', resource: arn('eks', region, `cluster/${cluster}`) },
      { action: 'eks:AssociateAccessPolicy', resource: arn('eks', region, `access-entry/${cluster}/role/${ACCOUNT}/shop-api-deploy-${environment}/1`) },
      { action: 'ecr:CreateRepository', resource: arn('ecr', region, `repository/shop-api-${environment}`) },
      { action: 'ecr:PutLifecyclePolicy', resource: arn('ecr', region, `repository/shop-api-${environment}`) },
      // addons.tf: the load balancer controller's Pod Identity role and policy (eks-pod-identity module).
      ...addonCalls(`${cluster}-lbc`, environment),
      { action: 'eks:CreatePodIdentityAssociation', resource: arn('eks', region, `cluster/${cluster}`) },
      { action: 'eks:TagResource', resource: arn('eks', region, `podidentityassociation/${cluster}/a-1`) },
    ];
    // From T2 the EBS CSI driver's too (Prometheus's volume); its association comes with the EKS add-on.
    if (f.slo) calls.push(...addonCalls(`${cluster}-ebs-csi`, environment));
    if (f.hardenedInfrastructure) {
      calls.push(
        { action: 'ec2:CreateFlowLogs', resource: arn('ec2', region, 'vpc-flow-log/*'), context: create },
        { action: 'iam:PassRole', resource: role(`${cluster}-flow-log`), context: { 'iam:PassedToService': 'vpc-flow-logs.amazonaws.com' } },
        { action: 'iam:AttachRolePolicy', resource: role(`${cluster}-flow-log`), context: { 'iam:PolicyARN': `arn:aws:iam::${ACCOUNT}:policy/${cluster}-flow-log` } },
        { action: 'logs:CreateLogGroup', resource: arn('logs', region, `log-group:/aws/vpc-flow-log/${cluster}`) },
        { action: 'logs:CreateLogGroup', resource: arn('logs', region, `log-group:/aws/containerinsights/${cluster}/application`) },
        { action: 'iam:CreateRole', resource: role(`${cluster}-app`), context: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/shop-api-boundary-${environment}` } },
        { action: 'eks:CreatePodIdentityAssociation', resource: arn('eks', region, `cluster/${cluster}`) },
        { action: 'iam:PassRole', resource: role(`${cluster}-app`), context: { 'iam:PassedToService': 'pods.eks.amazonaws.com' } },
      );
    }
    if (f.database && !cluster.endsWith('usw2')) {
      calls.push(
        { action: 'ec2:AuthorizeSecurityGroupIngress', resource: arn('ec2', region, 'security-group-rule/*'), context: create },
        { action: 'rds:CreateDBSubnetGroup', resource: arn('rds', region, `subgrp:${cluster}`) },
        { action: 'rds:CreateDBInstance', resource: arn('rds', region, `db:${cluster}`) },
        { action: 'rds:CreateDBInstance', resource: arn('rds', region, 'pg:default.postgres17') },
        { action: 'rds:AddTagsToResource', resource: arn('rds', region, `db:${cluster}`) },
        { action: 'secretsmanager:CreateSecret', resource: arn('secretsmanager', region, 'secret:rds!db-1'), context: { 'aws:ViaAWSService': 'true' } },
        { action: 'iam:CreateServiceLinkedRole', resource: role('aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS'), context: { 'iam:AWSServiceName': 'rds.amazonaws.com' } },
      );
    }
    if (f.securityMonitoring) {
      calls.push(
        { action: 'sns:CreateTopic', resource: arn('sns', region, `${cluster}-security-alerts`) },
        { action: 'logs:PutMetricFilter', resource: arn('logs', region, `log-group:/aws/eks/${cluster}/cluster`) },
        { action: 'cloudwatch:PutMetricAlarm', resource: arn('cloudwatch', region, `alarm:${cluster}-pod-exec`), context: create },
      );
    }
    if (plan.answers.domain) {
      // domain.tf: the zone by name, the host's certificate and its validation record, ExternalDNS's role.
      const host = environment === plan.environments.at(-1)!.name ? plan.answers.domain : `${environment}.${plan.answers.domain}`;
      calls.push(
        { action: 'route53:ListHostedZones', resource: '*' },
        { action: 'route53:GetHostedZone', resource: 'arn:aws:route53:::hostedzone/Z1' },
        { action: 'acm:RequestCertificate', resource: '*', context: create },
        { action: 'acm:AddTagsToCertificate', resource: arn('acm', region, 'certificate/1'), context: { ...own, ...create } },
        { action: 'acm:DescribeCertificate', resource: arn('acm', region, 'certificate/1'), context: own },
        { action: 'route53:ChangeResourceRecordSets', resource: 'arn:aws:route53:::hostedzone/Z1', context: { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`_0123abcd.${host}`], 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'] } },
        { action: 'route53:GetChange', resource: 'arn:aws:route53:::change/C1' },
        ...addonCalls(`${cluster}-dns`, environment),
      );
    }
    return calls;
  }

  it('T1: CI holds no identity that can apply Terraform (an administrator applies it): the deploy role may make none of these calls', () => {
    const all = rolesOf(t1Tree);
    const target = t1.environments[0]!.targets[0]!;
    expect(all['prod']!.infrastructure).toEqual([]);
    for (const call of firstApply(t1, 'prod', target.clusterName, target.region)) {
      expect(decide(all['prod']!.deploy, call), `${call.action} ${call.resource}`).not.toBe('allowed');
    }
  });

  it.each([
    ['T2', t2Tree, t2],
    ['T3', t3Tree, t3],
  ] as const)('%s: every target', (_tier, tree, plan) => {
    const all = rolesOf(tree);
    for (const env of plan.environments) {
      for (const target of env.targets) {
        for (const call of firstApply(plan, env.name, target.clusterName, target.region)) {
          expect(decide(all[env.name]!.infrastructure, call), `${target.id}: ${call.action} ${call.resource}`).toBe('allowed');
        }
      }
    }
  });

  it('with a domain (T3): every target may create its certificate and validation record, and no other record', () => {
    const plan = planFor({ ...REFERENCE_STACKS['t3-enterprise'], domain: 'api.example.com' } as never);
    const all = rolesOf(render(plan));
    for (const env of plan.environments) {
      for (const target of env.targets) {
        for (const call of firstApply(plan, env.name, target.clusterName, target.region)) {
          expect(decide(all[env.name]!.infrastructure, call), `${target.id}: ${call.action} ${call.resource}`).toBe('allowed');
        }
      }
    }
    const change = (names: string[], types: string[]): Request => ({
      action: 'route53:ChangeResourceRecordSets',
      resource: 'arn:aws:route53:::hostedzone/Z1',
      context: { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': names, 'route53:ChangeResourceRecordSetsRecordTypes': types },
    });
    // The host's own record is ExternalDNS's, other names and types nobody's.
    for (const request of [change(['api.example.com'], ['A']), change(['_x.api.example.com', 'www.example.com'], ['CNAME']), change(['_x.api.example.com'], ['TXT']), change(['_x.other.example'], ['CNAME'])]) {
      expect(decide(all['dev']!.infrastructure, request), JSON.stringify(request.context)).not.toBe('allowed');
    }
    // Another environment's certificate: its tag says whose it is.
    expect(decide(all['dev']!.infrastructure, { action: 'acm:DeleteCertificate', resource: arn('acm', 'us-east-1', 'certificate/2'), context: tags('prod', 'Resource') })).not.toBe('allowed');
  });

  it('fits IAM\'s size limits with the longest names: 6,144 characters per managed policy, 10,240 of inline policy per role', () => {
    const longest = { ...REFERENCE_STACKS['t3-enterprise']!, ...LONGEST_NAMES, secondaryRegion: 'ap-southeast-1', environments: ['development1', 'staging12345', 'production12'], domain: 'payments-reconciliation-backend1.platform-team.example.com' };
    for (const answers of [REFERENCE_STACKS['t3-enterprise']!, longest]) {
      const all = Object.entries(rolesOf(render(planFor(answers as never))));
      expect(all.length).toBe(3);
      for (const [environment, { sizes }] of all) {
        expect(sizes.managed, environment).toBeLessThanOrEqual(6144);
        expect(sizes.infrastructureInline, environment).toBeLessThanOrEqual(10240);
        expect(sizes.deployInline, environment).toBeLessThanOrEqual(10240);
      }
    }
  });

  it('T3: production owns the account-wide trail and image replication, and its second region replicates the primary backups', () => {
    const prod = roles.prod!.infrastructure;
    expect(allowed(prod, { action: 'ecr:PutReplicationConfiguration', resource: '*' })).toBe(true);
    expect(allowed(roles.staging!.infrastructure, { action: 'ecr:PutReplicationConfiguration', resource: '*' })).toBe(false);
    expect(allowed(prod, { action: 'rds:StartDBInstanceAutomatedBackupsReplication', resource: arn('rds', 'us-east-1', 'db:shop-api-prod') })).toBe(true);
    expect(allowed(prod, { action: 's3:CreateBucket', resource: `arn:aws:s3:::shop-api-cloudtrail-${ACCOUNT}` })).toBe(true);
    expect(allowed(prod, { action: 'iam:PassRole', resource: role('shop-api-prod-cloudtrail'), context: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' } })).toBe(true);
  });
});

describe('AWS root stack: every role carries the boundary, the clusters admit the deploy role only', () => {
  const tf = (name: string) => t3Tree.get(`infra/terraform/${name}`)!.content;

  it('puts the boundary on every IAM role the stack and its modules create', () => {
    const files = [...t3Tree.values()].filter((f) => f.path.startsWith('infra/terraform/') && f.path.endsWith('.tf'));
    const roleBlocks = files.flatMap((f) => f.content.split(/\n(?=resource )/).filter((b) => b.startsWith('resource "aws_iam_role" ')));
    expect(roleBlocks.length).toBe(2);
    for (const block of roleBlocks) expect(block).toMatch(/permissions_boundary += (local|var)\.permissions_boundary/);
    expect(tf('eks.tf')).toMatch(/^ {2}iam_role_permissions_boundary += local\.permissions_boundary$/m);
    expect(tf('eks.tf')).toMatch(/^ {6}iam_role_permissions_boundary = local\.permissions_boundary$/m);
    expect(tf('vpc.tf')).toMatch(/^ {2}vpc_flow_log_permissions_boundary += local\.permissions_boundary$/m);
    // Every eks-pod-identity module (the add-ons' roles) passes it too.
    const podIdentityModules = tf('addons.tf').split(/\n(?=module )/).filter((b) => b.includes('terraform-aws-modules/eks-pod-identity/aws'));
    expect(podIdentityModules.length).toBe(2);
    for (const block of podIdentityModules) expect(block).toMatch(/^ {2}permissions_boundary_arn += local\.permissions_boundary$/m);
    expect(tf('security-monitoring.tf')).toMatch(/^ {2}permissions_boundary += local\.permissions_boundary$/m);
    expect(tf('providers.tf')).toContain('permissions_boundary = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:policy/shop-api-boundary-${var.environment}"');
  });

  it('tags every resource with its project and environment, and names the flow-log group after the cluster', () => {
    expect(tf('providers.tf')).toMatch(/project += "shop-api"\n\s+environment = var\.environment/);
    expect(tf('vpc.tf')).toMatch(/^ {2}flow_log_cloudwatch_log_group_name_suffix += var\.cluster_name$/m);
    // The VPC's default resources are AWS's and untagged: the CI role may not take them over.
    for (const input of ['manage_default_security_group', 'manage_default_route_table', 'manage_default_network_acl']) expect(tf('vpc.tf')).toMatch(new RegExp(`^  ${input} += false$`, 'm'));
  });

  it("admits the deploy role to each cluster's API, not the infrastructure role", () => {
    expect(tf('eks.tf')).toContain(':role/${var.deploy_role_name}"], var.cluster_admin_arns)');
    for (const target of t3.environments.flatMap((e) => e.targets.map((t) => ({ e, t })))) {
      expect(tf(target.t.varsPath)).toContain(`deploy_role_name    = "shop-api-deploy-${target.e.name}"`);
    }
    // Terraform never calls the Kubernetes API: its role has no access entry.
    const entries = tf('eks.tf').slice(tf('eks.tf').indexOf('access_entries'), tf('eks.tf').indexOf('vpc_id'));
    expect(entries).toContain('var.deploy_role_name');
    expect(entries).not.toMatch(/infrastructure_role|infra-/);
  });

  it('names the infrastructure role as the administrator of the keys it creates, not whoever applied last', () => {
    expect(tf('eks.tf')).toContain('kms_key_administrators = [local.infrastructure_role]');
    expect(tf('database.tf')).toMatch(/AWS = \[\n\s+"arn:aws:iam::\$\{data\.aws_caller_identity\.current\.account_id\}:root",\n\s+local\.infrastructure_role,/);
  });
});

describe('AWS CI identities: logins', () => {
  it('logs a shell in as the identity of the purpose: the infrastructure role for Terraform, else the deploy role', () => {
    const env = t2.environments[0]!;
    const login = (purpose?: 'infrastructure' | 'deploy') => aws.shell.login(t2, env, 'us-east-1', '"$TOKEN_FILE"', purpose).join('\n');
    expect(login('infrastructure')).toContain('export AWS_ROLE_ARN="${AWS_INFRA_ROLE_ARN}"');
    expect(login('infrastructure')).toContain('export AWS_ROLE_SESSION_NAME=ci-infrastructure');
    expect(login('deploy')).toContain('export AWS_ROLE_ARN="${AWS_DEPLOY_ROLE_ARN}"');
    expect(login()).toBe(login('deploy'));
  });

  it('names the variables per stack below a repository root, and says where each value comes from', () => {
    expect(aws.identityVariables('api', 'services/api')).toEqual({ roleArn: 'AWS_DEPLOY_ROLE_ARN_API', infrastructureRoleArn: 'AWS_INFRA_ROLE_ARN_API' });
    const settings = aws.settings(t2);
    expect(settings['AWS_INFRA_ROLE_ARN']!('dev')).toEqual({ description: 'ARN of shop-api-infra-dev (Terraform)', source: 'terraform -chdir=infra/bootstrap output infrastructure_role_arns' });
    expect(settings['AWS_DEPLOY_ROLE_ARN']!('prod')).toEqual({ description: 'ARN of shop-api-deploy-prod (image push, kubectl)', source: 'terraform -chdir=infra/bootstrap output deploy_role_arns' });
  });
});

describe('AWS CI identities: facts and hand edits', () => {
  it('reads every environment\'s identities and what it owns back from the files', () => {
    const facts = extractFacts(t3Tree, t3).iac;
    expect(facts.identities.map((i) => `${i.environment} ${i.purpose} ${i.name}`)).toEqual([
      'dev infrastructure shop-api-infra-dev', 'dev deploy shop-api-deploy-dev', 'dev boundary shop-api-boundary-dev',
      'staging infrastructure shop-api-infra-staging', 'staging deploy shop-api-deploy-staging', 'staging boundary shop-api-boundary-staging',
      'prod infrastructure shop-api-infra-prod', 'prod deploy shop-api-deploy-prod', 'prod boundary shop-api-boundary-prod',
    ]);
    const prod = facts.environmentResources.find((r) => r.environment === 'prod')!;
    expect(prod.named).toEqual(expect.arrayContaining([
      'arn:aws:eks:us-east-1:*:cluster/shop-api-prod',
      'arn:aws:eks:us-west-2:*:cluster/shop-api-prod-usw2',
      'arn:aws:rds:us-east-1:*:db:shop-api-prod',
      `arn:aws:s3:::${t3.stateStore}/shop-api/prod/us-west-2/terraform.tfstate*`,
      'arn:aws:iam::*:role/shop-api-infra-prod',
      'arn:aws:iam::*:policy/shop-api-boundary-prod',
    ]));
    // A template filled in per target: production's role holds both regions' statements.
    const deploy = facts.identities.find((i) => i.environment === 'prod' && i.purpose === 'deploy')!;
    expect(deploy.statements.flatMap((s) => s.resources).filter((r) => r.includes('cluster/'))).toEqual([
      'arn:aws:eks:us-east-1:${account}:cluster/shop-api-prod',
      'arn:aws:eks:us-west-2:${account}:cluster/shop-api-prod-usw2',
    ]);
  });

  it('finds a hand-widened policy: the old broad grants fail the rule', () => {
    const path = 'infra/bootstrap/policies/infrastructure.json';
    const edited = JSON.parse(t2Tree.get(path)!.content) as { Statement: Statement[] };
    edited.Statement.push({ Effect: 'Allow', Action: ['ec2:*', 'eks:*', 'rds:*'], Resource: '*' });
    const tree = buildTree([...[...t2Tree.values()].filter((f) => f.path !== path), { ...t2Tree.get(path)!, content: JSON.stringify(edited) }]);
    const facts = extractFacts(tree, t2);
    const rule = RULES.find((r) => r.id === 'identities-stay-in-environment')!;
    const messages = rule.check({ plan: t2, facts, tree }).map((f) => f.message);
    expect(messages).toEqual(['dev', 'staging', 'prod'].map((env) => expect.stringContaining(`infrastructure.json lets shop-api-infra-${env} (${env}) ec2:*, eks:*, rds:* on *, whatever environment its tag names`)));
  });

  it("names the template a widened grant is in: a target's cluster pattern that reaches the others", () => {
    const path = 'infra/bootstrap/policies/infrastructure-target.json';
    const widened = t2Tree.get(path)!.content.replace('"arn:aws:eks:${region}:${account}:cluster/${cluster}"', '"arn:aws:eks:${region}:${account}:cluster/shop-api-*"');
    expect(widened).not.toBe(t2Tree.get(path)!.content);
    const tree = buildTree([...[...t2Tree.values()].filter((f) => f.path !== path), { ...t2Tree.get(path)!, content: widened }]);
    const findings = RULES.find((r) => r.id === 'identities-stay-in-environment')!.check({ plan: t2, facts: extractFacts(tree, t2), tree });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^infra\/bootstrap\/policies\/infrastructure-target\.json lets shop-api-infra-dev \(dev\) eks:\*, ecr:\*, logs:\*, … on arn:aws:eks:us-east-1:\$\{account\}:cluster\/shop-api-\*, which reaches .*cluster\/shop-api-staging of staging and .*cluster\/shop-api-prod of prod$/),
      expect.stringContaining('lets shop-api-infra-staging (staging)'),
      expect.stringContaining('lets shop-api-infra-prod (prod)'),
    ]);
    expect(findings[0]!.files).toEqual([path, 'infra/terraform/environments/staging.tfvars', 'infra/terraform/environments/prod.tfvars']);
  });

  it('renders templates that templatefile() fills into valid policies', () => {
    for (const tree of [t1Tree, t2Tree, t3Tree]) {
      for (const [environment, identities] of Object.entries(rolesOf(tree))) {
        const withInfrastructure = tree !== t1Tree;
        for (const statements of withInfrastructure ? [identities.infrastructure, identities.deploy, identities.boundary] : [identities.deploy]) {
          expect(statements.length, environment).toBeGreaterThan(0);
          for (const s of statements) {
            expect(['Allow', 'Deny']).toContain(s.Effect);
            for (const action of [s.Action ?? [], s.NotAction ?? []].flat()) expect(action).toMatch(/^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/);
            for (const resource of [s.Resource ?? []].flat()) expect(resource).toMatch(/^(\*|arn:aws:[a-z0-9-]+:[a-z0-9-*]*:(\d{12}|\*|)?:.+)$/);
          }
        }
      }
    }
  });

  // The same templates through Terraform's own templatefile() and jsondecode(), where a terraform binary exists.
  it.skipIf(lacksTerraform())('fills in with terraform console as it does on apply (where a terraform binary is installed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-'));
    try {
      for (const file of t3Tree.values()) {
        if (!file.path.startsWith('infra/bootstrap/policies/')) continue;
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.content);
      }
      const values = `{ account = "${ACCOUNT}", state_key = "${STATE_KEY}", environment = "prod", cluster = "shop-api-prod", region = "us-east-1", repository = "shop-api-prod", state = "shop-api/prod/terraform.tfstate" }`;
      const expression = ['infrastructure', 'account', 'deploy', 'boundary'].map((t) => `length(jsondecode(templatefile("infra/bootstrap/policies/${t}.json", ${values})).Statement)`).join(', ');
      const out = execFileSync('terraform', ['console'], { cwd: dir, input: `[${expression}]\n`, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
      expect(out.replace(/\s+/g, '')).toBe(`[${['infrastructure', 'account', 'deploy', 'boundary'].map((t) => rolesOfCount(t)).join(',')},]`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function rolesOfCount(template: string): number {
  return (JSON.parse(t3Tree.get(`infra/bootstrap/policies/${template}.json`)!.content) as { Statement: unknown[] }).Statement.length;
}

