/**
 * Observability: kube-prometheus-stack (release `kube-prometheus-stack` in namespace
 * `monitoring`) scrapes the service, evaluates its alerts and shows its dashboard;
 * logs go to CloudWatch through the EKS CloudWatch add-on. features.slo adds SLO
 * rules, burn-rate alerts, Alertmanager routing and the alerts' unit tests;
 * features.tracing the OpenTelemetry Collector; features.anomalyDetection z-score alerts.
 */
import type { VirtualFile } from '../../core/files.js';
import type { Plan } from '../../plan/types.js';
import { yamlDocuments, yamlFile } from '../../render/yaml.js';
import type { Step } from '../step.js';
import { alertmanagerConfig } from './alertmanager.js';
import { cloudOf, targetOf } from '../../platforms/registry.js';
import { prometheusValues } from './backends.js';
import { dashboardJson } from './dashboard.js';
import { observabilityDoc } from './docs.js';
import { extractObservability } from './extract.js';
import { renderGmp } from './gmp/index.js';
import { kustomization } from './kustomization.js';
import { observabilityFiles } from './names.js';
import { collectorManifests } from './otel-collector.js';
import { plainRules, prometheusRule } from './prometheus-rule.js';
import { alertRuleTests } from './rule-tests.js';
import { serviceMonitor } from './service-monitor.js';

export { isPlatformMetric, metricNames } from './metric-names.js';
export { alertRuleTests } from './rule-tests.js';

/** GKE collects with Managed Service for Prometheus (gmp/); every other cluster with the Prometheus Operator, below. */
function render(plan: Plan): VirtualFile[] {
  const own = targetOf(plan).observability;
  if (own) return own(plan);
  return cloudOf(plan).kubernetes.monitoring === 'managed-prometheus-gmp' ? renderGmp(plan) : renderPrometheusOperator(plan);
}

function renderPrometheusOperator(plan: Plan): VirtualFile[] {
  const f = observabilityFiles(plan);
  const file = (path: string, content: string, summary: string): VirtualFile => ({
    path,
    content,
    producer: 'observability',
    summary,
  });
  const relative = (p: string): string => p.slice(f.dir.length + 1);
  const { slo, tracing, appMetrics } = plan.features;
  // An app that serves no metrics gets no ServiceMonitor: scraping a path it does not serve only fills `up` with 0.
  const resources = [...(appMetrics ? [f.serviceMonitor] : []), f.prometheusRule, ...(slo ? [f.alertmanagerConfig] : [])].map(relative);
  const subdirs = tracing ? [relative(f.collectorDir)] : [];
  const files = [
    ...(appMetrics ? [file(f.serviceMonitor, yamlFile(serviceMonitor(plan)), 'ServiceMonitor: what Prometheus scrapes and keeps')] : []),
    file(f.prometheusRule, yamlFile(prometheusRule(plan)), slo ? 'Alert rules, SLO recording rules and burn-rate alerts, each with a runbook link' : 'Alert rules, each with a runbook link'),
    file(f.dashboardPath, dashboardJson(plan), appMetrics ? 'Grafana RED dashboard' : 'Grafana dashboard: restarts, readiness, CPU and memory (the app serves no metrics)'),
    file(f.kustomization, yamlFile(kustomization(plan, resources, f.dashboard, subdirs)), 'Applies the above; the dashboard as a ConfigMap'),
    file(f.doc, observabilityDoc(plan), slo ? 'Metrics, logs, tracing, SLOs, alert routing and tests, alert runbooks' : appMetrics ? 'Metrics contract, logs, alert runbooks' : 'The metrics the app lacks and how to add them, logs, alert runbooks'),
  ];
  if (slo) {
    files.push(
      file(f.alertmanagerConfig, yamlFile(alertmanagerConfig(plan)), 'Alertmanager routing: pages and tickets by severity'),
      // Unit tests cost tokens T1's budget has no room for; this project's own tests run them at every tier.
      file(f.ruleTests, alertRuleTests(plan), 'promtool unit tests: every alert fires on its condition, and stays quiet below it'),
      file(f.ruleTestsRules, plainRules(plan), 'The PrometheusRule\'s groups as the plain rule file promtool tests load'),
      file(f.prometheusValues, yamlFile(prometheusValues(plan), 'Helm values of kube-prometheus-stack (setup guide, stage 2).'), `kube-prometheus-stack values: ${plan.slo.windowDays + 1} days of metrics for the ${plan.slo.windowDays}-day SLOs`),
    );
  }
  if (tracing) {
    files.push(
      file(f.collector, yamlDocuments(collectorManifests(plan)), 'OpenTelemetry Collector: OTLP in; traces, metrics, logs out'),
      file(f.collectorKustomization, yamlFile({ resources: [f.collector.slice(f.collectorDir.length + 1)] }), 'Applies the collector'),
    );
  }
  return files;
}

export const observabilityStep: Step<'observability'> = {
  id: 'observability',
  title: 'observability',
  dependsOn: ['deployment'],
  render,
  extract: (tree, plan) => (targetOf(plan).extractObservability ?? extractObservability)(tree, plan),
};
