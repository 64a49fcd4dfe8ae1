/** The ECS stack's deployment strategy document and its observability document (alarm runbooks). */
import { NO_ENDPOINT } from '../../../config/answers.js';
import type { VirtualFile } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import { SEVERITIES } from '../../../steps/observability/severity.js';
import { ECS_ALARMS, alarmsOf } from './alarms.js';
import { ECS_ROLLOUT_MINUTES } from './commands.js';
import { ecsNames } from './names.js';
import { ECS_STRATEGIES, gracePeriodSeconds, healthCheck } from './service.js';

export function strategyDoc(plan: Plan): VirtualFile {
  const d = ECS_STRATEGIES[plan.strategy]!;
  const check = healthCheck(plan);
  const prod = plan.environments.at(-1)!;
  const n = ecsNames(plan, prod.targets[0]!);
  const watched = ECS_ALARMS.filter((a) => a.rollback).map((a) => `\`${a.id}\``).join(' and ');
  const text = `# Deployment strategy: ${plan.strategy} (ECS)

${plan.strategy === 'rolling'
    ? `ECS rolling update (${d.minimumHealthyPercent}–${d.maximumPercent}%): an old task stops only once a new one is healthy. No downtime.`
    : `ECS rolling update at ${d.minimumHealthyPercent}–${d.maximumPercent}%: old tasks stop before new ones start; never two versions at once, downtime on each deploy.`}

A deploy registers \`deploy/ecs/<environment>/task-definition.json\` with the pushed image's digest, points the service at it and waits (${ECS_ROLLOUT_MINUTES} min) for COMPLETED. Health: the load balancer requests \`${check.path}\`${check.source === 'port' ? ' (no health route: any HTTP answer counts)' : ''}, after ${gracePeriodSeconds(plan)} s to start.

Rollback: ECS rolls back a deployment whose tasks never become healthy${plan.answers.skip.includes('observability') ? '' : ` or during which ${watched} is in ALARM`}, and the deploy fails. By hand: \`${plan.paths.rollbackScript} ${n.cluster} ${n.service} ${prod.region}\` (the revision before the newest).

Autoscaling: ${plan.environments.map((e) => `${e.name} ${e.replicas.min}–${e.replicas.max} tasks`).join(', ')}, at 70% CPU.
`;
  return { path: `${plan.paths.docsDir}/deployment-strategy.md`, content: text, producer: 'deployment', summary: 'Deployment strategy and rollback procedure' };
}

export function observabilityDoc(plan: Plan): VirtualFile {
  const rows = alarmsOf(plan).map((a) => {
    const route = SEVERITIES.find((s) => s.severity === a.severity)!;
    return `## ${a.id}\n${route.priority} (${route.notify})${a.rollback ? ', rolls a deploy back' : ''}: ${a.summary}. ${a.runbook}\n`;
  });
  const text = `# Observability (ECS)

Metrics: Container Insights, the load balancer's metrics, a dashboard named after the cluster (\`alarms.tf\`).${plan.app.metricsPath === NO_ENDPOINT ? '' : ` Not collected yet: the app's own \`${plan.app.metricsPath}\` (nothing scrapes it on ECS).`}
Logs: stdout, in CloudWatch Logs: \`aws logs tail /ecs/${plan.environments[0]!.clusterName} --follow --region ${plan.region}\`.
Alarms notify the SNS topic of output \`page_topic_arn\` (P1, P2)${plan.features.alertRouting ? ' or \`ticket_topic_arn\` (P3, P4)' : ''}.

${rows.join('\n')}`;
  return { path: `${plan.paths.docsDir}/observability.md`, content: text, producer: 'observability', summary: 'Metrics, logs, alarm runbooks' };
}
