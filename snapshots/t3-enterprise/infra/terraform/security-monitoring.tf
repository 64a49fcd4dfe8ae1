resource "aws_sns_topic" "security_alerts" {
  # Subscribe on-call to it (setup guide). No AWS-managed key: CloudWatch cannot publish to a topic under it.
  name = "${var.cluster_name}-security-alerts"
}

module "account_audit" {
  source = "./modules/account-audit"
  count  = var.enable_account_audit ? 1 : 0

  name                 = var.cluster_name
  bucket_name          = "shop-api-cloudtrail-${data.aws_caller_identity.current.account_id}"
  log_retention_days   = var.log_retention_days
  permissions_boundary = local.permissions_boundary
}

locals {
  eks_audit_patterns = {
    pod-exec            = "{ ($.objectRef.resource = \"pods\") && ($.objectRef.subresource = \"exec\") }"
    secret-read-by-user = "{ ($.objectRef.resource = \"secrets\") && ($.verb = \"get\" || $.verb = \"list\" || $.verb = \"watch\") && ($.user.username != \"system:*\") && ($.user.username != \"eks:*\") }"
    rbac-change         = "{ ($.objectRef.resource = \"clusterrolebindings\" || $.objectRef.resource = \"clusterroles\") && ($.verb = \"create\" || $.verb = \"update\" || $.verb = \"patch\" || $.verb = \"delete\") && ($.user.username != \"system:*\") && ($.user.username != \"eks:*\") }"
  }
  cloudtrail_patterns = {
    root-account-use          = "{ ($.userIdentity.type = \"Root\") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != \"AwsServiceEvent\") }"
    iam-policy-change         = "{ ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = DeleteGroupPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }"
    console-login-without-mfa = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }"
  }
  security_alarms = merge(
    { for name, pattern in local.eks_audit_patterns : name => { log_group = module.eks.cloudwatch_log_group_name, pattern = pattern } },
    { for name, pattern in local.cloudtrail_patterns : name => { log_group = one(module.account_audit[*].log_group_name), pattern = pattern } if var.enable_account_audit }
  )
}

resource "aws_cloudwatch_log_metric_filter" "security" {
  for_each       = local.security_alarms
  name           = "${var.cluster_name}-${each.key}"
  log_group_name = each.value.log_group
  pattern        = each.value.pattern
  metric_transformation {
    name      = each.key
    namespace = "${var.cluster_name}/security"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "security" {
  # Any one event alarms; no data is normal, not missing.
  for_each            = local.security_alarms
  alarm_name          = "${var.cluster_name}-${each.key}"
  namespace           = "${var.cluster_name}/security"
  metric_name         = each.key
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.security_alerts.arn]
}
