import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { Plan } from '../../plan/types.js';
import { PROMETHEUS_RELEASE, SCRAPE_INTERVAL, SELECTOR_LABEL, keepRegex } from './names.js';

type ServiceMonitorPlan = Pick<Plan, 'name' | 'namespace' | 'labels' | 'app' | 'metrics'>;

/**
 * Scrapes the Service's named port. The keep rule drops every other series the
 * client library exposes (runtime, GC, process): what Prometheus stores is exactly
 * what the alerts and the dashboard read, and the file says so.
 */
export function serviceMonitor(plan: ServiceMonitorPlan): IServiceMonitor {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: plan.name, namespace: plan.namespace, labels: { release: PROMETHEUS_RELEASE } },
    spec: {
      selector: { matchLabels: { [SELECTOR_LABEL]: plan.labels[SELECTOR_LABEL]! } },
      endpoints: [
        {
          port: plan.app.portName,
          path: plan.app.metricsPath,
          interval: SCRAPE_INTERVAL,
          metricRelabelings: [{ sourceLabels: ['__name__'], action: 'keep', regex: keepRegex(plan) }],
        },
      ],
    },
  };
}
