/** variables.tf, outputs.tf and each target's tfvars of an ECS stack (target containers). */
import type { VirtualFile } from '../../../../../core/files.js';
import type { DeployTarget, EnvironmentPlan, Plan } from '../../../../../plan/types.js';
import { attr, blank, comment } from '../../../../../render/hcl.js';
import { lbName } from '../../../../target/containers/names.js';
import { taskSize } from '../../../../target/containers/task-definition.js';
import { hclFile, logRetentionDays, output, variable } from '../shared.js';

export function ecsVariablesTf(plan: Plan): VirtualFile {
  const f = plan.features;
  return hclFile(`${plan.paths.iacDir}/variables.tf`, 'Inputs of the stack; environments/*.tfvars sets them', [
    variable('region', 'string'),
    variable('environment', 'string'),
    variable('cluster_name', 'string', 'ECS cluster name; also names the VPC, roles, log group and alarms.'),
    variable('ecr_repository_name', 'string'),
    variable('lb_name', 'string', 'Load balancer and target group name: 32 characters at most.'),
    variable('vpc_cidr', 'string', 'VPC CIDR, /20 or larger.', {
      default: '10.0.0.0/16',
      condition: 'can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) <= 20',
      error: 'Use a CIDR block of /20 or larger.',
    }),
    variable('task_cpu', 'number', 'Fargate CPU units, and MiB below: a valid pair.'),
    variable('task_memory', 'number'),
    variable('min_tasks', 'number'),
    variable('max_tasks', 'number'),
    f.hardenedInfrastructure && variable('single_nat_gateway', 'bool', 'One NAT gateway for all AZs (false: one per AZ).'),
    f.hardenedInfrastructure && variable('log_retention_days', 'number', 'Retention of the app and flow logs.'),
  ]);
}

export function ecsOutputsTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/outputs.tf`, 'Values CI and the guides read after apply', [
    output('cluster_name', 'aws_ecs_cluster.app.name'),
    output('service_name', 'aws_ecs_service.app.name'),
    output('url', '"http://${aws_lb.app.dns_name}"'),
    output('ecr_repository_url', 'aws_ecr_repository.app.repository_url'),
    output('vpc_id', 'module.vpc.vpc_id'),
    !plan.answers.skip.includes('observability') && output('page_topic_arn', 'aws_sns_topic.alarms["page"].arn'),
    !plan.answers.skip.includes('observability') && plan.features.alertRouting && output('ticket_topic_arn', 'aws_sns_topic.alarms["ticket"].arn'),
  ]);
}

export function ecsTargetFiles(plan: Plan, env: EnvironmentPlan, target: DeployTarget): VirtualFile[] {
  const dir = plan.paths.iacDir;
  const size = taskSize(env);
  return [
    hclFile(`${dir}/${target.varsPath}`, `Terraform variables of ${env.name}`, [
      attr('region', target.region),
      attr('environment', env.name),
      attr('cluster_name', target.clusterName),
      attr('ecr_repository_name', target.registryRepository),
      attr('lb_name', lbName(plan.name, env.name)),
      attr('task_cpu', size.cpu),
      attr('task_memory', size.memory),
      attr('min_tasks', env.replicas.min),
      attr('max_tasks', env.replicas.max),
      ...(plan.features.hardenedInfrastructure
        ? [
            blank(),
            comment(env.isProduction ? 'One NAT gateway per AZ: losing an AZ does not cut egress.' : 'One NAT gateway: cheaper, one AZ of egress.'),
            attr('single_nat_gateway', !env.isProduction),
            attr('log_retention_days', logRetentionDays(env)),
          ]
        : []),
    ]),
    hclFile(`${dir}/${target.backendConfigPath}`, `S3 backend settings of ${env.name}`, [
      attr('bucket', plan.stateStore),
      attr('key', target.stateKey),
      attr('region', plan.region),
      attr('encrypt', true),
      attr('use_lockfile', true),
    ]),
  ];
}
