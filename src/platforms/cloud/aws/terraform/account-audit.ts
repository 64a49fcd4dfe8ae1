/**
 * modules/account-audit: what exists once per account, so one stack (the primary production
 * one, enable_account_audit) creates it: a multi-region CloudTrail trail with log file
 * validation, to an encrypted private S3 bucket and to CloudWatch Logs for the alarms.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { type HclObject, attr, block, call, expr } from '../../../../render/hcl.js';
import { allow, hclFile, output, variable } from './shared.js';

const policy = (statements: HclObject[]) => call('jsonencode', { Version: '2012-10-17', Statement: statements });
const bucket = (type: string, body: Parameters<typeof block>[2]) =>
  block('resource', [type, 'trail'], [attr('bucket', expr('aws_s3_bucket.trail.id')), ...body]);

export function accountAuditFiles(plan: Plan): VirtualFile[] {
  const dir = `${plan.paths.iacDir}/modules/account-audit`;
  const cloudtrail = { Service: 'cloudtrail.amazonaws.com' };
  const sourceArn = { 'aws:SourceArn': expr('local.trail_arn') };
  return [
    hclFile(`${dir}/variables.tf`, 'Inputs of the account-audit module', [
      variable('name', 'string', 'Names the trail, its log group and IAM role.'),
      variable('bucket_name', 'string', 'S3 bucket for the trail (globally unique).'),
      variable('log_retention_days', 'number', 'Retention of the trail log group.'),
      variable('permissions_boundary', 'string', "The environment's permissions boundary, for the trail's role."),
    ]),
    hclFile(`${dir}/outputs.tf`, 'Outputs of the account-audit module', [
      output('log_group_name', 'aws_cloudwatch_log_group.trail.name'),
    ]),
    hclFile(`${dir}/main.tf`, 'Multi-region CloudTrail trail to S3 and CloudWatch Logs', [
      block('data', ['aws_caller_identity', 'current'], []),
      block('data', ['aws_region', 'current'], []),
      block('locals', [], [
        attr('trail_arn', expr('"arn:aws:cloudtrail:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}:trail/${var.name}"')),
      ]),
      block('resource', ['aws_s3_bucket', 'trail'], [attr('bucket', expr('var.bucket_name'))]),
      bucket('aws_s3_bucket_public_access_block', [
        attr('block_public_acls', true),
        attr('block_public_policy', true),
        attr('ignore_public_acls', true),
        attr('restrict_public_buckets', true),
      ]),
      // SSE-S3: SSE-KMS would need a key policy granting CloudTrail and every log reader.
      bucket('aws_s3_bucket_server_side_encryption_configuration', [
        block('rule', [], [block('apply_server_side_encryption_by_default', [], [attr('sse_algorithm', 'AES256')])]),
      ]),
      bucket('aws_s3_bucket_policy', [
        attr('policy', policy([
          allow('s3:GetBucketAcl', expr('aws_s3_bucket.trail.arn'), { Principal: cloudtrail, Condition: { StringEquals: sourceArn } }),
          allow('s3:PutObject', expr('"${aws_s3_bucket.trail.arn}/AWSLogs/${data.aws_caller_identity.current.account_id}/*"'), {
            Principal: cloudtrail,
            Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...sourceArn } },
          }),
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [expr('aws_s3_bucket.trail.arn'), expr('"${aws_s3_bucket.trail.arn}/*"')],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ])),
      ]),
      block('resource', ['aws_cloudwatch_log_group', 'trail'], [
        attr('name', expr('"/aws/cloudtrail/${var.name}"')),
        attr('retention_in_days', expr('var.log_retention_days')),
      ]),
      block('resource', ['aws_iam_role', 'trail'], [
        attr('name', expr('"${var.name}-cloudtrail"')),
        attr('permissions_boundary', expr('var.permissions_boundary')),
        attr('assume_role_policy', policy([{ Effect: 'Allow', Principal: cloudtrail, Action: 'sts:AssumeRole' }])),
      ]),
      block('resource', ['aws_iam_role_policy', 'trail'], [
        attr('role', expr('aws_iam_role.trail.id')),
        attr('policy', policy([allow(['logs:CreateLogStream', 'logs:PutLogEvents'], expr('"${aws_cloudwatch_log_group.trail.arn}:*"'))])),
      ]),
      block('resource', ['aws_cloudtrail', 'this'], [
        attr('name', expr('var.name')),
        attr('s3_bucket_name', expr('aws_s3_bucket.trail.id')),
        attr('is_multi_region_trail', true),
        attr('include_global_service_events', true),
        attr('enable_log_file_validation', true),
        attr('cloud_watch_logs_group_arn', expr('"${aws_cloudwatch_log_group.trail.arn}:*"')),
        attr('cloud_watch_logs_role_arn', expr('aws_iam_role.trail.arn')),
        attr('depends_on', [expr('aws_s3_bucket_policy.trail')]),
      ]),
    ]),
  ];
}
