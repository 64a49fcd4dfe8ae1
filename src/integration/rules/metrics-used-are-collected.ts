import { isPlatformMetric } from '../../steps/observability/metric-names.js';
import type { ConsistencyRule } from '../rule.js';

/** Alerts, dashboards and rollout analysis only query metrics that Prometheus collects. */
export const metricsUsedAreCollected: ConsistencyRule = {
  id: 'metrics-used-are-collected',
  description: 'Every metric that alerts, dashboards or rollout analysis query is collected by the monitoring setup.',
  needs: ['observability', 'deployment'],
  check({ facts }) {
    const collected = new Set(facts.observability.metricsCollected.map((m) => m.value));
    const sources = [...new Set(facts.observability.metricsCollected.map((m) => m.file))];
    if (!sources.length) sources.push(facts.observability.kustomizeDir);
    const collectedIn = sources.join(', ');
    const used = [...facts.observability.metricsUsed, ...facts.deployment.metricsQueried];
    const seen = new Set<string>();
    return used.flatMap((metric) => {
      const key = `${metric.file}|${metric.value}`;
      if (collected.has(metric.value) || isPlatformMetric(metric.value) || seen.has(key)) return [];
      seen.add(key);
      return [{
        message: `${metric.file} queries metric "${metric.value}", which ${collectedIn} does not collect (collected: ${[...collected].join(', ') || 'none'})`,
        files: [metric.file, ...sources],
        remedy: `Query one of the collected metrics, or make the app export "${metric.value}" and add it to the ServiceMonitor keep list.`,
      }];
    });
  },
};
