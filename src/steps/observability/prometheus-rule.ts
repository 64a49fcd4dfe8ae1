/**
 * The PrometheusRule: the service alerts (every tier), the SLO group (features.slo)
 * and the anomaly group (features.anomalyDetection), each alert linking its runbook.
 */
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { Plan } from '../../plan/types.js';
import { yamlFile } from '../../render/yaml.js';
import { SUPERSEDED_BY_SLO, alertSpecs } from './alerts.js';
import { anomalyGroup } from './anomaly.js';
import { PROMETHEUS_RELEASE, runbookUrl } from './names.js';
import type { AlertSpec, RuleGroupSpec } from './rule-spec.js';
import { sloGroup } from './slo.js';

export type RulePlan = Pick<Plan, 'name' | 'namespace' | 'metrics' | 'app' | 'paths' | 'repository' | 'slo' | 'features' | 'location' | 'database'>;

export function ruleGroups(plan: RulePlan): RuleGroupSpec[] {
  return [
    {
      name: plan.name,
      records: [],
      alerts: alertSpecs(plan).filter((a) => !(plan.features.slo && SUPERSEDED_BY_SLO.includes(a.name))),
    },
    ...(plan.features.slo ? [sloGroup(plan)] : []),
    ...(plan.features.anomalyDetection ? [anomalyGroup(plan)] : []),
  ];
}

export const allAlerts = (plan: RulePlan): AlertSpec[] => ruleGroups(plan).flatMap((g) => g.alerts);

export function alertRule(plan: RulePlan, a: AlertSpec) {
  return {
    alert: a.name,
    expr: a.expr,
    ...(a.for && { for: a.for }),
    labels: { severity: a.severity },
    annotations: { summary: a.summary, description: a.description, runbook_url: runbookUrl(plan, a.name) },
  };
}

export function prometheusRule(plan: RulePlan): IPrometheusRule {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: plan.name, namespace: plan.namespace, labels: { release: PROMETHEUS_RELEASE } },
    spec: {
      groups: ruleGroups(plan).map((g) => ({
        name: g.name,
        rules: [...g.records, ...g.alerts.map((a) => alertRule(plan, a))],
      })),
    },
  };
}

/**
 * The same groups as a plain rule file, which `promtool test rules` loads (it reads no Kubernetes
 * object): the tests run on the committed files, and the alerts-tests-load-deployed-rules rule
 * fails `check` when the two differ.
 */
export function plainRules(plan: RulePlan): string {
  return yamlFile({ groups: prometheusRule(plan).spec!.groups }, 'The groups of ../prometheusrule.yaml, for promtool: change both together.');
}
