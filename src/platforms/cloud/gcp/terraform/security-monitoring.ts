/**
 * security-monitoring.tf (T3): log-based metrics on the audit logs, each with an alert policy
 * that notifies var.notification_channels on any one event. The cluster's Kubernetes audit log
 * (admin activity, always on: exec into pods, RBAC changes) in every stack; the project's (IAM
 * policy changes, service account keys) in one stack only, the primary production one
 * (enable_project_audit), since its events are project-wide. Metric names carry the cluster's
 * name: they are unique per project.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { type HclObject, attr, block, comment, expr } from '../../../../render/hcl.js';
import { hclFile } from './shared.js';

const CLUSTER = 'resource.type=\\"k8s_cluster\\" AND resource.labels.cluster_name=\\"${var.cluster_name}\\"';
const MUTATING = '(create|update|patch|delete)';

/** Kubernetes audit events of this cluster, by alert name. */
export const CLUSTER_AUDIT: Record<string, string> = {
  'pod-exec': `${CLUSTER} AND protoPayload.methodName=\\"io.k8s.core.v1.pods.exec.create\\"`,
  'rbac-change': `${CLUSTER} AND protoPayload.methodName=~\\"io.k8s.authorization.rbac.v1.(clusterroles|clusterrolebindings).${MUTATING}\\" AND NOT protoPayload.authenticationInfo.principalEmail=~\\"^system:\\"`,
};

/** Project-wide audit events (CIS Google Cloud Foundations monitoring), by alert name. */
export const PROJECT_AUDIT: Record<string, string> = {
  'iam-policy-change': 'protoPayload.methodName=\\"SetIamPolicy\\" AND protoPayload.serviceData.policyDelta.bindingDeltas:*',
  'service-account-key': 'protoPayload.methodName=\\"google.iam.admin.v1.CreateServiceAccountKey\\"',
};

/** Filters as HCL templates: already escaped, and they interpolate `${var.cluster_name}`. */
const filters = (entries: Record<string, string>): HclObject => Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, expr(`"${v}"`)]));

export function securityMonitoringTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/security-monitoring.tf`, 'Alerts on Kubernetes and project audit-log events', [
    block('locals', [], [
      attr('cluster_audit', filters(CLUSTER_AUDIT)),
      attr('project_audit', filters(PROJECT_AUDIT)),
      attr('security_alerts', expr('merge(local.cluster_audit, var.enable_project_audit ? local.project_audit : {})')),
    ]),
    block('resource', ['google_logging_metric', 'security'], [
      attr('for_each', expr('local.security_alerts')),
      attr('name', expr('"${var.cluster_name}-${each.key}"')),
      attr('filter', expr('each.value')),
      block('metric_descriptor', [], [attr('metric_kind', 'DELTA'), attr('value_type', 'INT64')]),
    ]),
    block('resource', ['google_monitoring_alert_policy', 'security'], [
      comment('Any one event alerts; no data is normal, not missing.'),
      attr('for_each', expr('local.security_alerts')),
      attr('display_name', expr('"${var.cluster_name} ${each.key}"')),
      attr('combiner', 'OR'),
      attr('notification_channels', expr('var.notification_channels')),
      block('conditions', [], [
        attr('display_name', expr('each.key')),
        block('condition_threshold', [], [
          comment('Cluster events are written against the cluster; project events, whose resource is no monitored type, against "global".'),
          attr('filter', expr('"metric.type=\\"logging.googleapis.com/user/${google_logging_metric.security[each.key].name}\\" AND resource.type=\\"${contains(keys(local.cluster_audit), each.key) ? "k8s_cluster" : "global"}\\""')),
          attr('comparison', 'COMPARISON_GT'),
          attr('threshold_value', 0),
          attr('duration', '0s'),
          block('aggregations', [], [attr('alignment_period', '300s'), attr('per_series_aligner', 'ALIGN_COUNT')]),
        ]),
      ]),
    ]),
  ]);
}
