/**
 * What the Google Cloud Terraform files share: the provider pin, the address plan, sizes per
 * environment, and the roles each identity gets.
 *
 * Provider: hashicorp/google ~> 8.3, and no Cloud Foundation Toolkit module. The network,
 * cloud-nat and sql-db modules still require google < 8, and 7.x gets no more releases; the
 * kubernetes-engine v46 modules accept 8, but they are 1:1 wrappers of google_container_cluster
 * that take its blocks as object inputs, where Terraform drops a misspelt attribute silently (a
 * lost enable_private_nodes would make the nodes public), while the provider schema checks every
 * argument of the resource; they also need google-beta beside google, and default
 * deletion_protection to false. So: plain resources, one provider, every argument checked.
 */
import type { EnvironmentPlan, Plan } from '../../../../plan/types.js';

export { hclFile, output, variable } from '../../../iac/terraform/files.js';

export const VERSIONS = { terraform: '>= 1.10', google: '~> 8.3' } as const;

/**
 * Every environment has a VPC of its own, so each uses the same ranges: nodes, pods and
 * services in one subnet, and a range for private services (Cloud SQL, Memorystore). The
 * NetworkPolicies read them (the cloud adapter's kubernetes data): change both together.
 */
export const CIDRS = {
  nodes: '10.0.0.0/20',
  pods: '10.4.0.0/14',
  services: '10.8.0.0/20',
  privateServices: '10.10.0.0/16',
} as const;

/** Where Google's external Application Load Balancers and their health checks reach backends from. */
export const GOOGLE_FRONT_ENDS = ['130.211.0.0/22', '35.191.0.0/16'];

/** Images Artifact Registry keeps per repository; older ones are deleted. */
export const KEEP_IMAGES = 30;

/** Every API the stack uses, enabled once per project by the bootstrap (the deploy identities cannot). */
export function services(plan: Plan): string[] {
  const f = plan.features;
  return [
    'artifactregistry', 'compute', 'container', 'iam', 'iamcredentials', 'logging', 'monitoring', 'storage', 'sts',
    ...(f.securityGates ? ['containerscanning'] : []),
    ...(f.database || redis(plan) ? ['servicenetworking'] : []),
    ...(f.database ? ['sqladmin'] : []),
    ...(redis(plan) ? ['redis'] : []),
  ].map((s) => `${s}.googleapis.com`);
}

/** Memorystore at T3 when the app uses Redis, like the managed database. */
export const redis = (plan: Plan): boolean => plan.tier === 'T3' && plan.backingServices.includes('redis');

/** Private services access (a peering range for Cloud SQL and Memorystore). */
export const privateServices = (plan: Plan): boolean => plan.features.database || redis(plan);

/** With a database, production runs highly available on a dedicated-core tier. */
export const dbInstance = (env: EnvironmentPlan): { tier: string; availability: string } =>
  env.isProduction ? { tier: 'db-custom-2-7680', availability: 'REGIONAL' } : { tier: 'db-custom-1-3840', availability: 'ZONAL' };

/** Memorystore: a replica in production, one node elsewhere. */
export const cacheInstance = (env: EnvironmentPlan): { tier: string } => ({ tier: env.isProduction ? 'STANDARD_HA' : 'BASIC' });
