/**
 * Per deploy target: the variables file and the partial GCS backend config CI passes to
 * Terraform. One root stack, parameterised by these files: every target has its own state (a
 * prefix of its own in the bucket; GCS locks it with an object beside it) and its own values.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { DeployTarget, EnvironmentPlan, Plan } from '../../../../plan/types.js';
import { type HclBody, attr, blank, comment } from '../../../../render/hcl.js';
import { nodeAccountId, serviceAccountEmail } from '../names.js';
import { projectOf } from '../project.js';
import { cacheInstance, dbInstance, hclFile, redis } from './shared.js';

/** The target's state: its key without the file name (GCS stores `<prefix>/default.tfstate`). */
export const statePrefix = (target: DeployTarget): string => target.stateKey.replace(/\/terraform\.tfstate$/, '');

/** What only some targets set: the variables' defaults keep the other targets' files short. */
function t3Values(plan: Plan, env: EnvironmentPlan, target: DeployTarget): HclBody {
  const body: HclBody = [];
  if (plan.features.database) {
    const db = dbInstance(env);
    // The second region sets no tier: it has no database of its own.
    if (target.primary) body.push(attr('db_tier', db.tier), attr('db_availability', db.availability));
  }
  if (redis(plan)) body.push(attr('redis_tier', cacheInstance(env).tier));
  if (plan.features.securityMonitoring && env.isProduction && target.primary) body.push(attr('enable_project_audit', true));
  return body.length ? [blank(), ...body] : [];
}

export function targetFiles(plan: Plan, env: EnvironmentPlan, target: DeployTarget): VirtualFile[] {
  const dir = plan.paths.iacDir;
  const project = projectOf(plan);
  const where = target.primary ? env.name : `${env.name} in ${target.region}`;
  return [
    hclFile(`${dir}/${target.varsPath}`, `Terraform variables of ${where}`, [
      ...(target.primary
        ? []
        : [comment('Warm standby of production, deployed after the primary region passes its gate; its own registry,'), comment('cluster and state. The database stays in the primary region: restore its latest backup here on failover.')]),
      attr('project', project),
      attr('region', target.region),
      attr('environment', env.name),
      attr('cluster_name', target.clusterName),
      attr('image', target.registryRepository),
      attr('node_service_account', serviceAccountEmail(nodeAccountId(plan.name), project)),
      ...t3Values(plan, env, target),
    ]),
    hclFile(`${dir}/${target.backendConfigPath}`, `GCS backend settings of ${where}`, [
      attr('bucket', plan.stateStore),
      attr('prefix', statePrefix(target)),
    ]),
  ];
}

export const environmentFiles = (plan: Plan, env: EnvironmentPlan): VirtualFile[] => env.targets.flatMap((target) => targetFiles(plan, env, target));
