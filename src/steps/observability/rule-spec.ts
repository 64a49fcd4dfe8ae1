/**
 * What every alert carries: its rule, its runbook (observability.md renders one
 * section per alert name, so an alert cannot exist without one) and its unit test
 * (rule-tests.ts turns it into promtool `test rules` input), side by side.
 */
import type { Severity } from './severity.js';

/** One input series in promtool's expanding notation (`0+10x30`: 0, 10, … 300, one per interval). */
export interface TestSeries {
  series: string;
  values: string;
}

export interface AlertTest {
  /** Sampled every minute from time 0. */
  series: TestSeries[];
  /** When to evaluate: after `for` has elapsed and every range is filled. */
  at: string;
  /** The alerts expected to fire at `at`: their labels besides alertname and severity, and the rendered description. */
  fires: { severity: Severity; labels: Record<string, string>; description: string }[];
  /** Series just below the threshold: nothing fires. */
  quiet?: TestSeries[];
  /** More cases of the same alert: a lower rate that fires only some severities, a recovery. */
  cases?: { name: string; series: TestSeries[]; at: string; fires: AlertTest['fires'] }[];
}

export interface AlertSpec {
  name: string;
  severity: Severity;
  for?: string;
  expr: string;
  summary: string;
  description: string;
  /** The runbook section: what firing means, what to look at first, the fix. */
  meaning: string;
  check: string;
  fix: string;
  /** Rules that share a name (one per burn rate) share one test, on the first of them. */
  test?: AlertTest;
}

/** A recording rule: a metric name and the expression that produces it. */
export interface RecordSpec {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** One rule group of the PrometheusRule: recording rules are evaluated before the alerts that read them. */
export interface RuleGroupSpec {
  name: string;
  records: RecordSpec[];
  alerts: AlertSpec[];
}
