/**
 * Observability on GKE with Google Cloud Managed Service for Prometheus: the same alerts, SLO
 * rules and dashboard (PromQL) as the Prometheus Operator path, as GMP objects. kube-prometheus-
 * stack cannot run on Autopilot (node-exporter and kube-system objects are denied), and GMP's
 * managed collection is on in every cluster: a PodMonitoring scrapes the app, a Rules object
 * evaluates its rules and sends the alerts to the managed Alertmanager, and from T2 the query
 * frontend serves the Prometheus API to the rollout analysis and the gates.
 */
import type { VirtualFile } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import { yamlDocuments, yamlFile } from '../../../render/yaml.js';
import { dashboardJson } from '../dashboard.js';
import { observabilityDoc } from '../docs.js';
import { observabilityFiles } from '../names.js';
import { collectorManifests } from '../otel-collector.js';
import { alertRuleTests } from '../rule-tests.js';
import { frontendManifests } from './frontend.js';
import { podMonitoring } from './pod-monitoring.js';
import { gmpPlainRules, gmpRules } from './rules.js';
import { GMP_API, type PodMonitoring } from './types.js';

/** The collector's own metrics, scraped by GMP (its objects otherwise as on the other path). */
function collector(plan: Plan): unknown[] {
  const { collectorNamespace: namespace, collectorService: name } = plan.tracing;
  const monitor: PodMonitoring = {
    apiVersion: GMP_API,
    kind: 'PodMonitoring',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: { 'app.kubernetes.io/name': name } }, endpoints: [{ port: 'metrics', interval: '30s' }] },
  };
  return [...collectorManifests(plan).filter((o) => (o as { kind?: string }).kind !== 'ServiceMonitor'), monitor];
}

export function renderGmp(plan: Plan): VirtualFile[] {
  const f = observabilityFiles(plan);
  const file = (path: string, content: string, summary: string): VirtualFile => ({ path, content, producer: 'observability', summary });
  const relative = (p: string): string => p.slice(f.dir.length + 1);
  const { slo, tracing } = plan.features;
  const subdirs = [...(tracing ? [f.collectorDir] : []), ...(slo ? [f.frontendDir] : [])].map(relative);
  // With objects in other namespaces (subdirectories), each object names its own.
  const kustomization = { ...(subdirs.length ? {} : { namespace: plan.namespace }), resources: [relative(f.podMonitoring), relative(f.gmpRules), ...subdirs] };
  const files = [
    file(f.podMonitoring, yamlFile(podMonitoring(plan)), 'PodMonitoring: what Managed Prometheus scrapes and keeps'),
    file(f.gmpRules, yamlFile(gmpRules(plan)), slo ? 'Alert rules, SLO recording rules and burn-rate alerts (GMP Rules), each with a runbook link' : 'Alert rules (GMP Rules), each with a runbook link'),
    file(f.dashboardPath, dashboardJson(plan), 'Grafana RED dashboard (import it; its datasource is the query frontend)'),
    file(f.kustomization, yamlFile(kustomization), 'Applies the above'),
    file(f.doc, observabilityDoc(plan), slo ? 'Metrics, logs, tracing, SLOs, alert routing and tests, alert runbooks' : 'Metrics contract, logs, alert runbooks'),
  ];
  if (slo) {
    files.push(
      file(f.ruleTests, alertRuleTests(plan), 'promtool unit tests: every alert fires on its condition, and stays quiet below it'),
      file(f.ruleTestsRules, gmpPlainRules(plan), "The Rules object's groups as the plain rule file promtool tests load"),
      file(f.frontend, yamlDocuments(frontendManifests(plan)), 'GMP query frontend: the Prometheus API for analysis, gates and Grafana'),
      file(f.frontendKustomization, yamlFile({ resources: [relative(f.frontend).slice(relative(f.frontendDir).length + 1)] }), 'Applies the query frontend'),
    );
  }
  if (tracing) {
    files.push(
      file(f.collector, yamlDocuments(collector(plan)), 'OpenTelemetry Collector: OTLP in; traces, metrics, logs out'),
      file(f.collectorKustomization, yamlFile({ resources: [f.collector.slice(f.collectorDir.length + 1)] }), 'Applies the collector'),
    );
  }
  return files;
}
