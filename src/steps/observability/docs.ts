import type { Stack } from '../../config/answers.js';
import type { Plan } from '../../plan/types.js';
import { renderTemplate } from '../../render/templates.js';
import { alertSpecs } from './alerts.js';

/** How to expose the two metrics in each stack's usual client library. */
const LIBRARY_HINTS: Record<Stack, string> = {
  node: 'Node: `prom-client`.',
  python: 'Python: `prometheus_client`.',
  go: 'Go: client_golang `promhttp.InstrumentHandlerCounter` and `InstrumentHandlerDuration`.',
  java: 'Java: Micrometer `Counter` `http.requests` and `Timer` `http.request.duration` with `publishPercentileHistogram()`.',
};

type DocPlan = Pick<Plan, 'name' | 'namespace' | 'metrics' | 'app' | 'paths' | 'stack' | 'environments'>;

/** observability.md: the metrics contract, where logs go, and one runbook section per alert. */
export function observabilityDoc(plan: DocPlan): string {
  return renderTemplate('observability/observability.md', {
    metricsPath: plan.app.metricsPath,
    portName: plan.app.portName,
    metrics: plan.metrics,
    hint: LIBRARY_HINTS[plan.stack],
    environments: plan.environments,
    // A quoted term: events whose text (message or Kubernetes metadata) names the namespace.
    filter: `"${plan.namespace}"`,
    alerts: alertSpecs(plan),
  });
}
