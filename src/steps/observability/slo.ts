/**
 * SLOs the sloth way (REFERENCE §5): the error ratio recorded per window, the
 * objective and budget as series, and multi-window multi-burn-rate alerts from the
 * Google SRE workbook for a 30-day period: each pair fires when both its long and its
 * short window burn faster than `factor × budget`; the short window makes it stop
 * soon after the burn stops.
 */
import type { Plan } from '../../plan/types.js';
import { jobName } from './names.js';
import type { AlertSpec, RecordSpec, RuleGroupSpec, TestSeries } from './rule-spec.js';
import type { Severity } from './severity.js';

/** Windows the burn-rate pairs read; the SLO period is recorded from the 5m ratio. */
export const SLO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/** Google SRE workbook pairs for a 30-day SLO: 2% of the budget in 1h, 5% in 6h (pages); 10% in 1d and in 3d (tickets). */
export const BURN_RATES: readonly { notify: 'page' | 'ticket'; factor: number; long: string; short: string }[] = [
  { notify: 'page', factor: 14.4, long: '1h', short: '5m' },
  { notify: 'page', factor: 6, long: '6h', short: '30m' },
  { notify: 'ticket', factor: 3, long: '1d', short: '2h' },
  { notify: 'ticket', factor: 1, long: '3d', short: '6h' },
];

/** As sloth does: one alert per SLO for the pages (P1), one for the tickets (P3). */
export const BURN_SEVERITY: Record<'page' | 'ticket', Severity> = { page: 'critical', ticket: 'warning' };

export type SloPlan = Pick<Plan, 'name' | 'namespace' | 'metrics' | 'slo' | 'paths'>;

interface Slo {
  id: 'availability' | 'latency';
  objective: number;
  /** The share of bad requests over a window. */
  errorRatio: (window: string) => string;
  meaning: string;
  /** Test input, one sample a minute: per phase, `ratio` × budget of the requests bad for `minutes`. */
  series: (...phases: [ratio: number, minutes: number][]) => TestSeries[];
}

/** 1 − objective without floating-point noise (1 − 0.999 is 0.0010000000000000009). */
export const budgetOf = (objective: number): number => Number((1 - objective).toPrecision(6));

/** A `le` label matcher: Prometheus 3 writes integral bucket bounds as `1.0`, older versions and clients as `1`. */
function leMatcher(seconds: number): string {
  return Number.isInteger(seconds) ? `le=~"${seconds}(\\\\.0)?"` : `le="${seconds}"`;
}

const percent = (ratio: number): string => `${Number((ratio * 100).toPrecision(6))}%`;

export function slos(plan: SloPlan): Slo[] {
  const sel = `namespace="${plan.namespace}",job="${jobName(plan)}"`;
  const { requests, duration, statusLabel } = plan.metrics;
  const rate = (selector: string, w: string): string => `sum(rate(${selector}[${w}]))`;
  // A counter growing by perMinute(ratio) in each phase, in promtool's expanding notation.
  const series = (metric: string, extra: string, perMinute: (ratio: number) => number, phases: [number, number][]): TestSeries => {
    let value = 0;
    const parts = phases.map(([ratio, minutes], i) => {
      const step = Number(perMinute(ratio).toPrecision(6));
      const start = i === 0 ? 0 : Number((value + step).toPrecision(9));
      value = Number((start + step * (i === 0 ? minutes : minutes - 1)).toPrecision(9));
      return `${start}+${step}x${i === 0 ? minutes : minutes - 1}`;
    });
    return { series: `${metric}{${sel}${extra}}`, values: parts.join(' ') };
  };
  const availabilityBudget = budgetOf(plan.slo.availability);
  const latencyBudget = budgetOf(plan.slo.latencyObjective);
  return [
    {
      id: 'availability',
      objective: plan.slo.availability,
      errorRatio: (w) => `${rate(`${requests}{${sel},${statusLabel}=~"5.."}`, w)} / ${rate(`${requests}{${sel}}`, w)}`,
      meaning: `${percent(plan.slo.availability)} of requests succeed (no 5xx)`,
      series: (...phases) => [
        series(requests, `,${statusLabel}="200"`, (r) => 1000 * (1 - r * availabilityBudget), phases),
        series(requests, `,${statusLabel}="500"`, (r) => 1000 * r * availabilityBudget, phases),
      ],
    },
    {
      id: 'latency',
      objective: plan.slo.latencyObjective,
      errorRatio: (w) =>
        `1 - ${rate(`${duration}_bucket{${sel},${leMatcher(plan.slo.latencySeconds)}}`, w)} / ${rate(`${duration}_count{${sel}}`, w)}`,
      meaning: `${percent(plan.slo.latencyObjective)} of requests finish within ${plan.slo.latencySeconds}s`,
      series: (...phases) => [
        series(`${duration}_bucket`, `,le="${plan.slo.latencySeconds}"`, (r) => 1000 * (1 - r * latencyBudget), phases),
        series(`${duration}_count`, '', () => 1000, phases),
      ],
    },
  ];
}

const title = (id: string): string => id[0]!.toUpperCase() + id.slice(1);

export function sloGroup(plan: SloPlan): RuleGroupSpec {
  const records: RecordSpec[] = [];
  const alerts: AlertSpec[] = [];
  const period = `${plan.slo.windowDays}d`;
  for (const slo of slos(plan)) {
    // namespace: the label the AlertmanagerConfig's route matches (the sums drop the data's own).
    const labels = { namespace: plan.namespace, service: plan.name, slo: slo.id };
    const sel = `{service="${plan.name}",slo="${slo.id}"}`;
    const budget = budgetOf(slo.objective);
    const ratio = (w: string): string => `slo:sli_error:ratio_rate${w}`;
    records.push(
      ...SLO_WINDOWS.map((w) => ({ record: ratio(w), expr: slo.errorRatio(w), labels })),
      // Averaging the 5m ratio costs one series read per sample instead of a 30-day rate.
      { record: ratio(period), expr: `avg_over_time(${ratio('5m')}${sel}[${period}])`, labels },
      { record: 'slo:objective:ratio', expr: `vector(${slo.objective})`, labels },
      { record: 'slo:error_budget:ratio', expr: `vector(${budget})`, labels },
      { record: 'slo:current_burn_rate:ratio', expr: `${ratio('5m')}${sel} / slo:error_budget:ratio${sel}`, labels },
      { record: 'slo:period_error_budget_remaining:ratio', expr: `1 - ${ratio(period)}${sel} / slo:error_budget:ratio${sel}`, labels },
    );
    const name = `${title(slo.id)}BudgetBurn`;
    for (const notify of ['page', 'ticket'] as const) {
      const pairs = BURN_RATES.filter((b) => b.notify === notify);
      const over = (b: (typeof pairs)[number]): string =>
        `${ratio(b.long)}${sel} > ${b.factor} * ${budget} and ${ratio(b.short)}${sel} > ${b.factor} * ${budget}`;
      alerts.push({
        name,
        severity: BURN_SEVERITY[notify],
        expr: pairs.map((b) => `(${over(b)})`).join(' or '),
        summary: `${title(slo.id)} budget burns ${pairs.map((b) => `${b.factor}x`).join(' or ')} too fast`,
        description: 'Bad: {{ $value | humanizePercentage }}.',
        meaning: `The ${slo.id} SLO (${slo.meaning} over ${period}) spends its error budget too fast: a page at 14.4x or 6x, a ticket at 3x or 1x.`,
        check: 'the SLO panels, then the other alerts firing',
        fix: 'Fix or roll back what burns it; freeze risky deploys until the budget recovers.',
        // 15x the budget: both fire. Half the budget: neither does. 4x: the ticket only. After an
        // hour at 15x and 40 clean minutes, the page has stopped (its short windows are clean) and
        // the ticket still runs (its windows still hold the burn).
        ...(notify === 'page' && {
          test: {
            series: slo.series([15, 70]),
            at: '65m',
            fires: (['page', 'ticket'] as const).map((n) => ({
              severity: BURN_SEVERITY[n],
              labels,
              description: `Bad: ${percent(15 * budget)}.`,
            })),
            quiet: slo.series([0.5, 70]),
            cases: [
              { name: 'tickets only at 4x', series: slo.series([4, 70]), at: '65m', fires: [{ severity: BURN_SEVERITY.ticket, labels, description: `Bad: ${percent(4 * budget)}.` }] },
              { name: 'stops paging once the burn stops', series: slo.series([15, 60], [0, 40]), at: '100m', fires: [{ severity: BURN_SEVERITY.ticket, labels, description: `Bad: ${percent(9 * budget)}.` }] },
            ],
          },
        }),
      });
    }
  }
  return { name: `${plan.name}-slo`, records, alerts };
}
