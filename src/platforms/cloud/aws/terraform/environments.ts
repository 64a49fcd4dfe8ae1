/**
 * Per deploy target (an environment's primary region, and production's second region at T3):
 * the variables file and the partial S3 backend config CI passes to Terraform. One root stack,
 * parameterised by these files, so every target has its own state key and values.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { DeployTarget, EnvironmentPlan, Plan } from '../../../../plan/types.js';
import { environmentHost } from '../../../../plan/hosts.js';
import { type HclBody, attr, blank, comment } from '../../../../render/hcl.js';
import { dbInstance, hclFile, logRetentionDays, nodeSizing, privateApi } from './shared.js';

function hardening(plan: Plan, env: EnvironmentPlan): HclBody {
  if (!plan.features.hardenedInfrastructure) return [];
  return [
    blank(),
    comment(env.isProduction ? 'One NAT gateway per AZ: losing an AZ does not cut egress.' : 'One NAT gateway: cheaper, one AZ of egress.'),
    attr('single_nat_gateway', !env.isProduction),
    attr('log_retention_days', logRetentionDays(env)),
    ...(privateApi(plan)
      ? []
      : [
          comment('GitHub-hosted runners have no fixed addresses, so the public API stays open to them (IAM still'),
          comment('authenticates every call). Narrow this to static runner or VPN egress CIDRs when you have them.'),
          attr('endpoint_public_access_cidrs', ['0.0.0.0/0']),
        ]),
  ];
}

/** What only some targets set: the variables' defaults keep the other targets' files short. */
function t3Values(plan: Plan, env: EnvironmentPlan, target: DeployTarget): HclBody {
  const primaryProduction = env.isProduction && target.primary;
  const body: HclBody = [];
  if (primaryProduction && plan.features.multiRegion) {
    body.push(attr('ecr_replication_regions', plan.regions.filter((r) => r !== target.region)));
  }
  if (primaryProduction && plan.features.securityMonitoring) body.push(attr('enable_account_audit', true));
  if (plan.features.database) {
    const db = dbInstance(env);
    body.push(
      ...(target.primary
        ? [attr('db_instance_class', db.instanceClass), attr('db_multi_az', db.multiAz)]
        : [attr('db_backup_source_region', plan.region), attr('db_backup_source_instance', env.targets[0]!.clusterName)]),
    );
  }
  return body.length ? [blank(), ...body] : [];
}

/** What the second region shares with the primary, and what it does not. */
const secondRegionNote = (plan: Plan): HclBody => [
  comment('Warm standby of production, deployed after the primary region passes its gate.'),
  comment(`Replicated from the primary: images (ECR replication)${plan.features.database ? '; database backups (restore here on failover)' : ''}.`),
  comment('Not replicated: Terraform state (own key, in the primary region\'s bucket; replicate that bucket'),
  comment('to deploy here while the primary region is down) and cluster objects (CI applies them per region).'),
];

export function targetFiles(plan: Plan, env: EnvironmentPlan, target: DeployTarget): VirtualFile[] {
  const dir = plan.paths.iacDir;
  const nodes = nodeSizing(env);
  const where = target.primary ? env.name : `${env.name} in ${target.region}`;
  return [
    hclFile(`${dir}/${target.varsPath}`, `Terraform variables of ${where}`, [
      ...(target.primary ? [] : secondRegionNote(plan)),
      attr('region', target.region),
      attr('environment', env.name),
      attr('cluster_name', target.clusterName),
      attr('ecr_repository_name', target.registryRepository),
      attr('deploy_role_name', env.deployIdentity),
      ...(plan.answers.domain ? [attr('app_host', environmentHost(plan, env))] : []),
      ...(plan.answers.clusterAdmins.length ? [attr('cluster_admin_arns', plan.answers.clusterAdmins)] : []),
      attr('node_instance_types', nodes.instanceTypes),
      attr('node_min_size', nodes.min),
      attr('node_max_size', nodes.max),
      attr('node_desired_size', nodes.desired),
      ...hardening(plan, env),
      ...t3Values(plan, env, target),
    ]),
    // Locking is S3-native (use_lockfile); DynamoDB locking is deprecated.
    hclFile(`${dir}/${target.backendConfigPath}`, `S3 backend settings of ${where}`, [
      attr('bucket', plan.stateStore),
      attr('key', target.stateKey),
      // The bucket lives where infra/bootstrap created it (the primary region), for every target.
      attr('region', plan.region),
      attr('encrypt', true),
      attr('use_lockfile', true),
    ]),
  ];
}

export const environmentFiles = (plan: Plan, env: EnvironmentPlan): VirtualFile[] =>
  env.targets.flatMap((target) => targetFiles(plan, env, target));
