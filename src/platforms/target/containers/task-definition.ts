/**
 * The ECS task definition of each deploy target: the workload as a file in the repository,
 * reviewed like any other, which each deploy registers as a new revision with the image it
 * pushed (by digest) and the account id filled in. Terraform creates everything around it
 * (cluster, service, load balancer, roles, log group, secrets) from the same names (names.ts).
 *
 * No container health check: it would need a shell and curl in the image. The load balancer
 * checks the app's own endpoint (or its port), and ECS replaces a task the load balancer
 * reports unhealthy.
 */
import type { VirtualFile } from '../../../core/files.js';
import type { DeployTarget, EnvironmentPlan, Plan } from '../../../plan/types.js';
import { serviceSecrets, settings } from '../../../steps/deployment/config.js';
import { ACCOUNT_PLACEHOLDER, CONTAINER_PORT_NAME, IMAGE_PLACEHOLDER, ecsNames, taskDefinitionPath } from './names.js';

/** Fargate sizes (CPU units, MiB): a valid pair each; production has room for its traffic. */
export const taskSize = (env: Pick<EnvironmentPlan, 'isProduction'>): { cpu: number; memory: number } =>
  env.isProduction ? { cpu: 512, memory: 1024 } : { cpu: 256, memory: 512 };

/** The app's secret settings (connections and its own), each a Secrets Manager secret read by reference. */
export const secretSettings = (plan: Plan): string[] => [...new Set(serviceSecrets(plan).map((s) => s.key))];

export function taskDefinition(plan: Plan, env: EnvironmentPlan, target: DeployTarget): object {
  const n = ecsNames(plan, target);
  const role = (name: string): string => `arn:aws:iam::${ACCOUNT_PLACEHOLDER}:role/${name}`;
  const size = taskSize(env);
  return {
    family: n.family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: String(size.cpu),
    memory: String(size.memory),
    executionRoleArn: role(n.executionRole),
    taskRoleArn: role(n.taskRole),
    containerDefinitions: [
      {
        name: plan.app.containerName,
        // CI replaces it with REGISTRY/REPOSITORY@sha256:… before it registers the revision.
        image: `${plan.image.placeholder}:${IMAGE_PLACEHOLDER}`,
        essential: true,
        user: `${plan.app.uid}:${plan.app.uid}`,
        readonlyRootFilesystem: true,
        portMappings: [{ name: CONTAINER_PORT_NAME, containerPort: plan.app.port }],
        environment: Object.entries(settings(plan)).map(([name, value]) => ({ name, value })),
        // By name: ECS resolves a secret of the task's region, and the value never appears here.
        ...(secretSettings(plan).length ? { secrets: secretSettings(plan).map((name) => ({ name, valueFrom: n.secret(name) })) } : {}),
        mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': n.logGroup, 'awslogs-region': target.region, 'awslogs-stream-prefix': 'app' },
        },
      },
    ],
    // The root filesystem is read-only; /tmp is the task's own scratch space.
    volumes: [{ name: 'tmp' }],
  };
}

/** JSON for review: an object or a list on one line when it fits in 100 columns, else one entry a line. */
export function compactJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const items = Array.isArray(value) ? value.map((v) => compactJson(v, inner)) : Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${compactJson(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  const line = `${open}${items.join(', ')}${close}`;
  const text = !line.includes('\n') && indent.length + line.length <= 100 && indent ? line : `${open}\n${items.map((i) => inner + i).join(',\n')}\n${indent}${close}`;
  return indent ? text : `${text}\n`;
}

export function taskDefinitionFiles(plan: Plan): VirtualFile[] {
  return plan.environments.flatMap((env) =>
    env.targets.map((target) => ({
      path: taskDefinitionPath(target),
      content: compactJson(taskDefinition(plan, env, target)),
      producer: 'deployment' as const,
      summary: `ECS task definition of ${target.id}: CI pins the image by digest and registers it`,
    })),
  );
}
