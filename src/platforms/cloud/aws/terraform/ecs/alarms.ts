/**
 * alarms.tf (target containers): the service's CloudWatch alarms (target/containers/alarms.ts),
 * notifying one SNS topic for pages (P1, P2) and one for tickets (P3, P4), and a dashboard of the
 * load balancer's and the service's own metrics. The deployment watches the alarms marked
 * `rollback` (ecs.tf): the alarms rollback reads are these, by name.
 */
import type { VirtualFile } from '../../../../../core/files.js';
import type { Plan } from '../../../../../plan/types.js';
import { type HclBody, type HclValue, attr, block, call, comment, expr } from '../../../../../render/hcl.js';
import { type EcsAlarm, alarmsOf } from '../../../../target/containers/alarms.js';
import { SEVERITIES } from '../../../../../steps/observability/severity.js';
import { hclFile } from '../shared.js';

const dimensions = (plan: Plan): Record<string, Record<string, HclValue>> => ({
  alb: { LoadBalancer: expr('aws_lb.app.arn_suffix') },
  target_group: { LoadBalancer: expr('aws_lb.app.arn_suffix'), TargetGroup: expr('aws_lb_target_group.app.arn_suffix') },
  // By name, not by reference: the service watches alarms of this file, which must not depend on it (a cycle).
  service: { ClusterName: expr('var.cluster_name'), ServiceName: plan.name },
});

export const resourceName = (alarm: Pick<EcsAlarm, 'id'>): string => alarm.id.replace(/-/g, '_');

/** The alarms on one metric each, as one for_each over a map; the ratio alarm (5xx share) is a resource of its own. */
function singleMetricAlarms(plan: Plan): HclBody {
  const single = alarmsOf(plan).filter((a) => !('ratio' in a.metric));
  const entry = (a: EcsAlarm): HclValue => {
    const route = SEVERITIES.find((s) => s.severity === a.severity)!;
    const m = a.metric as Extract<EcsAlarm['metric'], { name: string }>;
    return { summary: `${route.priority}: ${a.summary}`, topic: route.notify, metric: m.name, stat: m.stat, dimensions: m.dimensions, comparison: a.comparison, threshold: a.threshold, minutes: a.minutes };
  };
  return [
    block('locals', [], [
      attr('alarms', Object.fromEntries(single.map((a) => [a.id, entry(a)]))),
      attr('alarm_dimensions', Object.fromEntries(Object.entries(dimensions(plan)).filter(([k]) => alarmsOf(plan).some((a) => a.metric.dimensions === k)))),
      plan.features.alertRouting && attr('traffic_widget', trafficWidget()),
    ]),
    block('resource', ['aws_cloudwatch_metric_alarm', 'app'], [
      attr('for_each', expr('local.alarms')),
      attr('alarm_name', expr('"${var.cluster_name}-${each.key}"')),
      attr('alarm_description', expr('"${each.value.summary}. Runbook: docs/devops/observability.md#${each.key}"')),
      attr('namespace', expr('each.value.dimensions == "service" ? "AWS/ECS" : "AWS/ApplicationELB"')),
      attr('metric_name', expr('each.value.metric')),
      attr('statistic', expr('each.value.stat')),
      attr('dimensions', expr('local.alarm_dimensions[each.value.dimensions]')),
      attr('period', 60),
      attr('evaluation_periods', expr('each.value.minutes')),
      attr('comparison_operator', expr('each.value.comparison')),
      attr('threshold', expr('each.value.threshold')),
      comment('No data (no traffic, no tasks yet) is not an outage.'),
      attr('treat_missing_data', 'notBreaching'),
      attr('alarm_actions', [expr('aws_sns_topic.alarms[each.value.topic].arn')]),
    ]),
  ];
}

function ratioAlarm(a: EcsAlarm): HclBody {
  if (!('ratio' in a.metric)) return [];
  const route = SEVERITIES.find((s) => s.severity === a.severity)!;
  const query = (id: string, name: string) =>
    block('metric_query', [], [attr('id', id), block('metric', [], [attr('namespace', a.metric.namespace), attr('metric_name', name), attr('stat', 'Sum'), attr('period', 60), attr('dimensions', expr(`local.alarm_dimensions.${a.metric.dimensions}`))])]);
  return [
    block('resource', ['aws_cloudwatch_metric_alarm', resourceName(a)], [
      attr('alarm_name', expr(`"\${var.cluster_name}-${a.id}"`)),
      attr('alarm_description', `${route.priority}: ${a.summary}. Runbook: docs/devops/observability.md#${a.id}`),
      query('m1', a.metric.ratio.numerator),
      query('m2', a.metric.ratio.denominator),
      block('metric_query', [], [attr('id', 'ratio'), attr('expression', 'IF(m2 > 0, 100 * m1 / m2, 0)'), attr('return_data', true)]),
      attr('evaluation_periods', a.minutes),
      attr('comparison_operator', a.comparison),
      attr('threshold', a.threshold),
      attr('treat_missing_data', 'notBreaching'),
      attr('alarm_actions', [expr(`aws_sns_topic.alarms["${route.notify}"].arn`)]),
    ]),
  ];
}

/** How the service refers to an alarm's name (the watched ones, ecs.tf). */
export const alarmReference = (a: EcsAlarm): string =>
  'ratio' in a.metric ? `aws_cloudwatch_metric_alarm.${resourceName(a)}.alarm_name` : `aws_cloudwatch_metric_alarm.app["${a.id}"].alarm_name`;

/** One graph per alarm (its metric with the threshold), and the load balancer's traffic and latency. */
function dashboard(plan: Plan): HclValue {
  return call('jsonencode', {
    widgets: expr(`concat([
      for alarm in concat(values(aws_cloudwatch_metric_alarm.app), [aws_cloudwatch_metric_alarm.errors]) : {
        type       = "metric"
        width      = 12
        height     = 6
        properties = { title = alarm.alarm_name, region = var.region, annotations = { alarms = [alarm.arn] } }
      }
    ]${plan.features.alertRouting ? ', [local.traffic_widget]' : ''})`),
  });
}

function trafficWidget(): HclValue {
  const alb = (name: string, stat: string) => ['AWS/ApplicationELB', name, 'LoadBalancer', expr('aws_lb.app.arn_suffix'), { stat }];
  return { type: 'metric', width: 24, height: 6, properties: { title: 'Requests, and p99 latency (s)', region: expr('var.region'), period: 60, metrics: [alb('RequestCount', 'Sum'), alb('TargetResponseTime', 'p99')] } };
}

export function alarmsTf(plan: Plan): VirtualFile {
  return {
    ...hclFile(`${plan.paths.iacDir}/alarms.tf`, 'CloudWatch alarms (P1–P4, each with a runbook), their SNS topics, a dashboard', [
      comment(plan.features.alertRouting ? 'Pages (P1, P2) and tickets (P3, P4): subscribe the on-call and the team (setup guide).' : 'Pages (P1, P2): subscribe the on-call (setup guide).'),
      block('resource', ['aws_sns_topic', 'alarms'], [attr('for_each', expr(plan.features.alertRouting ? 'toset(["page", "ticket"])' : 'toset(["page"])')), attr('name', expr('"${var.cluster_name}-${each.key}"'))]),
      ...singleMetricAlarms(plan),
      ...alarmsOf(plan).flatMap(ratioAlarm),
      block('resource', ['aws_cloudwatch_dashboard', 'app'], [attr('dashboard_name', expr('var.cluster_name')), attr('dashboard_body', dashboard(plan))]),
    ]),
    // The observability step writes it (the target's runtime-dependent observability); Terraform applies it with the rest.
    producer: 'observability',
  };
}
