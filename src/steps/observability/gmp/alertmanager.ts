/**
 * Routing by severity for GMP's managed Alertmanager, which reads its whole configuration from
 * the Secret `alertmanager` (key alertmanager.yaml) in namespace gmp-public: the credentials must
 * be in that file, so it is not written to the repository. observability.md shows this text with
 * placeholders and the command that substitutes the real values and creates the Secret.
 */
import { toYaml } from '../../../render/yaml.js';
import { SEVERITIES } from '../severity.js';

export const PLACEHOLDERS = { page: 'PAGERDUTY_ROUTING_KEY', ticket: 'SLACK_WEBHOOK_URL' } as const;

export function managedAlertmanagerConfig(): string {
  return toYaml({
    route: {
      // An alert without a known severity still reaches someone, as a ticket.
      receiver: 'ticket',
      group_by: ['alertname', 'severity'],
      routes: SEVERITIES.map((s) => ({ matchers: [`severity="${s.severity}"`], receiver: s.notify, repeat_interval: s.repeat })),
    },
    receivers: [
      { name: 'page', pagerduty_configs: [{ routing_key: PLACEHOLDERS.page, severity: '{{ .CommonLabels.severity }}' }] },
      { name: 'ticket', slack_configs: [{ api_url: PLACEHOLDERS.ticket, title: '[{{ .CommonLabels.severity }}] {{ .CommonLabels.alertname }}' }] },
    ],
  });
}
