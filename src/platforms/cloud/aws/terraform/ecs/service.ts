/**
 * ecs.tf (target containers): an ECS cluster with Container Insights, the service on Fargate in
 * the private subnets (the VPC's NAT gateway reaches ECR, Secrets Manager and CloudWatch Logs)
 * behind an internet-facing ALB, the two roles a task needs (execution: pull, logs, secrets;
 * task: the app's own calls, none yet), the app's secrets (created empty: values are never in a
 * file), and CPU target-tracking autoscaling.
 *
 * The task definition the service starts with is the first revision of the family only: every
 * deploy registers deploy/ecs/<target>/task-definition.json with the pushed image, so Terraform
 * ignores which revision the service runs (and its task count, which autoscaling owns). Until the
 * first deploy, the service's tasks cannot pull an image (none is pushed yet): the first deploy
 * replaces them.
 */
import type { VirtualFile } from '../../../../../core/files.js';
import type { Plan } from '../../../../../plan/types.js';
import { type HclBody, attr, blank, block, call, comment, expr } from '../../../../../render/hcl.js';
import { ECS_STRATEGIES, gracePeriodSeconds, healthCheck } from '../../../../target/containers/service.js';
import { secretSettings } from '../../../../target/containers/task-definition.js';
import { ECS_ALARMS } from '../../../../target/containers/alarms.js';
import { boundary, hclFile } from '../shared.js';
import { alarmReference } from './alarms.js';

const TRUST_ECS_TASKS = expr('local.ecs_tasks_trust');
const TRUST = call('jsonencode', {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function roles(plan: Plan): HclBody {
  const secrets = secretSettings(plan);
  return [
    block('locals', [], [attr('ecs_tasks_trust', TRUST)]),
    block('resource', ['aws_iam_role', 'execution'], [
      comment('What ECS uses to start a task: pull the image, write its logs, read its secrets.'),
      attr('name', expr('"${var.cluster_name}-execution"')),
      attr('assume_role_policy', TRUST_ECS_TASKS),
      boundary(plan, 'permissions_boundary'),
    ]),
    block('resource', ['aws_iam_role_policy_attachment', 'execution'], [
      attr('role', expr('aws_iam_role.execution.name')),
      attr('policy_arn', 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'),
    ]),
    secrets.length > 0 &&
      block('resource', ['aws_iam_role_policy', 'execution_secrets'], [
        attr('name', expr('"${var.cluster_name}-secrets"')),
        attr('role', expr('aws_iam_role.execution.name')),
        attr('policy', call('jsonencode', {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: expr('[for s in aws_secretsmanager_secret.app : s.arn]') }],
        })),
      ]),
    block('resource', ['aws_iam_role', 'task'], [
      comment("The app's own calls: none until you attach a policy."),
      attr('name', expr('"${var.cluster_name}-task"')),
      attr('assume_role_policy', TRUST_ECS_TASKS),
      boundary(plan, 'permissions_boundary'),
    ]),
    secrets.length > 0 &&
      block('resource', ['aws_secretsmanager_secret', 'app'], [
        comment('Created empty; put each value with `aws secretsmanager put-secret-value` (setup guide).'),
        attr('for_each', call('toset', secrets)),
        attr('name', expr(`"${plan.name}/\${var.environment}/\${each.key}"`)),
      ]),
  ];
}

function network(plan: Plan): HclBody {
  return [
    block('resource', ['aws_security_group', 'alb'], [
      attr('name', expr('"${var.cluster_name}-alb"')),
      attr('vpc_id', expr('module.vpc.vpc_id')),
    ]),
    block('resource', ['aws_vpc_security_group_ingress_rule', 'alb_http'], [
      attr('security_group_id', expr('aws_security_group.alb.id')),
      attr('cidr_ipv4', '0.0.0.0/0'),
      attr('ip_protocol', 'tcp'),
      attr('from_port', 80),
      attr('to_port', 80),
    ]),
    block('resource', ['aws_vpc_security_group_egress_rule', 'alb_to_tasks'], [
      attr('security_group_id', expr('aws_security_group.alb.id')),
      attr('referenced_security_group_id', expr('aws_security_group.tasks.id')),
      attr('ip_protocol', 'tcp'),
      attr('from_port', plan.app.port),
      attr('to_port', plan.app.port),
    ]),
    block('resource', ['aws_security_group', 'tasks'], [
      attr('name', expr('"${var.cluster_name}-tasks"')),
      attr('vpc_id', expr('module.vpc.vpc_id')),
    ]),
    block('resource', ['aws_vpc_security_group_ingress_rule', 'tasks_from_alb'], [
      attr('security_group_id', expr('aws_security_group.tasks.id')),
      attr('referenced_security_group_id', expr('aws_security_group.alb.id')),
      attr('ip_protocol', 'tcp'),
      attr('from_port', plan.app.port),
      attr('to_port', plan.app.port),
    ]),
    block('resource', ['aws_vpc_security_group_egress_rule', 'tasks_out'], [
      comment('ECR, Secrets Manager, logs and backing services, through the NAT gateway.'),
      attr('security_group_id', expr('aws_security_group.tasks.id')),
      attr('cidr_ipv4', '0.0.0.0/0'),
      attr('ip_protocol', '-1'),
    ]),
  ];
}

function loadBalancer(plan: Plan): HclBody {
  const check = healthCheck(plan);
  return [
    block('resource', ['aws_lb', 'app'], [
      attr('name', expr('var.lb_name')),
      attr('load_balancer_type', 'application'),
      attr('internal', false),
      attr('subnets', expr('module.vpc.public_subnets')),
      attr('security_groups', [expr('aws_security_group.alb.id')]),
      attr('drop_invalid_header_fields', true),
    ]),
    block('resource', ['aws_lb_target_group', 'app'], [
      attr('name', expr('var.lb_name')),
      attr('port', plan.app.port),
      attr('protocol', 'HTTP'),
      attr('target_type', 'ip'),
      attr('vpc_id', expr('module.vpc.vpc_id')),
      attr('deregistration_delay', 30),
      blank(),
      block('health_check', [], [
        comment(check.source === 'port' ? 'The app serves no health route: any HTTP answer on / proves the port serves.' : `The app's ${check.source} endpoint (devops-stack.yaml app.${check.source === 'readiness' ? 'readinessPath' : 'healthPath'}).`),
        attr('path', check.path),
        attr('matcher', check.matcher),
        attr('interval', 15),
        attr('healthy_threshold', 2),
      ]),
    ]),
    block('resource', ['aws_lb_listener', 'http'], [
      comment('HTTP only: add an HTTPS listener with an ACM certificate for a domain.'),
      attr('load_balancer_arn', expr('aws_lb.app.arn')),
      attr('port', 80),
      attr('protocol', 'HTTP'),
      block('default_action', [], [attr('type', 'forward'), attr('target_group_arn', expr('aws_lb_target_group.app.arn'))]),
    ]),
  ];
}

function service(plan: Plan): HclBody {
  const deployment = ECS_STRATEGIES[plan.strategy] ?? ECS_STRATEGIES.rolling!;
  const watched = ECS_ALARMS.filter((a) => a.rollback).map((a) => expr(alarmReference(a)));
  return [
    block('resource', ['aws_ecs_cluster', 'app'], [
      attr('name', expr('var.cluster_name')),
      block('setting', [], [attr('name', 'containerInsights'), attr('value', 'enhanced')]),
    ]),
    block('resource', ['aws_cloudwatch_log_group', 'app'], [
      attr('name', expr('"/ecs/${var.cluster_name}"')),
      attr('retention_in_days', plan.features.hardenedInfrastructure ? expr('var.log_retention_days') : 30),
    ]),
    block('resource', ['aws_ecs_task_definition', 'initial'], [
      comment('Revision 1 only: each deploy registers deploy/ecs/<target>/task-definition.json.'),
      attr('family', expr('var.cluster_name')),
      attr('requires_compatibilities', ['FARGATE']),
      attr('network_mode', 'awsvpc'),
      attr('cpu', expr('var.task_cpu')),
      attr('memory', expr('var.task_memory')),
      attr('execution_role_arn', expr('aws_iam_role.execution.arn')),
      attr('task_role_arn', expr('aws_iam_role.task.arn')),
      attr('container_definitions', call('jsonencode', [{
        name: plan.app.containerName,
        image: expr('"${aws_ecr_repository.app.repository_url}:initial"'),
        essential: true,
        portMappings: [{ containerPort: plan.app.port }],
      }])),
    ]),
    block('resource', ['aws_ecs_service', 'app'], [
      attr('name', plan.name),
      attr('cluster', expr('aws_ecs_cluster.app.id')),
      attr('task_definition', expr('aws_ecs_task_definition.initial.arn')),
      attr('desired_count', expr('var.min_tasks')),
      attr('launch_type', 'FARGATE'),
      attr('health_check_grace_period_seconds', gracePeriodSeconds(plan)),
      blank(),
      block('network_configuration', [], [
        attr('subnets', expr('module.vpc.private_subnets')),
        attr('security_groups', [expr('aws_security_group.tasks.id')]),
        attr('assign_public_ip', false),
      ]),
      block('load_balancer', [], [
        attr('target_group_arn', expr('aws_lb_target_group.app.arn')),
        attr('container_name', plan.app.containerName),
        attr('container_port', plan.app.port),
      ]),
      blank(),
      attr('deployment_minimum_healthy_percent', deployment.minimumHealthyPercent),
      attr('deployment_maximum_percent', deployment.maximumPercent),
      block('deployment_configuration', [], [attr('strategy', deployment.strategy)]),
      comment('ECS rolls back a deployment whose tasks never become healthy, or that sets off a watched alarm.'),
      block('deployment_circuit_breaker', [], [attr('enable', true), attr('rollback', true)]),
      !plan.answers.skip.includes('observability') && block('alarms', [], [attr('alarm_names', watched), attr('enable', true), attr('rollback', true)]),
      blank(),
      block('lifecycle', [], [
        attr('ignore_changes', [expr('task_definition'), expr('desired_count')]),
      ]),
      attr('depends_on', [expr('aws_lb_listener.http')]),
    ]),
    block('resource', ['aws_appautoscaling_target', 'app'], [
      attr('service_namespace', 'ecs'),
      attr('resource_id', expr(`"service/\${aws_ecs_cluster.app.name}/\${aws_ecs_service.app.name}"`)),
      attr('scalable_dimension', 'ecs:service:DesiredCount'),
      attr('min_capacity', expr('var.min_tasks')),
      attr('max_capacity', expr('var.max_tasks')),
    ]),
    block('resource', ['aws_appautoscaling_policy', 'cpu'], [
      attr('name', expr('"${var.cluster_name}-cpu"')),
      attr('policy_type', 'TargetTrackingScaling'),
      attr('service_namespace', expr('aws_appautoscaling_target.app.service_namespace')),
      attr('resource_id', expr('aws_appautoscaling_target.app.resource_id')),
      attr('scalable_dimension', expr('aws_appautoscaling_target.app.scalable_dimension')),
      block('target_tracking_scaling_policy_configuration', [], [
        attr('target_value', 70),
        block('predefined_metric_specification', [], [attr('predefined_metric_type', 'ECSServiceAverageCPUUtilization')]),
      ]),
    ]),
  ];
}

export function ecsTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/ecs.tf`, 'ECS on Fargate: cluster, service behind an ALB, task roles, secrets, autoscaling', [
    ...service(plan),
    ...loadBalancer(plan),
    ...network(plan),
    ...roles(plan),
  ]);
}
