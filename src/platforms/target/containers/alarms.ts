/**
 * The service's CloudWatch alarms, as data: Terraform creates them (cloud/aws/terraform/ecs), the
 * observability document gives each a runbook, and the service's deployment watches the ones
 * marked `rollback` (ECS rolls a deployment back while one of them is in ALARM). Severities and
 * priorities are the ones every other target's alerts use (steps/observability/severity.ts). No
 * data counts as OK: no traffic, or no task before the first deploy, is not an outage to page for.
 */
import type { Plan } from '../../../plan/types.js';
import { SEVERITIES, type Severity } from '../../../steps/observability/severity.js';

export interface EcsAlarm {
  /** Suffix after `<cluster>-`. */
  id: string;
  severity: Severity;
  summary: string;
  /** What to look at first, for the runbook. */
  runbook: string;
  /** The deployment watches it: ECS rolls back while it is in ALARM. */
  rollback: boolean;
  /** One metric of a namespace, or a ratio of two (a metric-math expression over m1 and m2). */
  metric:
    | { namespace: 'AWS/ApplicationELB' | 'AWS/ECS'; name: string; stat: 'Sum' | 'Average' | 'Maximum' | 'Minimum'; dimensions: 'alb' | 'target_group' | 'service' }
    | { ratio: { numerator: string; denominator: string }; namespace: 'AWS/ApplicationELB'; dimensions: 'alb' };
  comparison: 'GreaterThanThreshold' | 'LessThanThreshold';
  threshold: number;
  /** Minutes the condition must hold (one-minute periods). */
  minutes: number;
}

export const ECS_ALARMS: readonly EcsAlarm[] = [
  {
    id: 'no-healthy-tasks',
    severity: 'critical',
    summary: 'No healthy task: the service is down',
    runbook: 'Read the stopped tasks’ reasons and the logs; roll back if a deploy started it.',
    // Not watched by deployments: it is in ALARM before the first deploy, and a recreate passes through zero tasks.
    // The circuit breaker covers a deployment whose tasks never become healthy.
    rollback: false,
    metric: { namespace: 'AWS/ApplicationELB', name: 'HealthyHostCount', stat: 'Minimum', dimensions: 'target_group' },
    comparison: 'LessThanThreshold',
    threshold: 1,
    minutes: 2,
  },
  {
    id: 'errors',
    severity: 'error',
    summary: 'Over 5% of requests end in a 5xx',
    runbook: 'Find the failing route in the logs; roll back if a deploy started it.',
    rollback: true,
    metric: { ratio: { numerator: 'HTTPCode_Target_5XX_Count', denominator: 'RequestCount' }, namespace: 'AWS/ApplicationELB', dimensions: 'alb' },
    comparison: 'GreaterThanThreshold',
    threshold: 5,
    minutes: 5,
  },
  {
    id: 'unhealthy-tasks',
    severity: 'warning',
    summary: 'A task fails its health check',
    runbook: 'ECS replaces it; if it recurs, check the health endpoint and the start time.',
    rollback: false,
    metric: { namespace: 'AWS/ApplicationELB', name: 'UnHealthyHostCount', stat: 'Maximum', dimensions: 'target_group' },
    comparison: 'GreaterThanThreshold',
    threshold: 0,
    minutes: 10,
  },
  {
    id: 'cpu-high',
    severity: 'warning',
    summary: 'CPU over 90% for 15 minutes despite autoscaling',
    runbook: 'At max_tasks, or a task is stuck: raise max_tasks or task_cpu.',
    rollback: false,
    metric: { namespace: 'AWS/ECS', name: 'CPUUtilization', stat: 'Average', dimensions: 'service' },
    comparison: 'GreaterThanThreshold',
    threshold: 90,
    minutes: 15,
  },
  {
    id: 'memory-high',
    severity: 'info',
    summary: 'Memory over 85% for 15 minutes',
    runbook: 'A leak grows over days; steady use needs a larger task_memory.',
    rollback: false,
    metric: { namespace: 'AWS/ECS', name: 'MemoryUtilization', stat: 'Average', dimensions: 'service' },
    comparison: 'GreaterThanThreshold',
    threshold: 85,
    minutes: 15,
  },
];

/**
 * The alarms of a stack: the pages (P1, P2) always; the tickets (P3, P4) with routing by severity
 * (features.alertRouting, from T2), as a cluster's Alertmanager routes them.
 */
export const alarmsOf = (plan: Pick<Plan, 'features'>): EcsAlarm[] =>
  ECS_ALARMS.filter((a) => plan.features.alertRouting || SEVERITIES.find((s) => s.severity === a.severity)!.notify === 'page');

export const alarmName = (cluster: string, alarm: Pick<EcsAlarm, 'id'>): string => `${cluster}-${alarm.id}`;
