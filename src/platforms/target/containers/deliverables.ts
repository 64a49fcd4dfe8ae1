/** What the observability and deployment steps deliver on ECS, for the completeness report. */
import type { DeliverableSpec } from '../../../completeness/deliverable.js';
import type { Plan } from '../../../plan/types.js';
import { ECS_DIR } from './names.js';

export const ecsDeliverables = {
  observability: (plan: Plan): DeliverableSpec[] => [
    { id: 'alert-rules', what: 'CloudWatch alarms with severity and runbook links', path: `${plan.paths.iacDir}/alarms.tf`, checks: [/resource "aws_cloudwatch_metric_alarm"/, /Runbook: /] },
    { id: 'dashboard', what: 'CloudWatch dashboard of the service and its load balancer', path: `${plan.paths.iacDir}/alarms.tf`, checks: [/resource "aws_cloudwatch_dashboard"/] },
    { id: 'docs', what: 'alert runbooks', path: `${plan.paths.docsDir}/observability.md`, checks: [/\S/] },
  ],
  deployment: (plan: Plan): DeliverableSpec[] => [
    ...plan.environments.map((env) => ({ id: `task-definition.${env.name}`, what: `task definition CI registers for ${env.name}`, path: `${ECS_DIR}/${env.name}/task-definition.json`, checks: [/"image"/, /"healthCheck"|"portMappings"/] })),
    { id: 'rollback', what: 'rollback script', path: plan.paths.rollbackScript, checks: [/^#!/] },
    { id: 'strategy-docs', what: 'how releases and rollbacks work', path: `${plan.paths.docsDir}/deployment-strategy.md`, checks: [/\S/] },
  ],
};
