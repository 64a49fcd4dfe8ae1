import { NO_ENDPOINT } from '../../config/answers.js';
import type { ConsistencyRule } from '../rule.js';

/** The ServiceMonitor finds the app's Service: same namespace, matching labels, a port the Service has. */
export const monitorSelectsService: ConsistencyRule = {
  id: 'monitor-selects-service',
  description: "Prometheus scrapes the app's Service: the ServiceMonitor's namespace, selector and port match it.",
  needs: ['observability', 'deployment'],
  check({ plan, facts }) {
    const monitor = facts.observability.serviceMonitor;
    const service = facts.deployment.service;
    // An app that serves no metrics has nothing to scrape (probe-paths-match-app refuses a ServiceMonitor then).
    // Nor a target that collects none (ECS: its metrics are the platform's, features.appMetrics off).
    if (!monitor && (plan.app.metricsPath === NO_ENDPOINT || !plan.features.appMetrics)) return [];
    if (!monitor || !service) {
      return [{
        message: `${monitor ? 'no Service manifest' : 'no ServiceMonitor'} found, so the app is not scraped`,
        files: [monitor ? facts.deployment.kustomizeDir : facts.observability.kustomizeDir],
        remedy: 'Re-run the generator to restore the missing manifest.',
      }];
    }
    const problems = [];
    const mismatched = Object.entries(monitor.selector).filter(([key, value]) => service.labels[key] !== value);
    if (mismatched.length) {
      problems.push({
        message: `${monitor.file} selects ${mismatched.map(([k, v]) => `${k}=${v}`).join(', ')}, but the Service in ${service.file} is labelled ${Object.entries(service.labels).map(([k, v]) => `${k}=${v}`).join(', ') || '(nothing)'}`,
        files: [monitor.file, service.file],
        remedy: 'Make the ServiceMonitor selector a subset of the Service labels.',
      });
    }
    if (monitor.namespace !== service.namespace) {
      problems.push({
        message: `${monitor.file} is in namespace "${monitor.namespace}", the Service in ${service.file} in "${service.namespace}"`,
        files: [monitor.file, service.file],
        remedy: 'Put both in the app namespace (the kustomization namespace).',
      });
    }
    if (monitor.portName !== service.portName) {
      problems.push({
        message: `${monitor.file} scrapes port "${monitor.portName}", but the Service in ${service.file} names its port "${service.portName}"`,
        files: [monitor.file, service.file],
        remedy: `Use port "${service.portName}" in the ServiceMonitor endpoint.`,
      });
    }
    return problems;
  },
};
