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
    { name: 'namespace', query: `label_values(${requests}{job="${job}"}, namespace)`, type: 'query' },
  ];
  // Recording-rule outputs (slo.ts), labelled with the service rather than the namespace.
  const slo = `{service="${plan.name}"}`;
  const sloPanels = plan.features.slo
    ? [
        panel(4, 'Error budget remaining', 'percentunit', [{ expr: `slo:period_error_budget_remaining:ratio${slo}`, legendFormat: '{{slo}}' }]),
        panel(5, 'Burn rate (1 = on budget)', undefined, [{ expr: `slo:current_burn_rate:ratio${slo}`, legendFormat: '{{slo}}' }]),
      ]
    : [];
  return {
    panels: [
      panel(0, 'Requests', 'reqps', [{ expr: `sum(${rate(`${requests}${app}}`)})` }]),
      panel(1, 'Error ratio', 'percentunit', [
        { expr: `sum(${rate(`${requests}${app},${statusLabel}=~"5.."}`)}) / sum(${rate(`${requests}${app}}`)})` },
      ]),
      panel(2, 'Latency (s)', undefined, [quantile(0.5), quantile(0.95), quantile(0.99)]),
      panel(3, 'CPU and memory / limit', 'percentunit', [
        { expr: perPod(rate(`container_cpu_usage_seconds_total${pod}}`), 'cpu'), legendFormat: 'cpu {{pod}}' },
        { expr: perPod(`container_memory_working_set_bytes${pod}}`, 'memory'), legendFormat: 'memory {{pod}}' },
      ]),
      ...sloPanels,
    ],
    schemaVersion: SCHEMA_VERSION,
    templating: { list: variables },
    title: `${plan.name} RED`,
    uid: dashboardUid(plan.name),
  };
}

/** Sorted keys, one line per panel and per variable, a final newline: the same plan always gives the same bytes. */
export function dashboardJson(plan: DashboardPlan): string {
  return readableJson(dashboard(plan));
}
