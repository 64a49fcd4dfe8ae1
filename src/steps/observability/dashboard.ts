/**
 * A compact RED dashboard: rate, errors, duration, plus saturation against the
 * pods' limits. Only the fields Grafana needs; it fills in the rest on load.
 */
import type { Dashboard, Panel, VariableModel } from '@grafana/schema';
import type { Plan } from '../../plan/types.js';
import { readableJson } from './json.js';
import { dashboardUid, jobName } from './names.js';

/** Oldest schema we target; Grafana migrates it forward on load. */
export const SCHEMA_VERSION = 39;

/** A type alias, not an interface: Panel.targets wants records. Grafana assigns refIds (A, B, …) on load. */
type PromTarget = {
  expr: string;
  legendFormat?: string;
};

type DashboardPlan = Pick<Plan, 'name' | 'metrics' | 'app' | 'features'>;

/** Grafana resolves the variable in the uid; the type is optional. */
const DATASOURCE = { uid: '$datasource' };

/** Panels fill a 2-column grid in order; Grafana numbers panels (ids) on load. */
function panel(index: number, title: string, unit: string | undefined, targets: PromTarget[]): Panel {
  return {
    datasource: DATASOURCE,
    ...(unit && { fieldConfig: { defaults: { unit }, overrides: [] } }),
    gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
    targets,
    title,
    type: 'timeseries',
  };
}

export function dashboard(plan: DashboardPlan): Dashboard {
  const job = jobName(plan);
  // The namespace is the service's own; the variable offers only namespaces it runs in.
  const app = `{namespace="$namespace"`;
  // Every container of the namespace's pods (the namespace is the service's own): container!=""
  // drops cAdvisor's pod-level sums.
  const pod = `{namespace="$namespace",container!=""`;
  const rate = (selector: string): string => `rate(${selector}[$__rate_interval])`;
  const { requests, duration, statusLabel } = plan.metrics;
  const perPod = (usage: string, resource: string): string =>
    `sum by (pod) (${usage}) / sum by (pod) (kube_pod_container_resource_limits${pod},resource="${resource}"})`;
  const quantile = (q: number): PromTarget => ({
    expr: `histogram_quantile(${q}, sum by (le) (${rate(`${duration}_bucket${app}}`)}))`,
    legendFormat: `p${Math.round(q * 100)}`,
  });
  const variables: VariableModel[] = [
    { name: 'datasource', query: 'prometheus', type: 'datasource' },
    // Listed from the default datasource (the cluster's one Prometheus), refreshed on load (Grafana's default).
    // Without app metrics, the namespaces the app's containers run in (kube-state-metrics).
    {
      name: 'namespace',
      query: plan.features.appMetrics ? `label_values(${requests}{job="${job}"}, namespace)` : `label_values(kube_pod_container_info{container="${plan.app.containerName}"}, namespace)`,
      type: 'query',
    },
  ];
  // Request panels only where the app serves the series; restarts stand in when it does not.
  const red: [string, string | undefined, PromTarget[]][] = plan.features.appMetrics
    ? [
        ['Requests', 'reqps', [{ expr: `sum(${rate(`${requests}${app}}`)})` }]],
        ['Error ratio', 'percentunit', [{ expr: `sum(${rate(`${requests}${app},${statusLabel}=~"5.."}`)}) / sum(${rate(`${requests}${app}}`)})` }]],
        ['Latency (s)', undefined, [quantile(0.5), quantile(0.95), quantile(0.99)]],
      ]
    : [['Restarts (15m)', undefined, [{ expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total${pod}}[15m]))`, legendFormat: '{{pod}}' }]]];
  const saturation: [string, string | undefined, PromTarget[]] = [
    'CPU and memory / limit',
    'percentunit',
    [
      { expr: perPod(rate(`container_cpu_usage_seconds_total${pod}}`), 'cpu'), legendFormat: 'cpu {{pod}}' },
      { expr: perPod(`container_memory_working_set_bytes${pod}}`, 'memory'), legendFormat: 'memory {{pod}}' },
    ],
  ];
  // Recording-rule outputs (slo.ts), labelled with the service rather than the namespace.
  const slo = `{service="${plan.name}"}`;
  const sloPanels: [string, string | undefined, PromTarget[]][] = plan.features.slo
    ? [
        ['Error budget remaining', 'percentunit', [{ expr: `slo:period_error_budget_remaining:ratio${slo}`, legendFormat: '{{slo}}' }]],
        ['Burn rate (1 = on budget)', undefined, [{ expr: `slo:current_burn_rate:ratio${slo}`, legendFormat: '{{slo}}' }]],
      ]
    : [];
  return {
    panels: [...red, saturation, ...sloPanels].map(([title, unit, targets], index) => panel(index, title, unit, targets)),
    schemaVersion: SCHEMA_VERSION,
    templating: { list: variables },
    title: plan.features.appMetrics ? `${plan.name} RED` : plan.name,
    uid: dashboardUid(plan.name),
  };
}

/** Sorted keys, one line per panel and per variable, a final newline: the same plan always gives the same bytes. */
export function dashboardJson(plan: DashboardPlan): string {
  return readableJson(dashboard(plan));
}
