/**
 * T3: anomaly detection and the Prometheus side of security monitoring. The request
 * rate and the error ratio are recorded over 5m windows; their mean and standard deviation
 * over a week (recorded too, so each evaluation reads one series) give a z-score.
 * A week covers the daily and the weekly cycle of traffic.
 */
import type { Plan } from '../../plan/types.js';
import { jobName } from './names.js';
import type { AlertSpec, RecordSpec, RuleGroupSpec, TestSeries } from './rule-spec.js';
import { budgetOf } from './slo.js';

/** Standard deviations from the week's mean that count as anomalous (0.3% of a normal distribution lies beyond). */
export const Z_THRESHOLD = 3;
export const AUTH_FAILURE_RATIO = 0.2;

type AnomalyPlan = Pick<Plan, 'name' | 'namespace' | 'metrics' | 'slo' | 'features'>;

export function anomalyGroup(plan: AnomalyPlan): RuleGroupSpec {
  const sel = `namespace="${plan.namespace}",job="${jobName(plan)}"`;
  const { requests, statusLabel } = plan.metrics;
  const svc = `{service="${plan.name}"}`;
  // namespace: the label the AlertmanagerConfig's route matches (the sums drop the data's own).
  const labels = { namespace: plan.namespace, service: plan.name };
  const rate = `service:${requests.replace(/_total$/, '')}:rate5m`;
  const errors = 'service:http_errors:ratio_rate5m';
  const records: RecordSpec[] = [];
  const zscore = (metric: string): string => {
    records.push(
      { record: `${metric}:avg1w`, expr: `avg_over_time(${metric}${svc}[1w])`, labels },
      { record: `${metric}:stddev1w`, expr: `stddev_over_time(${metric}${svc}[1w])`, labels },
    );
    return `(${metric}${svc} - ${metric}:avg1w${svc}) / ${metric}:stddev1w${svc}`;
  };
  const sum = (extra: string): string => `sum by (namespace) (rate(${requests}{${sel}${extra}}[5m]))`;
  records.push(
    { record: rate, expr: sum(''), labels },
    { record: errors, expr: `${sum(`,${statusLabel}=~"5.."`)} / ${sum('')}`, labels },
  );
  const rateZ = zscore(rate);
  const errorZ = zscore(errors);
  // Below the availability SLO's budget rate an error spike is noise, however many deviations it is.
  const floor = budgetOf(plan.slo.availability);

  const at = (code: string, values: string): TestSeries => ({ series: `${requests}{${sel},${statusLabel}="${code}"}`, values });
  // Five hours at the usual rate, then 20 minutes of the spike.
  const baseline = (perMinute: number, spike: number): string => `0+${perMinute}x300 ${perMinute * 300}+${spike}x20`;
  const alerts: AlertSpec[] = [
    {
      name: 'RequestRateAnomaly',
      // A ticket: a surge or drop can be legitimate (a launch, a holiday).
      severity: 'info',
      for: '15m',
      expr: `abs(${rateZ}) > ${Z_THRESHOLD}`,
      summary: 'Request rate far from the weekly norm',
      description: `More than ${Z_THRESHOLD} standard deviations from its weekly mean.`,
      meaning: 'Traffic surges (a retry storm, a bot, a launch) or drops (clients cannot reach the service).',
      check: 'the Requests panel against last week, upstream releases, the load balancer',
      fix: 'Scale out for real load; block abusive clients; fix the path to the service for drops.',
      test: {
        series: [at('200', baseline(60, 300))],
        at: '320m',
        fires: [{ severity: 'info', labels, description: `More than ${Z_THRESHOLD} standard deviations from its weekly mean.` }],
        quiet: [at('200', '0+60x320')],
      },
    },
    {
      name: 'ErrorRatioAnomaly',
      severity: 'warning',
      for: '15m',
      expr: `${errorZ} > ${Z_THRESHOLD} and ${errors}${svc} > ${floor}`,
      summary: 'Error ratio far above the weekly norm',
      description: `More than ${Z_THRESHOLD} standard deviations above its weekly mean.`,
      meaning: 'Errors rise before they threaten the SLO.',
      check: 'logs for the new errors, the last deploy, dependencies',
      fix: 'Roll back or fix the failing dependency.',
      test: {
        series: [at('200', '0+60x320'), at('500', baseline(0.03, 3))],
        at: '320m',
        fires: [{ severity: 'warning', labels, description: `More than ${Z_THRESHOLD} standard deviations above its weekly mean.` }],
        // The same jump, but to a ratio within the budget: no alert.
        quiet: [at('200', '0+60x320'), at('500', baseline(0.003, 0.03))],
      },
    },
  ];
  if (plan.features.securityMonitoring) {
    alerts.push({
      name: 'AuthFailureSpike',
      severity: 'error',
      for: '10m',
      expr: `${sum(`,${statusLabel}=~"401|403"`)} / ${sum('')} > ${AUTH_FAILURE_RATIO}`,
      summary: `Over ${AUTH_FAILURE_RATIO * 100}% of requests rejected as unauthorised`,
      description: '401/403 ratio: {{ $value | humanizePercentage }}.',
      meaning: 'Credential stuffing, token scanning, or an expired credential in a client.',
      check: 'the logs for client IPs and user agents of the 401/403 responses',
      fix: 'Block the source (WAF rule) or rotate the broken client credential.',
      test: {
        series: [at('200', '0+60x30'), at('401', '0+40x30')],
        at: '20m',
        fires: [{ severity: 'error', labels: { namespace: plan.namespace }, description: '401/403 ratio: 40%.' }],
        quiet: [at('200', '0+90x30'), at('401', '0+10x30')],
      },
    });
  }
  return { name: `${plan.name}-anomaly`, records, alerts };
}
