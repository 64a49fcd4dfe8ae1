/**
 * The service's alerts, each with its runbook (observability.md renders one
 * section per alert, so an alert cannot exist without its runbook) and its unit
 * test: input series that fire it, with the labels and description it fires with.
 */
import type { Plan } from '../../plan/types.js';
import { jobName } from './names.js';
import type { AlertSpec, TestSeries } from './rule-spec.js';

export type { AlertSpec } from './rule-spec.js';

export const ERROR_RATIO_THRESHOLD = 0.05;
export const LATENCY_P99_SECONDS = 1;

/**
 * With SLOs (features.slo) the burn-rate alerts measure the same two signals against
 * the error budget; keeping these too would page twice for one problem.
 */
export const SUPERSEDED_BY_SLO: readonly string[] = ['HighErrorRatio', 'HighLatencyP99'];

type AlertPlan = Pick<Plan, 'name' | 'namespace' | 'metrics' | 'app' | 'paths' | 'features' | 'database'>;

/**
 * A Deployment's replicas are kube_deployment_* series; an Argo Rollout has none (kube-state-metrics
 * knows no Rollout), but both own ReplicaSets, whose series exist for either: their sum over the
 * app's ReplicaSets (`<name>-<hash>`) is what the Rollout wants and has.
 */
function replicasMismatch(plan: AlertPlan, ns: string): { expr: string; series: (spec: string, ready: string) => TestSeries[]; labels: Record<string, string> } {
  if (plan.features.progressiveDelivery === 'none') {
    const deploy = `{${ns},deployment="${plan.name}"}`;
    const labels = { namespace: plan.namespace, deployment: plan.name };
    const at = (metric: string, values: string): TestSeries => ({ series: `${metric}{namespace="${plan.namespace}",deployment="${plan.name}"}`, values });
    return {
      expr: `kube_deployment_spec_replicas${deploy} > kube_deployment_status_replicas_available`,
      series: (spec, ready) => [at('kube_deployment_spec_replicas', spec), at('kube_deployment_status_replicas_available', ready)],
      labels,
    };
  }
  const sets = `{${ns},replicaset=~"${plan.name}-[a-z0-9]+"}`;
  const sum = (metric: string): string => `sum by (namespace) (${metric}${sets})`;
  const at = (metric: string, rs: string, values: string): TestSeries => ({ series: `${metric}{namespace="${plan.namespace}",replicaset="${plan.name}-${rs}"}`, values });
  return {
    expr: `${sum('kube_replicaset_spec_replicas')} > ${sum('kube_replicaset_status_ready_replicas')}`,
    series: (spec, ready) => [at('kube_replicaset_spec_replicas', '6b9f7c', spec), at('kube_replicaset_status_ready_replicas', '6b9f7c', ready)],
    labels: { namespace: plan.namespace },
  };
}

export function alertSpecs(plan: AlertPlan): AlertSpec[] {
  const ns = `namespace="${plan.namespace}"`;
  const app = `{${ns},job="${jobName(plan)}"`;
  const pods = `{${ns},pod=~"${plan.name}-.*"`;
  // One-to-one matching scopes a comparison's right side to the left side's series.
  const hpa = `{${ns},horizontalpodautoscaler="${plan.name}"}`;
  const { requests, duration, statusLabel } = plan.metrics;
  const kubectl = `kubectl -n ${plan.namespace}`;
  // Test input: the same selectors with the labels the alert's result keeps.
  const labels = { namespace: plan.namespace };
  const at = (metric: string, extra: Record<string, string>, values: string): TestSeries => ({
    series: `${metric}{${Object.entries({ ...labels, ...extra }).map(([k, v]) => `${k}="${v}"`).join(',')}}`,
    values,
  });
  const job = { job: jobName(plan) };
  const requestsAt = (code: string, values: string) => at(requests, { ...job, [statusLabel]: code }, values);
  const bucketsAt = (le1: string) => [
    at(`${duration}_bucket`, { ...job, le: '1' }, le1),
    at(`${duration}_bucket`, { ...job, le: '2.5' }, '0+10x30'),
    at(`${duration}_bucket`, { ...job, le: '+Inf' }, '0+10x30'),
  ];
  const pod = `${plan.name}-0`;
  const autoscaler = { horizontalpodautoscaler: plan.name };
  const replicas = replicasMismatch(plan, ns);
  // The migration Job's pods (`<name>-migrate-…`) end not ready (Completed): only the workload's
  // pods, which ReplicaSets own, count.
  const migration = plan.database?.migrationJob;
  const owned = migration ? ` and on(namespace, pod) kube_pod_owner{${ns},owner_kind="ReplicaSet"}` : '';
  const owner = (p: string, kind: string): TestSeries[] => (migration ? [at('kube_pod_owner', { pod: p, owner_kind: kind }, '1x30')] : []);
  const migrationPod = `${migration ?? ''}-x7k2p`;
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
      test: {
        series: [requestsAt('200', '0+90x30'), requestsAt('500', '0+10x30')],
        at: '20m',
        fires: [{ severity: 'critical', labels: {}, description: '5xx ratio: 10%.' }],
        quiet: [requestsAt('200', '0+96x30'), requestsAt('500', '0+4x30')],
      },
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
      // Every request between 1s and 2.5s: p99 interpolates to 2.485s.
      test: {
        series: bucketsAt('0x30'),
        at: '20m',
        fires: [{ severity: 'warning', labels: {}, description: 'p99: 2.485s.' }],
        quiet: bucketsAt('0+10x30'),
      },
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
      test: {
        series: [at('kube_pod_container_status_restarts_total', { container: plan.app.containerName, pod }, '0+1x30')],
        at: '20m',
        fires: [{ severity: 'critical', labels: { ...labels, container: plan.app.containerName, pod }, description: `${pod}: 15 restarts in 15m.` }],
        // Two restarts in 15 minutes: not yet a loop.
        quiet: [at('kube_pod_container_status_restarts_total', { container: plan.app.containerName, pod }, '0+0.125x30')],
      },
    },
    {
      name: 'PodsNotReady',
      severity: 'warning',
      for: '15m',
      expr: `kube_pod_status_ready${pods},condition="false"} == 1${owned}`,
      summary: 'Pod not ready',
      description: '{{ $labels.pod }} is not ready.',
      meaning: `\`${plan.app.readinessPath}\` fails: no traffic.`,
      check: `\`${kubectl} describe pod POD\``,
      fix: 'Fix what the probe checks.',
      test: {
        series: [at('kube_pod_status_ready', { pod, condition: 'false' }, '1x30'), ...owner(pod, 'ReplicaSet')],
        at: '20m',
        fires: [{ severity: 'warning', labels: { ...labels, pod, condition: 'false' }, description: `${pod} is not ready.` }],
        // Ready again within the 15 minutes; with a migration Job, its completed pod too.
        quiet: [
          at('kube_pod_status_ready', { pod, condition: 'false' }, '1x10 0x20'),
          ...owner(pod, 'ReplicaSet'),
          ...(migration ? [at('kube_pod_status_ready', { pod: migrationPod, condition: 'false' }, '1x30'), ...owner(migrationPod, 'Job')] : []),
        ],
      },
    },
    {
      name: 'ReplicasMismatch',
      severity: 'warning',
      for: '15m',
      expr: replicas.expr,
      summary: 'Replicas unavailable',
      description: 'Desired: {{ $value }}.',
      meaning: 'Capacity is missing.',
      check: `\`${kubectl} get pods\``,
      fix: 'Add nodes or roll back.',
      test: {
        series: replicas.series('3x30', '1x30'),
        at: '20m',
        fires: [{ severity: 'warning', labels: replicas.labels, description: 'Desired: 3.' }],
        quiet: replicas.series('3x30', '1x10 3x20'),
      },
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
      test: {
        series: [
          at('kube_horizontalpodautoscaler_status_current_replicas', autoscaler, '6x30'),
          at('kube_horizontalpodautoscaler_spec_max_replicas', autoscaler, '6x30'),
        ],
        at: '20m',
        fires: [{ severity: 'warning', labels: { ...labels, ...autoscaler }, description: 'Replicas: 6.' }],
        quiet: [
          at('kube_horizontalpodautoscaler_status_current_replicas', autoscaler, '5x30'),
          at('kube_horizontalpodautoscaler_spec_max_replicas', autoscaler, '6x30'),
        ],
      },
    },
  ];
}
