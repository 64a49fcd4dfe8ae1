/**
 * The query a release gate runs against a region's alerts: this app's critical alerts only.
 * kube-prometheus-stack's own rules fire for the cluster too (on EKS, KubeSchedulerDown and
 * KubeControllerManagerDown fire from the start: the control plane is not scraped), so a gate on
 * every critical alert never opens. Every alert of the app carries its `namespace` (the
 * alerts-keep-route-labels rule), and so do the platform's alerts about the app's pods.
 * A neutral command, so that every CI platform gates on the same query.
 */
import type { MonitoringStack } from '../platforms/types.js';
import { PROMETHEUS_ADDRESS } from './conventions.js';
import type { Command } from './types.js';

/**
 * Where the firing alerts can be read, by how the cluster evaluates rules: Prometheus's alerts API,
 * or, with Managed Service for Prometheus (whose query frontend has no alerts API), its managed
 * Alertmanager in gmp-system, which receives every alert the rule evaluator fires.
 */
export const ALERT_APIS: Record<MonitoringStack, { address: string; path: string; api: 'prometheus' | 'alertmanager' }> = {
  'prometheus-operator': { address: PROMETHEUS_ADDRESS, path: 'api/v1/alerts', api: 'prometheus' },
  'managed-prometheus-gmp': { address: 'http://alertmanager.gmp-system.svc:9093', path: 'api/v2/alerts?active=true&silenced=false&inhibited=false', api: 'alertmanager' },
};

/** An alerts API through the Kubernetes API server proxy: no port-forward, no public endpoint. */
export function alertsPath(address: string, path = 'api/v1/alerts'): string {
  const url = new URL(address);
  const [service, namespace] = url.hostname.split('.');
  return `/api/v1/namespaces/${namespace}/services/${service}:${url.port || '80'}/proxy/${path}`;
}

/** jq's test: no firing critical alert labelled with the app's namespace (a DNS label: nothing to quote). */
export function appAlertsFilter(namespace: string, api: 'prometheus' | 'alertmanager' = 'prometheus'): string {
  const ours = `.labels.severity == "critical" and .labels.namespace == "${namespace}"`;
  return api === 'prometheus'
    ? `[.data.alerts[] | select(.state == "firing" and ${ours})] | length == 0`
    : `[.[] | select(.status.state == "active" and ${ours})] | length == 0`;
}

export function noFiringAlerts(namespace: string, monitoring: MonitoringStack = 'prometheus-operator'): Command {
  const { address, path, api } = ALERT_APIS[monitoring];
  return {
    description: `Verify no critical alert of ${namespace} is firing`,
    run: `kubectl get --raw '${alertsPath(address, path)}' | jq -e '${appAlertsFilter(namespace, api)}'`,
  };
}
