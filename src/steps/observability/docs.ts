import type { Stack } from '../../config/answers.js';
import type { Plan } from '../../plan/types.js';
import { projectOf } from '../../platforms/cloud/gcp/project.js';
import { cloudOf } from '../../platforms/registry.js';
import { renderTemplate } from '../../render/templates.js';
import { PLACEHOLDERS, managedAlertmanagerConfig } from './gmp/alertmanager.js';
import { observabilityFiles } from './names.js';
import { COLLECTOR_IMAGE, METRICS_PORT, TRACES_ENDPOINT } from './otel-collector.js';
import { allAlerts } from './prometheus-rule.js';
import { SUPERSEDED_BY_SLO } from './alerts.js';
import { RECEIVER_SECRETS, SEVERITIES } from './severity.js';
import { BURN_RATES, slos } from './slo.js';

/** How to expose the two metrics in each stack's usual client library. */
const LIBRARY_HINTS: Record<Stack, string> = {
  node: 'Node: `prom-client`.',
  python: 'Python: `prometheus_client`.',
  go: 'Go: client_golang `promhttp.InstrumentHandlerCounter` and `InstrumentHandlerDuration`.',
  java: 'Java: Micrometer `http.requests` (Counter), `http.request.duration` (Timer, `publishPercentileHistogram()`).',
};

/**
 * observability.md: the metrics contract, where logs go, tracing, SLOs, routing and
 * tests from T2, and one runbook section per alert name (rules that share a name,
 * one per burn rate, share the section their runbook_url points at).
 */
export function observabilityDoc(plan: Plan): string {
  const f = observabilityFiles(plan);
  const names = new Set<string>();
  const alerts = allAlerts(plan).filter((a) => !names.has(a.name) && names.add(a.name));
  const gmp = cloudOf(plan).kubernetes.monitoring === 'managed-prometheus-gmp';
  return renderTemplate('observability/observability.md', {
    name: plan.name,
    namespace: plan.namespace,
    metricsPath: plan.app.metricsPath,
    appMetrics: plan.features.appMetrics,
    portName: plan.app.portName,
    metrics: plan.metrics,
    hint: LIBRARY_HINTS[plan.stack],
    logs: cloudOf(plan).guide.logs(plan),
    gmp,
    tracing: plan.features.tracing && plan.tracing,
    collectorDir: f.collectorDir,
    collectorImage: COLLECTOR_IMAGE,
    tracesEndpoint: TRACES_ENDPOINT,
    metricsPort: METRICS_PORT,
    slo: plan.features.slo,
    windowDays: plan.slo.windowDays,
    slos: slos(plan),
    burnRates: BURN_RATES,
    severities: SEVERITIES,
    superseded: SUPERSEDED_BY_SLO,
    secrets: RECEIVER_SECRETS,
    testsDir: f.ruleTests.slice(0, f.ruleTests.lastIndexOf('/')),
    testsInCi: !plan.answers.skip.includes('cicd'),
    securityMonitoring: plan.features.securityMonitoring,
    securityAlerts: plan.features.securityMonitoring ? cloudOf(plan).guide.securityAlerts(plan) : '',
    ...(gmp ? { alertmanager: managedAlertmanagerConfig(), placeholders: PLACEHOLDERS, queryAddress: plan.rollout.prometheusAddress, project: projectOf(plan) } : {}),
    terraformDir: plan.paths.iacDir,
    alerts,
  });
}
