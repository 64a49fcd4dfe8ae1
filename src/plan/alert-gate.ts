/**
 * The query a release gate runs against a region's Prometheus: this app's critical alerts only.
 * kube-prometheus-stack's own rules fire for the cluster too (on EKS, KubeSchedulerDown and
 * KubeControllerManagerDown fire from the start: the control plane is not scraped), so a gate on
 * every critical alert never opens. Every alert of the app carries its `namespace` (the
 * alerts-keep-route-labels rule), and so do the platform's alerts about the app's pods.
 * A neutral command, so that every CI platform gates on the same query.
 */
import type { Command } from './types.js';

/** Prometheus's alerts API through the Kubernetes API server proxy: no port-forward, no public endpoint. */
export function alertsPath(prometheusAddress: string): string {
  const url = new URL(prometheusAddress);
  const [service, namespace] = url.hostname.split('.');
  return `/api/v1/namespaces/${namespace}/services/${service}:${url.port || '80'}/proxy/api/v1/alerts`;
}

/** jq's test: no firing critical alert labelled with the app's namespace (a DNS label: nothing to quote). */
export function appAlertsFilter(namespace: string): string {
  return `[.data.alerts[] | select(.state == "firing" and .labels.severity == "critical" and .labels.namespace == "${namespace}")] | length == 0`;
}

export function noFiringAlerts(namespace: string, prometheusAddress: string): Command {
  return {
    description: `Verify no critical alert of ${namespace} is firing`,
    run: `kubectl get --raw '${alertsPath(prometheusAddress)}' | jq -e '${appAlertsFilter(namespace)}'`,
  };
}
