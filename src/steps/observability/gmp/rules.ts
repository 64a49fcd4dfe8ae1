/**
 * The same rule groups as the PrometheusRule (service alerts, SLO recording rules and burn-rate
 * alerts, anomaly rules), as a GMP Rules object: the managed rule evaluator scopes every query
 * to this cluster and namespace, and sends the alerts to the managed Alertmanager.
 */
import { type RulePlan, alertRule, ruleGroups } from '../prometheus-rule.js';
import { yamlFile } from '../../../render/yaml.js';
import { SCRAPE_INTERVAL } from '../names.js';
import { GMP_API, type Rules } from './types.js';

export function gmpRules(plan: RulePlan): Rules {
  return {
    apiVersion: GMP_API,
    kind: 'Rules',
    metadata: { name: plan.name, namespace: plan.namespace },
    spec: {
      groups: ruleGroups(plan).map((g) => ({
        name: g.name,
        // Required by GMP (Prometheus defaults it): as often as the app is scraped.
        interval: SCRAPE_INTERVAL,
        rules: [...g.records, ...g.alerts.map((a) => alertRule(plan, a))],
      })),
    },
  };
}

/** The same groups as the plain rule file `promtool test rules` loads (see plainRules). */
export function gmpPlainRules(plan: RulePlan): string {
  return yamlFile({ groups: gmpRules(plan).spec.groups }, 'The groups of ../rules.yaml, for promtool: change both together.');
}
