/**
 * Routing by severity (severity.ts): pages go to PagerDuty, tickets to a Slack
 * channel. Credentials stay in Kubernetes Secrets named here, created by hand in
 * the app's namespace (observability.md); no value is ever in a file. The operator
 * scopes the route to alerts from this namespace.
 */
import type { IAlertmanagerConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig';
import type { Plan } from '../../plan/types.js';
import { RECEIVER_SECRETS, SEVERITIES } from './severity.js';

/** Two receivers; the routes per severity set how often a notification repeats. */
const RECEIVERS = [
  // PagerDuty takes the alert's severity as its own (the same four values).
  { name: 'page', pagerdutyConfigs: [{ routingKey: RECEIVER_SECRETS.page, severity: '{{ .CommonLabels.severity }}' }] },
  { name: 'ticket', slackConfigs: [{ apiURL: RECEIVER_SECRETS.ticket, title: '[{{ .CommonLabels.severity }}] {{ .CommonLabels.alertname }}' }] },
];

export function alertmanagerConfig(plan: Pick<Plan, 'name' | 'namespace'>): IAlertmanagerConfig {
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'AlertmanagerConfig',
    metadata: { name: plan.name, namespace: plan.namespace },
    spec: {
      route: {
        // An alert without a known severity still reaches someone, as a ticket.
        receiver: 'ticket',
        groupBy: ['alertname', 'severity'],
        routes: SEVERITIES.map((s) => ({ matchers: [{ name: 'severity', value: s.severity }], receiver: s.notify, repeatInterval: s.repeat })),
      },
      receivers: RECEIVERS,
    },
  };
}
