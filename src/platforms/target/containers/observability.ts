/**
 * Observability facts of an ECS stack, read back from Terraform: the alarms alarms.tf defines
 * (`alerts`) and those the service's deployment watches for its rollback (`rollbackAlarms`),
 * which the rule rollback-alarms-are-defined compares. Nothing is scraped: no Prometheus facts.
 */
import type { FileTree } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import type { Located, ObservabilityFacts } from '../../../steps/facts.js';

/**
 * Alarm names by how ecs.tf refers to them: `resource "aws_cloudwatch_metric_alarm" "errors"`
 * with its alarm_name, and the keys of the `alarms` map the for_each resource `app` creates
 * (`app["cpu-high"]` named `${var.cluster_name}-cpu-high`).
 */
function definedAlarms(content: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of content.matchAll(/resource\s+"aws_cloudwatch_metric_alarm"\s+"(\w+)"\s*\{[^}]*?alarm_name\s*=\s*"([^"]+)"/gs)) {
    if (m[2]!.includes('${each.key}')) {
      const map = /\balarms\s*=\s*\{([\s\S]*?)\n  \}/.exec(content)?.[1] ?? '';
      for (const key of map.matchAll(/^\s{4}"?([a-z0-9-]+)"?\s*=\s*\{/gm)) names.set(`${m[1]}["${key[1]}"]`, m[2]!.replace('${each.key}', key[1]!));
    } else names.set(m[1]!, m[2]!);
  }
  return names;
}

export function ecsAlarmFacts(tree: FileTree, plan: Plan): { alerts: Located<string>[]; rollbackAlarms: Located<string>[] } {
  const dir = plan.paths.iacDir;
  const alarmsFile = `${dir}/alarms.tf`;
  const serviceFile = `${dir}/ecs.tf`;
  const defined = definedAlarms(tree.get(alarmsFile)?.content ?? '');
  const service = tree.get(serviceFile)?.content ?? '';
  const watched = /\balarms\s*\{[^}]*?alarm_names\s*=\s*\[([^\]]*(?:\][^\]]*)*?)\]\s*\n/s.exec(service)?.[1] ?? '';
  const rollbackAlarms = [...watched.matchAll(/aws_cloudwatch_metric_alarm\.(\w+(?:\["[^"]+"\])?)\.alarm_name|^\s*"([^"]+)"/gm)].map((m) => ({
    // A reference names the resource; a literal names the alarm.
    value: m[1] ? (defined.get(m[1]) ?? `aws_cloudwatch_metric_alarm.${m[1]}`) : m[2]!,
    file: serviceFile,
  }));
  return { alerts: [...defined.values()].map((value) => ({ value, file: alarmsFile })), rollbackAlarms };
}

export function extractEcsObservability(tree: FileTree, plan: Plan): ObservabilityFacts {
  const { alerts, rollbackAlarms } = ecsAlarmFacts(tree, plan);
  return {
    serviceMonitor: null,
    metricsUsed: [],
    metricsCollected: [],
    alerts,
    rollbackAlarms,
    rules: [],
    ruleTests: [],
    deployedRuleGroups: [],
    collector: null,
    retention: null,
    routes: [],
    kustomizeDir: '',
  };
}
