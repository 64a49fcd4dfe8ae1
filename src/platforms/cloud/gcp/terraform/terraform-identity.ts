/**
 * Terraform's identity per environment (T2+, Features.infrastructureInCi), confined to that
 * environment as far as Google IAM allows. Each role whose service reads resource names in IAM
 * Conditions (GKE, Compute Engine, Cloud SQL) is granted on the project with a condition per
 * resource type it administers: a resource of that type must carry one of the environment's
 * target names (its cluster, VPC, subnet, router, Cloud SQL instance); other types pass, so
 * calls on the project, locations and operations still work, and creating a resource of its own
 * passes whichever resource IAM checks the create on. Artifact Registry reads no resource
 * attributes, so the bootstrap creates the repositories and Terraform holds no registry role.
 * Project-wide stay: Service Networking (one peering per VPC, T3), Memorystore, and the T3
 * logging metrics and alert policies (their services read no resource names); the setup guide
 * says so. identity-facts.ts reads the conditions back for identities-stay-in-environment.
 */
import type { DeployTarget, EnvironmentPlan, Plan } from '../../../../plan/types.js';
import { type HclObject, attr, block, comment, expr } from '../../../../render/hcl.js';
import { projectOf } from '../project.js';
import { privateServices, redis } from './shared.js';

/** A resource type Terraform creates per target, and its name as IAM Conditions see it. */
interface Owned {
  type: string;
  name: (project: string, target: DeployTarget) => string;
  only?: (target: DeployTarget) => boolean;
}

const CLUSTER: Owned = { type: 'container.googleapis.com/Cluster', name: (p, t) => `projects/${p}/locations/${t.region}/clusters/${t.clusterName}` };
const NETWORK: Owned[] = [
  { type: 'compute.googleapis.com/Network', name: (p, t) => `projects/${p}/global/networks/${t.clusterName}` },
  { type: 'compute.googleapis.com/Subnetwork', name: (p, t) => `projects/${p}/regions/${t.region}/subnetworks/${t.clusterName}` },
  { type: 'compute.googleapis.com/Router', name: (p, t) => `projects/${p}/regions/${t.region}/routers/${t.clusterName}` },
];
const SERVICES_RANGE: Owned = { type: 'compute.googleapis.com/GlobalAddress', name: (p, t) => `projects/${p}/global/addresses/${t.clusterName}-services` };
// The second region restores backups on failover: only the primary target has an instance.
const DATABASE: Owned = { type: 'sqladmin.googleapis.com/Instance', name: (p, t) => `projects/${p}/instances/${t.clusterName}`, only: (t) => t.primary };

/** The roles IAM Conditions can confine, with the resource types each administers. */
function confinedRoles(plan: Plan): Record<string, Owned[]> {
  return {
    'roles/container.admin': [CLUSTER],
    'roles/compute.networkAdmin': [...NETWORK, ...(privateServices(plan) ? [SERVICES_RANGE] : [])],
    ...(plan.features.database ? { 'roles/cloudsql.admin': [DATABASE] } : {}),
  };
}

/** Roles whose services read no resource names in conditions: project-wide, and said so in the guide. */
export function projectWideRoles(plan: Plan): string[] {
  return [
    ...(privateServices(plan) ? ['roles/servicenetworking.networksAdmin'] : []),
    ...(redis(plan) ? ['roles/redis.admin'] : []),
    ...(plan.features.securityMonitoring ? ['roles/logging.configWriter', 'roles/monitoring.alertPolicyEditor'] : []),
  ];
}

const SERVICE_OF: Record<string, string> = {
  'roles/servicenetworking.networksAdmin': 'Service Networking',
  'roles/redis.admin': 'Memorystore',
  'roles/logging.configWriter': 'log metrics',
  'roles/monitoring.alertPolicyEditor': 'alert policies',
};
export const projectWideServices = (plan: Plan): string => projectWideRoles(plan).map((r) => SERVICE_OF[r] ?? r).join(', ');

/** `(resource.type != "T" || resource.name == "a" || ...) && (...)`: one clause per type, every target's name. */
function condition(project: string, env: EnvironmentPlan, owned: Owned[]): string {
  return owned
    .map((o) => {
      const names = env.targets.filter((t) => o.only?.(t) ?? true).map((t) => `resource.name == "${o.name(project, t)}"`);
      return `(${[`resource.type != "${o.type}"`, ...names].join(' || ')})`;
    })
    .join(' && ');
}

/** Per environment, each confinable role with its condition (locals.terraform_roles). */
export function terraformRoles(plan: Plan): HclObject {
  const project = projectOf(plan);
  const roles = Object.entries(confinedRoles(plan));
  return Object.fromEntries(plan.environments.map((env) => [env.name, Object.fromEntries(roles.map(([role, owned]) => [role, condition(project, env, owned)]))]));
}

const account = 'google_service_account.ci[each.value.account].member';

/** Terraform's identity (T2+): its confined roles, the project-wide rest, the nodes' identity to hand out, its own state. */
export function terraformGrants(plan: Plan, project: string) {
  const wide = projectWideRoles(plan);
  return [
    block('locals', [], [
      comment("Per environment: each role on the project, confined to the environment's own resources of the types it administers."),
      attr('terraform_roles', terraformRoles(plan)),
    ]),
    block('resource', ['google_project_iam_member', 'terraform'], [
      attr('for_each', expr('merge([for key, sa in local.service_accounts : { for role, condition in local.terraform_roles[sa.environment] : "${key} ${role}" => { account = key, role = role, condition = condition } } if sa.state != ""]...)')),
      attr('project', project),
      attr('role', expr('each.value.role')),
      attr('member', expr(account)),
      block('condition', [], [attr('title', 'own-resources'), attr('expression', expr('each.value.condition'))]),
    ]),
    wide.length > 0 &&
      block('resource', ['google_project_iam_member', 'terraform_project_wide'], [
        comment('These services read no resource names in IAM Conditions: project-wide (setup guide).'),
        attr('for_each', expr(`merge([for key, sa in local.service_accounts : { for role in ${JSON.stringify(wide).replaceAll(',', ', ')} : "\${key} \${role}" => { account = key, role = role } } if sa.state != ""]...)`)),
        attr('project', project),
        attr('role', expr('each.value.role')),
        attr('member', expr(account)),
      ]),
    block('resource', ['google_service_account_iam_member', 'terraform_uses_nodes'], [
      comment('Terraform gives the nodes their identity.'),
      attr('for_each', expr('{ for key, sa in local.service_accounts : key => { account = key } if sa.state != "" }')),
      attr('service_account_id', expr('google_service_account.nodes.name')),
      attr('role', 'roles/iam.serviceAccountUser'),
      attr('member', expr(account)),
    ]),
    block('resource', ['google_storage_bucket_iam_member', 'state'], [
      attr('for_each', expr('{ for key, sa in local.service_accounts : key => merge(sa, { account = key }) if sa.state != "" }')),
      attr('bucket', expr('google_storage_bucket.state.name')),
      attr('role', 'roles/storage.objectUser'),
      attr('member', expr(account)),
      block('condition', [], [
        attr('title', 'own-state'),
        attr('expression', expr('"resource.type == \\"storage.googleapis.com/Bucket\\" || resource.name.startsWith(\\"projects/_/buckets/${google_storage_bucket.state.name}/objects/${each.value.state}\\")"')),
      ]),
    ]),
  ];
}
