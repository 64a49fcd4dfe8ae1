/**
 * The service's alerts, each with its runbook: observability.md renders one
 * section per alert, so an alert cannot exist without its runbook.
 */
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { Plan } from '../../plan/types.js';
import { PROMETHEUS_RELEASE, jobName, runbookUrl } from './names.js';

export const ERROR_RATIO_THRESHOLD = 0.05;
export const LATENCY_P99_SECONDS = 1;

export interface AlertSpec {
  name: string;
  severity: 'critical' | 'warning';
  for: string;
  expr: string;
  summary: string;
  description: string;
  /** The runbook section: what firing means, what to look at first, the fix. */
  meaning: string;
  check: string;
  fix: string;
}

type AlertPlan = Pick<Plan, 'name' | 'namespace' | 'metrics' | 'app' | 'paths'>;

export function alertSpecs(plan: AlertPlan): AlertSpec[] {
  const ns = `namespace="${plan.namespace}"`;
  const app = `{${ns},job="${jobName(plan)}"`;
  const pods = `{${ns},pod=~"${plan.name}-.*"`;
  // One-to-one matching scopes a comparison's right side to the left side's series.
  const deploy = `{${ns},deployment="${plan.name}"}`;
  const hpa = `{${ns},horizontalpodautoscaler="${plan.name}"}`;
  const { requests, duration, statusLabel } = plan.metrics;
  const kubectl = `kubectl -n ${plan.namespace}`;
  return [
    {
      name: 'HighErrorRatio',
      severity: 'critical',
      for: '10m',
      expr: `sum(rate(${requests}${app},${statusLabel}=~"5.."}[5m])) / sum(rate(${requests}${app}}[5m])) > ${ERROR_RATIO_THRESHOLD}`,
      summary: `Over ${ERROR_RATIO_THRESHOLD * 100}% of requests fail`,
      description: '5xx ratio: {{ $value | humanizePercentage }}.',
      meaning: 'Users get errors.',
      check: `\`${kubectl} logs deploy/${plan.name}\`, the last deploy`,
      fix: `Roll back: \`${plan.paths.rollbackScript}\`.`,
    },
    {
      name: 'HighLatencyP99',
      severity: 'warning',
      for: '10m',
      expr: `histogram_quantile(0.99, sum by (le) (rate(${duration}_bucket${app}}[5m]))) > ${LATENCY_P99_SECONDS}`,
      summary: `p99 latency over ${LATENCY_P99_SECONDS}s`,
      description: 'p99: {{ $value | humanizeDuration }}.',
      meaning: 'Requests are slow.',
      check: 'CPU, slow dependencies',
      fix: 'Scale out.',
    },
    {
      name: 'CrashLooping',
      severity: 'critical',
      for: '5m',
      expr: `increase(kube_pod_container_status_restarts_total{${ns},container="${plan.app.containerName}"}[15m]) > 2`,
      summary: 'Containers keep crashing',
      description: '{{ $labels.pod }}: {{ $value | humanize }} restarts in 15m.',
      meaning: 'Pods restart.',
      check: `\`${kubectl} logs POD --previous\` (OOMKilled?)`,
      fix: 'Roll back or raise the memory limit.',
    },
    {
      name: 'PodsNotReady',
      severity: 'warning',
      for: '15m',
      expr: `kube_pod_status_ready${pods},condition="false"} == 1`,
      summary: 'Pod not ready',
      description: '{{ $labels.pod }} is not ready.',
      meaning: `\`${plan.app.readinessPath}\` fails: no traffic.`,
      check: `\`${kubectl} describe pod POD\``,
      fix: 'Fix what the probe checks.',
    },
    {
      name: 'ReplicasMismatch',
      severity: 'warning',
      for: '15m',
      expr: `kube_deployment_spec_replicas${deploy} > kube_deployment_status_replicas_available`,
      summary: 'Replicas unavailable',
      description: 'Desired: {{ $value }}.',
      meaning: 'Capacity is missing.',
      check: `\`${kubectl} get pods\``,
      fix: 'Add nodes or roll back.',
    },
    {
      name: 'HpaMaxedOut',
      severity: 'warning',
      for: '15m',
      expr: `kube_horizontalpodautoscaler_status_current_replicas${hpa} >= kube_horizontalpodautoscaler_spec_max_replicas`,
      summary: 'HPA at maximum replicas',
      description: 'Replicas: {{ $value }}.',
      meaning: 'Load is at planned capacity.',
      check: 'the Requests panel',
      fix: 'Raise the HPA maximum.',
    },
  ];
}

export function prometheusRule(plan: AlertPlan & Pick<Plan, 'repository'>): IPrometheusRule {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: plan.name, namespace: plan.namespace, labels: { release: PROMETHEUS_RELEASE } },
    spec: {
      groups: [
        {
          name: plan.name,
          rules: alertSpecs(plan).map((a) => ({
            alert: a.name,
            expr: a.expr,
            for: a.for,
            labels: { severity: a.severity },
            annotations: {
              summary: a.summary,
              description: a.description,
              runbook_url: runbookUrl(plan, a.name),
            },
          })),
        },
      ],
    },
  };
}
