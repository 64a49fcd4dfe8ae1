/**
 * Containers without a cluster: on AWS, ECS on Fargate behind an ALB. The workload is a task
 * definition per deploy target (task-definition.ts), registered by each deploy with the pushed
 * image (commands.ts); Terraform creates the service around it (cloud/aws/terraform/ecs);
 * CloudWatch alarms (alarms.ts) are what the deployment's rollback watches.
 *
 * Why a plain ECS service and not ECS Express Mode (aws_ecs_express_gateway_service, provider
 * 6.25): Express Mode sets the image in Terraform (a deploy would be an apply with the
 * infrastructure role) and exposes no deployment strategy, alarms or lifecycle hooks, which the
 * strategies need; it also manages its own load balancer and security groups.
 */
import type { TargetAdapter } from '../../types.js';
import { alarmsTf } from '../../cloud/aws/terraform/ecs/alarms.js';
import { ecsCommands } from './commands.js';
import { ecsDeliverables } from './deliverables.js';
import { observabilityDoc, strategyDoc } from './docs.js';
import { extractEcsDeployment } from './extract.js';
import { ECS_DIR, ecsNames } from './names.js';
import { ECS_ALARMS } from './alarms.js';
import { extractEcsObservability } from './observability.js';
import { containersProblems } from './problems.js';
import { scriptFiles } from './scripts.js';
import { ECS_STRATEGIES, healthCheck } from './service.js';
import { secretSettings, taskDefinitionFiles } from './task-definition.js';
import type { Strategy } from '../../../config/answers.js';

export const containers: TargetAdapter = {
  id: 'containers',
  title: 'Containers (ECS on Fargate)',
  knownPaths: ['deploy/rollback.sh', 'infra/terraform/{alarms|ecs}.tf', `${ECS_DIR}/{label}/task-definition.json`, `${ECS_DIR}/wait-for-deployment.sh`],
  guide: {
    tools: () => [],
    prerequisites: () => [],
  },
  nouns: { runtime: 'ECS service' },
  check: (target, plan) => {
    const n = ecsNames(plan, target);
    return `\`aws ecs describe-services --cluster ${n.cluster} --services ${n.service} --region ${target.region} --query 'services[0].status'\` prints \`"ACTIVE"\``;
  },
  guideContext: (plan) => {
    const check = healthCheck(plan);
    return {
      health: `the load balancer requests \`${check.path}\` on port ${plan.app.port}${check.source === 'port' ? ' (no health route: any HTTP answer counts)' : ''}; a deployment completes once new tasks pass it, and ECS replaces a task that fails it.`,
      alarms: `CloudWatch alarms (\`${plan.paths.iacDir}/alarms.tf\`, runbooks in observability.md) read the load balancer's and ECS's metrics; a deployment rolls back while \`${ECS_ALARMS.filter((a) => a.rollback).map((a) => a.id).join('`, `')}\` is in ALARM. The app's own metrics are not collected on ECS.`,
      secrets: secretSettings(plan),
      checkPath: check.source === 'port' ? '/' : check.path,
    };
  },
  strategies: Object.keys(ECS_STRATEGIES) as Strategy[],
  problems: containersProblems,
  // No cluster: no kustomize overlays, Argo Rollouts, in-cluster collector or Prometheus rules; nothing scrapes the
  // app's own metrics (observability.md says so): alarms and dashboards read the platform's.
  features: (f) => ({ ...f, appMetrics: false, overlays: false, privateApi: false, tracing: false, slo: false, progressiveDelivery: 'none', anomalyDetection: false }),
  commands: ecsCommands,
  workload: (plan) => [...taskDefinitionFiles(plan), ...scriptFiles(plan), strategyDoc(plan)],
  extractDeployment: extractEcsDeployment,
  // The alarms are Terraform (applied with the service), written by the observability step.
  observability: (plan) => [alarmsTf(plan), observabilityDoc(plan)],
  extractObservability: extractEcsObservability,
  deliverables: ecsDeliverables,
};
