/**
 * infra/bootstrap/main.tf: what must exist before CI can run Terraform, applied
 * once by a human with admin credentials and local state. A backend cannot create
 * its own bucket, and CI cannot create the role it assumes.
 */
import type { VirtualFile } from '../../../../core/files.js';
import { GENERATOR } from '../../../../plan/conventions.js';
import type { Plan } from '../../../../plan/types.js';
import { type HclObject, attr, block, call, comment, expr } from '../../../../render/hcl.js';
import { OIDC_AUDIENCE, VERSIONS, allow, hclFile, oidcProviderName, output } from './shared.js';

const HEADER = `Apply once, by hand, with admin credentials: a backend cannot create its own
bucket, and CI cannot create the role it assumes.`;

const bucket = 'aws_s3_bucket.state';
const onBucket = (type: string, body: Parameters<typeof block>[2]) =>
  block('resource', [type, 'state'], [attr('bucket', expr(`${bucket}.id`)), ...body]);
const policy = (statements: HclObject[]) => call('jsonencode', { Version: '2012-10-17', Statement: statements });

export function bootstrapMainTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.bootstrapDir}/main.tf`, 'State bucket, GitHub OIDC provider and one deploy role per environment', [
    block('terraform', [], [
      attr('required_version', VERSIONS.terraform),
      block('required_providers', [], [
        attr('aws', { source: 'hashicorp/aws', version: VERSIONS.awsProvider }),
      ]),
    ]),
    block('provider', ['aws'], [
      attr('region', plan.region),
      block('default_tags', [], [attr('tags', { project: plan.name, 'managed-by': GENERATOR })]),
    ]),
    ...stateBucket(plan),
    ...deployRoles(plan),
    output('state_bucket', `${bucket}.bucket`),
    output('deploy_role_arns', '{ for env, role in aws_iam_role.deploy : env => role.arn }'),
  ], HEADER);
}

function stateBucket(plan: Plan) {
  return [
    block('resource', ['aws_kms_key', 'state'], [
      attr('description', `${plan.name} Terraform state`),
      attr('enable_key_rotation', true),
    ]),
    block('resource', ['aws_s3_bucket', 'state'], [
      attr('bucket', plan.stateStore),
      block('lifecycle', [], [attr('prevent_destroy', true)]),
    ]),
    onBucket('aws_s3_bucket_versioning', [block('versioning_configuration', [], [attr('status', 'Enabled')])]),
    onBucket('aws_s3_bucket_server_side_encryption_configuration', [
      block('rule', [], [
        attr('bucket_key_enabled', true),
        block('apply_server_side_encryption_by_default', [], [
          attr('sse_algorithm', 'aws:kms'),
          attr('kms_master_key_id', expr('aws_kms_key.state.arn')),
        ]),
      ]),
    ]),
    onBucket('aws_s3_bucket_public_access_block', [
      attr('block_public_acls', true),
      attr('block_public_policy', true),
      attr('ignore_public_acls', true),
      attr('restrict_public_buckets', true),
    ]),
    onBucket('aws_s3_bucket_ownership_controls', [block('rule', [], [attr('object_ownership', 'BucketOwnerEnforced')])]),
    onBucket('aws_s3_bucket_policy', [
      attr('policy', policy([{
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [expr(`${bucket}.arn`), expr(`"\${${bucket}.arn}/*"`)],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }])),
    ]),
  ];
}

function deployRoles(plan: Plan) {
  const roles: HclObject = {};
  for (const env of plan.environments) {
    // With a second region the environment has several state keys: allow its whole state directory.
    const state = env.targets.length > 1 ? env.stateKey.slice(0, env.stateKey.lastIndexOf('/') + 1) : env.stateKey;
    roles[env.name] = { name: env.deployIdentity, subjects: env.trust.subjects, state, cluster: env.clusterName };
  }
  const issuer = plan.environments[0]!.trust.issuer;
  return [
    block('resource', ['aws_iam_openid_connect_provider', oidcProviderName(plan)], [
      attr('url', `https://${issuer}`),
      attr('client_id_list', [OIDC_AUDIENCE]),
    ]),
    block('locals', [], [attr('deploy_roles', roles)]),
    block('resource', ['aws_iam_role', 'deploy'], [
      attr('for_each', expr('local.deploy_roles')),
      attr('name', expr('each.value.name')),
      attr('assume_role_policy', policy([{
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: expr(`aws_iam_openid_connect_provider.${oidcProviderName(plan)}.arn`) },
        // StringLike: a subject may hold a `*` for an id the answers do not give (GitHub's immutable subjects).
        Condition: {
          StringEquals: { [`${issuer}:aud`]: OIDC_AUDIENCE },
          StringLike: { [`${issuer}:sub`]: expr('each.value.subjects') },
        },
      }])),
    ]),
    block('resource', ['aws_iam_role_policy', 'deploy'], [
      comment('Service ARNs are generated, so not scoped; IAM writes reach only <cluster>-* names, no deploy role.'),
      attr('for_each', expr('local.deploy_roles')),
      attr('role', expr('aws_iam_role.deploy[each.key].id')),
      attr('policy', policy([
        allow(['s3:ListBucket', 's3:*Object'], [
          expr(`${bucket}.arn`),
          expr(`"\${${bucket}.arn}/\${each.value.state}*"`),
        ]),
        allow(['ec2:*', 'eks:*', 'ecr:*', 'kms:*', 'logs:*', 'iam:Get*', 'iam:List*'], '*'),
        allow('ssm:GetParameter', 'arn:aws:ssm:*::parameter/aws/service/*'),
        allow('iam:*', [
          expr('"arn:aws:iam::*:role/${each.value.cluster}-*"'),
          expr('"arn:aws:iam::*:policy/${each.value.cluster}-*"'),
        ]),
        { Effect: 'Deny', Action: 'iam:*', Resource: expr('[for r in local.deploy_roles : "arn:aws:iam::*:role/${r.name}"]') },
        allow('iam:CreateServiceLinkedRole', '*', {
          Condition: { StringLike: { 'iam:AWSServiceName': serviceLinkedRoles(plan) } },
        }),
        ...featureStatements(plan),
      ])),
    ]),
  ];
}

function serviceLinkedRoles(plan: Plan): string[] {
  return [
    'eks*.amazonaws.com',
    'autoscaling.amazonaws.com',
    ...(plan.features.database ? ['rds.amazonaws.com'] : []),
    ...(plan.features.multiRegion ? ['replication.ecr.amazonaws.com'] : []),
  ];
}

/** Only what the T3 resources need: RDS and its managed secret, CloudTrail with its bucket, alarms. */
function featureStatements(plan: Plan): HclObject[] {
  const f = plan.features;
  const services = [...(f.database ? ['rds:*'] : []), ...(f.securityMonitoring ? ['cloudtrail:*', 'cloudwatch:*', 'sns:*'] : [])];
  return [
    ...(services.length ? [allow(services, '*')] : []),
    ...(f.database ? [allow('secretsmanager:*', 'arn:aws:secretsmanager:*:*:secret:rds!*')] : []),
    ...(f.securityMonitoring ? [allow('s3:*', `arn:aws:s3:::${plan.name}-cloudtrail-*`)] : []),
  ];
}
