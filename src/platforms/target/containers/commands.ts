/**
 * The deploy of one ECS target, as shell commands every CI platform runs the same way (the
 * neutral pipeline's rollout steps, steps/cicd/deploy-jobs.ts): fill the task definition in with
 * the image just pushed (by digest) and the account, register it as a new revision, point the
 * service at it, and wait until ECS reports that deployment COMPLETED. ECS itself rolls a failed
 * deployment back (circuit breaker, and the alarms the service watches); the wait then fails, and
 * the job's failure handling runs the rollback script, which also covers a wait that ran out.
 */
import type { DeployTarget, EnvironmentCommands, EnvironmentPlan, Plan } from '../../../plan/types.js';
import { shCommand } from '../../../render/shell.js';
import { ACCOUNT_PLACEHOLDER, ECS_DIR, IMAGE_PLACEHOLDER, REGISTERED_REVISION, RENDERED_TASK_DEFINITION, ecsNames, taskDefinitionPath } from './names.js';

/** The script that waits for a deployment and checks that it is the revision just registered. */
export const WAIT_SCRIPT = `${ECS_DIR}/wait-for-deployment.sh`;

/** A rolling deployment (or a recreate) of a few tasks, each passing the load balancer's health checks. */
export const ECS_ROLLOUT_MINUTES = 15;
export const ECS_ROLLBACK_MINUTES = 15;

export function ecsCommands(plan: Plan, env: EnvironmentPlan, target: DeployTarget): Pick<EnvironmentCommands, 'connect' | 'setImage' | 'applyManifests' | 'waitForRollout' | 'rollback'> {
  const n = ecsNames(plan, target);
  const where = ['--region', target.region, '--cluster', n.cluster];
  return {
    connect: {
      description: `Check that the ECS service ${n.service} of ${n.cluster} in ${target.region} is active`,
      run: `${shCommand('aws', 'ecs', 'describe-services', ...where, '--services', n.service, '--query', 'services[0].status', '--output', 'text')} | grep -qx ACTIVE`,
    },
    setImage: {
      description: 'Fill the task definition in with the image just pushed (by digest) and the account',
      // IMAGE is REGISTRY/REPOSITORY@sha256:…: no '|' or '"', so it is safe inside the sed expression.
      run: [
        'ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"',
        // The placeholder is the app's name (a DNS label) and a token: nothing in it is special to sed or the shell.
        `sed -e "s|${ACCOUNT_PLACEHOLDER}|\${ACCOUNT_ID}|g" -e "s|${plan.image.placeholder}:${IMAGE_PLACEHOLDER}|\${IMAGE}|" ${taskDefinitionPath(target)} > ${RENDERED_TASK_DEFINITION}`,
        `grep -qF "\${IMAGE}" ${RENDERED_TASK_DEFINITION}`,
      ].join('\n'),
    },
    applyManifests: {
      description: 'Register the task definition as a new revision and point the service at it',
      run: [
        `${shCommand('aws', 'ecs', 'register-task-definition', '--region', target.region, '--cli-input-json', `file://${RENDERED_TASK_DEFINITION}`, '--tags', `key=environment,value=${env.name}`, `key=project,value=${plan.name}`, '--query', 'taskDefinition.taskDefinitionArn', '--output', 'text')} > ${REGISTERED_REVISION}`,
        `${shCommand('aws', 'ecs', 'update-service', ...where, '--service', n.service)} --task-definition "$(cat ${REGISTERED_REVISION})" --query service.serviceName --output text`,
      ].join('\n'),
    },
    waitForRollout: {
      description: 'Wait until ECS reports the new revision’s deployment COMPLETED (not rolled back)',
      run: `${shCommand('timeout', `${ECS_ROLLOUT_MINUTES}m`, WAIT_SCRIPT, n.cluster, n.service, target.region)} "$(cat ${REGISTERED_REVISION})"`,
      timeoutMinutes: ECS_ROLLOUT_MINUTES,
    },
    rollback: {
      description: 'Roll the service back to the revision that served before',
      run: shCommand(plan.paths.rollbackScript, n.cluster, n.service, target.region),
      timeoutMinutes: ECS_ROLLBACK_MINUTES,
    },
  };
}
