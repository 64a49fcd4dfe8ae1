/**
 * One severity scale for every alert, mapped to a priority and a way of notifying.
 * The four values are PagerDuty's Events API v2 severities, so the label passes
 * through to the pager unchanged. Alertmanager routes on the label (alertmanager.ts).
 */
export type Severity = 'critical' | 'error' | 'warning' | 'info';

export interface SeverityRoute {
  severity: Severity;
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  /** page: wakes someone up (PagerDuty); ticket: worked in office hours (Slack channel). */
  notify: 'page' | 'ticket';
  /** How often Alertmanager repeats a notification while the alert keeps firing. */
  repeat: string;
}

export const SEVERITIES: readonly SeverityRoute[] = [
  { severity: 'critical', priority: 'P1', notify: 'page', repeat: '1h' },
  { severity: 'error', priority: 'P2', notify: 'page', repeat: '4h' },
  { severity: 'warning', priority: 'P3', notify: 'ticket', repeat: '12h' },
  { severity: 'info', priority: 'P4', notify: 'ticket', repeat: '24h' },
];

/** Kubernetes Secrets the receivers read their credentials from (created by hand, see observability.md). */
export const RECEIVER_SECRETS = {
  page: { name: 'alertmanager-pagerduty', key: 'routing-key' },
  ticket: { name: 'alertmanager-slack', key: 'webhook-url' },
} as const;
