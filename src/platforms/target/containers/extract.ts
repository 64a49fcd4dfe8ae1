/**
 * The deployment facts of an ECS stack, read back from its task definitions: the neutral
 * workload (image, port, environment) the rules compare with CI and the app, and the load
 * balancer's health check (read from Terraform's target group) as the readiness probe.
 */
import type { FileTree } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import type { DeploymentFacts, ProbeFact } from '../../../steps/facts.js';
import { ECS_DIR, taskDefinitionPath } from './names.js';
import { commandMinutes } from '../../../plan/timeouts.js';

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(obj) : []);

function parse(content: string | undefined): Record<string, unknown> | undefined {
  if (content === undefined) return undefined;
  try {
    return obj(JSON.parse(content));
  } catch {
    return undefined;
  }
}

/** The target group's health check path in Terraform (ecs.tf), as the load balancer checks it. */
function healthProbe(tree: FileTree, plan: Plan, port: number): ProbeFact[] {
  const tf = tree.get(`${plan.paths.iacDir}/ecs.tf`)?.content ?? '';
  const check = /health_check\s*\{[^}]*\}/s.exec(tf)?.[0] ?? '';
  const path = /\bpath\s*=\s*"([^"]*)"/.exec(check)?.[1];
  // A check that takes any answer up to 4xx (the app serves no health route) proves only that the port serves.
  const anyAnswer = /\bmatcher\s*=\s*"200-4\d\d"/.test(check);
  if (path === undefined) return [];
  return [anyAnswer ? { kind: 'readiness', handler: 'tcp', path: '', port } : { kind: 'readiness', handler: 'http', path, port }];
}

export function extractEcsDeployment(tree: FileTree, plan: Plan): DeploymentFacts {
  const environments = plan.environments.flatMap((env) =>
    env.targets.filter((t) => tree.has(taskDefinitionPath(t))).map((t) => ({ environment: env.name, kustomizeDir: taskDefinitionPath(t).replace(/\/task-definition\.json$/, ''), file: taskDefinitionPath(t) })),
  );
  const first = environments[0];
  const definition = parse(first && tree.get(first.file)?.content);
  const container = definition && (list(definition['containerDefinitions']).find((c) => c['name'] === plan.app.containerName) ?? list(definition['containerDefinitions'])[0]);
  const port = Number(list(container?.['portMappings'])[0]?.['containerPort'] ?? 0);
  const rollback = tree.get(plan.paths.rollbackScript);
  return {
    workload:
      first && container
        ? {
            file: first.file,
            kind: 'EcsTaskDefinition',
            name: String(definition?.['family'] ?? ''),
            namespace: '',
            image: String(container['image'] ?? ''),
            containerPortName: String(list(container['portMappings'])[0]?.['name'] ?? ''),
            containerPort: port,
            probes: healthProbe(tree, plan, port),
            env: Object.fromEntries(list(container['environment']).map((e) => [String(e['name']), String(e['value'])])),
            podLabels: {},
          }
        : null,
    ingress: null,
    networkPolicies: [],
    service: null,
    kustomizeDir: first?.kustomizeDir ?? ECS_DIR,
    environments,
    metricsQueried: [],
    migrationJob: null,
    imageCommands: container ? [{ file: first!.file, kind: 'EcsTaskDefinition', name: String(container['name'] ?? ''), command: Array.isArray(container['command']) ? container['command'].map(String) : [] }] : [],
    rollback: rollback ? { file: plan.paths.rollbackScript, timeoutMinutes: commandMinutes(rollback.content) } : null,
  };
}
