/**
 * promtool `test rules` input built from the tests each alert carries: one test
 * group where the alert fires (with the labels and annotations it fires with) and,
 * where the alert has one, a group just below its threshold where nothing fires.
 * `rule_files` names the PrometheusRule manifest; promtool reads only its `spec`
 * (observability.md shows the yq line that extracts it).
 */
import { yamlFile } from '../../render/yaml.js';
import { observabilityFiles } from './names.js';
import { type RulePlan, alertRule, allAlerts } from './prometheus-rule.js';
import type { AlertSpec, AlertTest, TestSeries } from './rule-spec.js';

const inputs = (series: TestSeries[]) => series.map((s) => ({ series: s.series, values: s.values }));

export function ruleTests(plan: RulePlan) {
  const alerts = allAlerts(plan);
  const ruleOf = (name: string, severity: string): AlertSpec =>
    alerts.find((a) => a.name === name && a.severity === severity) ?? alerts.find((a) => a.name === name)!;
  const group = (name: string, alert: string, series: TestSeries[], at: string, fires: AlertTest['fires']) => ({
    name,
    interval: '1m',
    input_series: inputs(series),
    alert_rule_test: [
      {
        eval_time: at,
        alertname: alert,
        exp_alerts: fires.map((f) => {
          const { annotations } = alertRule(plan, ruleOf(alert, f.severity));
          return {
            exp_labels: { ...f.labels, severity: f.severity },
            exp_annotations: { ...annotations, description: f.description },
          };
        }),
      },
    ],
  });
  const tests = alerts.flatMap((a) => {
    const t = a.test;
    if (!t) return [];
    return [
      group(`${a.name} fires`, a.name, t.series, t.at, t.fires),
      ...(t.quiet ? [group(`${a.name} stays quiet below`, a.name, t.quiet, t.at, [])] : []),
      ...(t.cases ?? []).map((c) => group(`${a.name} ${c.name}`, a.name, c.series, c.at, c.fires)),
    ];
  });
  return { rule_files: [observabilityFiles(plan).ruleTestsRuleFile], tests };
}

/** The test file's text: written to the repository from T2, run by this project's own tests at every tier. */
export function alertRuleTests(plan: RulePlan): string {
  return yamlFile(ruleTests(plan), `Unit tests of the alert rules: ${observabilityFiles(plan).doc} says how to run them.`);
}
