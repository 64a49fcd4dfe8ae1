/** Names the observability files share with each other and with extract(). */
import { sha256 } from '../../core/hash.js';
import type { Plan } from '../../plan/types.js';

/** kube-prometheus-stack's Prometheus selects ServiceMonitors and PrometheusRules by its release label. */
export const PROMETHEUS_RELEASE = 'kube-prometheus-stack';
/** The label the stack's Grafana dashboard sidecar watches ConfigMaps for. */
export const DASHBOARD_LABEL = 'grafana_dashboard';

export const SCRAPE_INTERVAL = '30s';
/** The Service label the ServiceMonitor selects on (one of plan.labels). */
export const SELECTOR_LABEL = 'app.kubernetes.io/name';

export function observabilityFiles(plan: Pick<Plan, 'name' | 'paths'>) {
  const dir = plan.paths.observabilityDir;
  const dashboard = `dashboards/${plan.name}-red.json`;
  return {
    dir,
    serviceMonitor: `${dir}/servicemonitor.yaml`,
    prometheusRule: `${dir}/prometheusrule.yaml`,
    /** Relative to `dir`, as the kustomization names it. */
    dashboard,
    dashboardPath: `${dir}/${dashboard}`,
    kustomization: `${dir}/kustomization.yaml`,
    /** promtool unit tests of the alerts (T2+); `rule_files` is relative to it. */
    ruleTests: `${dir}/tests/alerts.test.yml`,
    /** The PrometheusRule's groups as a plain rule file: promtool reads no Kubernetes object. */
    ruleTestsRules: `${dir}/tests/alerts.rules.yml`,
    ruleTestsRuleFile: 'alerts.rules.yml',
    alertmanagerConfig: `${dir}/alertmanagerconfig.yaml`,
    /** Helm values of kube-prometheus-stack (T2+): retention for the SLO period. */
    prometheusValues: `${dir}/kube-prometheus-stack.values.yaml`,
    collectorDir: `${dir}/otel-collector`,
    collector: `${dir}/otel-collector/collector.yaml`,
    collectorKustomization: `${dir}/otel-collector/kustomization.yaml`,
    // Managed Service for Prometheus (GKE) in place of the ServiceMonitor and the PrometheusRule.
    podMonitoring: `${dir}/podmonitoring.yaml`,
    gmpRules: `${dir}/rules.yaml`,
    frontendDir: `${dir}/gmp-frontend`,
    frontend: `${dir}/gmp-frontend/frontend.yaml`,
    frontendKustomization: `${dir}/gmp-frontend/kustomization.yaml`,
    doc: `${plan.paths.docsDir}/observability.md`,
  };
}

/**
 * The `job` label of the app's series: the Prometheus Operator sets it to the name of
 * the scraped Service, which the deployment step names after the service.
 */
export function jobName(plan: Pick<Plan, 'name'>): string {
  return plan.name;
}

/** The regex the ServiceMonitor keeps: the request counter and the duration histogram's series. */
export function keepRegex(plan: Pick<Plan, 'metrics'>): string {
  return `${plan.metrics.requests}|${plan.metrics.duration}_(bucket|sum|count)`;
}

/** Grafana uids are at most 40 characters; long names keep a hash for uniqueness. */
export function dashboardUid(name: string): string {
  const uid = `${name}-red`;
  return uid.length <= 40 ? uid : `${name.slice(0, 31)}-${sha256(name).slice(0, 8)}`;
}

/**
 * Alert runbooks are the `##` sections of observability.md; GitHub's anchor is the lower-cased heading.
 * The URL is the repository's, so a stack below the root has its directory in the path.
 */
export function runbookUrl(plan: Pick<Plan, 'name' | 'repository' | 'paths' | 'location'>, alert: string): string {
  const dir = plan.location.directory;
  return `https://github.com/${plan.repository}/blob/main/${dir ? `${dir}/` : ''}${observabilityFiles(plan).doc}#${alert.toLowerCase()}`;
}
