/**
 * The PodMonitoring: GMP's collectors scrape the app's pods (not a Service) on the named port and
 * keep only what the alerts and the dashboard read. The series carry `job` (this object's name,
 * the app's, as the Prometheus Operator names it after the Service), `namespace`, `pod`, and
 * `service` copied from the pods' name label: every query the other path runs matches here too.
 */
import type { Plan } from '../../../plan/types.js';
import { SCRAPE_INTERVAL, SELECTOR_LABEL, jobName, keepRegex } from '../names.js';
import { GMP_API, type PodMonitoring } from './types.js';

type MonitorPlan = Pick<Plan, 'name' | 'namespace' | 'labels' | 'app' | 'metrics'>;

export function podMonitoring(plan: MonitorPlan): PodMonitoring {
  return {
    apiVersion: GMP_API,
    kind: 'PodMonitoring',
    metadata: { name: jobName(plan), namespace: plan.namespace },
    spec: {
      selector: { matchLabels: { [SELECTOR_LABEL]: plan.labels[SELECTOR_LABEL]! } },
      endpoints: [
        {
          port: plan.app.portName,
          path: plan.app.metricsPath,
          interval: SCRAPE_INTERVAL,
          metricRelabeling: [{ action: 'keep', sourceLabels: ['__name__'], regex: keepRegex(plan) }],
        },
      ],
      targetLabels: { metadata: ['pod', 'container'], fromPod: [{ from: SELECTOR_LABEL, to: 'service' }] },
    },
  };
}
