/**
 * security-monitoring.tf (T3): CloudWatch metric filters and alarms, to one SNS topic per
 * stack, on the cluster's Kubernetes audit log (every stack) and on the account's CloudTrail
 * log (only the stack with enable_account_audit: the trail is multi-region and account-wide,
 * so one stack, the primary production one, owns it; see modules/account-audit).
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, blank, block, comment, expr } from '../../../../render/hcl.js';
import { hclFile } from './shared.js';

/** Users that are the cluster itself: control plane, controllers, EKS-managed components. */
const NOT_SYSTEM = '($.user.username != "system:*") && ($.user.username != "eks:*")';
const MUTATING = '($.verb = "create" || $.verb = "update" || $.verb = "patch" || $.verb = "delete")';

/** Kubernetes audit events (EKS control-plane audit log), by alarm name. */
export const EKS_AUDIT_PATTERNS: Record<string, string> = {
  'pod-exec': '{ ($.objectRef.resource = "pods") && ($.objectRef.subresource = "exec") }',
  'secret-read-by-user': `{ ($.objectRef.resource = "secrets") && ($.verb = "get" || $.verb = "list" || $.verb = "watch") && ${NOT_SYSTEM} }`,
  'rbac-change': `{ ($.objectRef.resource = "clusterrolebindings" || $.objectRef.resource = "clusterroles") && ${MUTATING} && ${NOT_SYSTEM} }`,
};

const IAM_POLICY_EVENTS = [
  'PutRolePolicy', 'PutUserPolicy', 'PutGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'DeleteGroupPolicy',
  'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion',
  'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
];

/** CloudTrail events (CIS AWS Foundations monitoring controls), by alarm name. */
export const CLOUDTRAIL_PATTERNS: Record<string, string> = {
  'root-account-use': '{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") }',
  'iam-policy-change': `{ ${IAM_POLICY_EVENTS.map((e) => `($.eventName = ${e})`).join(' || ')} }`,
  'console-login-without-mfa': '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
};

export function securityMonitoringTf(plan: Plan): VirtualFile {
  const namespace = expr('"${var.cluster_name}/security"');
  return hclFile(`${plan.paths.iacDir}/security-monitoring.tf`, 'Alarms on Kubernetes audit and CloudTrail events, to an SNS topic', [
    block('resource', ['aws_sns_topic', 'security_alerts'], [
      comment('Subscribe on-call to it (setup guide). No AWS-managed key: CloudWatch cannot publish to a topic under it.'),
      attr('name', expr('"${var.cluster_name}-security-alerts"')),
    ]),
    block('module', ['account_audit'], [
      attr('source', './modules/account-audit'),
      attr('count', expr('var.enable_account_audit ? 1 : 0')),
      blank(),
      attr('name', expr('var.cluster_name')),
      attr('bucket_name', expr(`"${plan.name}-cloudtrail-\${data.aws_caller_identity.current.account_id}"`)),
      attr('log_retention_days', expr('var.log_retention_days')),
      attr('permissions_boundary', expr('local.permissions_boundary')),
    ]),
    block('locals', [], [
      attr('eks_audit_patterns', EKS_AUDIT_PATTERNS),
      attr('cloudtrail_patterns', CLOUDTRAIL_PATTERNS),
      attr('security_alarms', expr(`merge(
    { for name, pattern in local.eks_audit_patterns : name => { log_group = module.eks.cloudwatch_log_group_name, pattern = pattern } },
    { for name, pattern in local.cloudtrail_patterns : name => { log_group = one(module.account_audit[*].log_group_name), pattern = pattern } if var.enable_account_audit }
  )`)),
    ]),
    block('resource', ['aws_cloudwatch_log_metric_filter', 'security'], [
      attr('for_each', expr('local.security_alarms')),
      attr('name', expr('"${var.cluster_name}-${each.key}"')),
      attr('log_group_name', expr('each.value.log_group')),
      attr('pattern', expr('each.value.pattern')),
      block('metric_transformation', [], [attr('name', expr('each.key')), attr('namespace', namespace), attr('value', '1')]),
    ]),
    block('resource', ['aws_cloudwatch_metric_alarm', 'security'], [
      comment('Any one event alarms; no data is normal, not missing.'),
      attr('for_each', expr('local.security_alarms')),
      attr('alarm_name', expr('"${var.cluster_name}-${each.key}"')),
      attr('namespace', namespace),
      attr('metric_name', expr('each.key')),
      attr('statistic', 'Sum'),
      attr('period', 300),
      attr('evaluation_periods', 1),
      attr('threshold', 1),
      attr('comparison_operator', 'GreaterThanOrEqualToThreshold'),
      attr('treat_missing_data', 'notBreaching'),
      attr('alarm_actions', [expr('aws_sns_topic.security_alerts.arn')]),
    ]),
  ]);
}
