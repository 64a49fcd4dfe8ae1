/**
 * The names an ECS target's files share: the Terraform that creates the service (cloud/aws/terraform/ecs),
 * the task definition the deploy registers, the deploy commands and the deploy role's policy. One
 * place, so that a name cannot drift between the file that creates it and the one that uses it.
 */
import type { DeployTarget, Plan } from '../../../plan/types.js';

/** Where the workload lives: one task definition per deploy target. */
export const ECS_DIR = 'deploy/ecs';

export const taskDefinitionPath = (target: Pick<DeployTarget, 'id'>): string => `${ECS_DIR}/${target.id}/task-definition.json`;

/** The container's port name: the load balancer and the task definition's port mapping agree on it. */
export const CONTAINER_PORT_NAME = 'http';

/** What the deploy replaces, after the image's name, with the image it pushed (REGISTRY/REPOSITORY@DIGEST). */
export const IMAGE_PLACEHOLDER = '@IMAGE@';

/** The account id the deploy substitutes into the task definition (IAM role ARNs need it). */
export const ACCOUNT_PLACEHOLDER = '@ACCOUNT_ID@';

/** Files the deploy job writes in its workspace: the filled-in task definition and the revision it registered. */
export const RENDERED_TASK_DEFINITION = 'task-definition.rendered.json';
export const REGISTERED_REVISION = 'task-definition.arn';

/** Per target: the cluster (the target's clusterName), the service, the task family, the roles and the log group. */
export function ecsNames(plan: Pick<Plan, 'name'>, target: Pick<DeployTarget, 'clusterName' | 'environment'>) {
  const cluster = target.clusterName;
  return {
    cluster,
    service: plan.name,
    family: cluster,
    /** What ECS needs to start the task: pull the image, write its logs, read its secrets. */
    executionRole: `${cluster}-execution`,
    /** What the app itself may call (nothing, until you grant it). */
    taskRole: `${cluster}-task`,
    logGroup: `/ecs/${cluster}`,
    /** Load balancer and target group names: at most 32 characters, never ending in '-'. */
    loadBalancer: lbName(plan.name, target.environment),
    /** Secrets Manager names of the app's secret settings, by setting: `<app>/<env>/<SETTING>`. */
    secret: (setting: string): string => `${plan.name}/${target.environment}/${setting}`,
    secretPrefix: `${plan.name}/${target.environment}/`,
  };
}

/** `<app>-<env>` cut to the 32 characters load balancers and target groups allow, the environment kept whole. */
export function lbName(app: string, environment: string): string {
  const room = 32 - environment.length - 1;
  return `${app.slice(0, room).replace(/-+$/, '')}-${environment}`;
}
