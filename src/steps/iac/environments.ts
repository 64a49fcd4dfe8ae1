/** Per environment: the variables file and the partial S3 backend config CI passes to Terraform. */
import type { VirtualFile } from '../../core/files.js';
import type { EnvironmentPlan, Plan } from '../../plan/types.js';
import { attr } from '../../render/hcl.js';
import { hclFile, nodeSizing } from './shared.js';

export function environmentFiles(plan: Plan, env: EnvironmentPlan): VirtualFile[] {
  const dir = plan.paths.terraformDir;
  const nodes = nodeSizing(env);
  return [
    hclFile(`${dir}/${env.tfvarsPath}`, `Terraform variables of ${env.name}`, [
      attr('region', env.region),
      attr('environment', env.name),
      attr('cluster_name', env.clusterName),
      attr('ecr_repository_name', plan.image.repository),
      attr('node_instance_types', nodes.instanceTypes),
      attr('node_min_size', nodes.min),
      attr('node_max_size', nodes.max),
      attr('node_desired_size', nodes.desired),
    ]),
    // Locking is S3-native (use_lockfile); DynamoDB locking is deprecated.
    hclFile(`${dir}/${env.backendConfigPath}`, `S3 backend settings of ${env.name}`, [
      attr('bucket', plan.terraform.stateBucket),
      attr('key', env.stateKey),
      // The bucket lives where infra/bootstrap created it.
      attr('region', plan.region),
      attr('encrypt', true),
      attr('use_lockfile', true),
    ]),
  ];
}
