/**
 * What the IaC files share: the per-environment node
 * sizing (tfvars), and small helpers that keep every file in the same shape.
 */
import type { EnvironmentPlan, Plan } from '../../../../plan/types.js';
import { type HclValue, attr, expr } from '../../../../render/hcl.js';

export { hclFile, output, variable } from '../../../iac/terraform/files.js';

/** Images the ECR lifecycle policy keeps; older ones expire. */
export const KEEP_IMAGES = 30;

/** The audience AWS STS expects in a web identity token. */
export const OIDC_AUDIENCE = 'sts.amazonaws.com';

/** The bootstrap's OIDC provider resource, named after the CI platform whose tokens it trusts (github, gitlab). */
export const oidcProviderName = (plan: Pick<Plan, 'answers'>): string => plan.answers.ci.split('-')[0]!;

/** Root stacks pin providers to a major line; modules to a major version (their inputs change across majors). */
export const VERSIONS = {
  terraform: '>= 1.10',
  awsProvider: '~> 6.25',
  vpcModule: '~> 6.0',
  eksModule: '~> 21.0',
  podIdentityModule: '~> 2.7',
} as const;

export interface NodeSizing {
  instanceTypes: string[];
  min: number;
  max: number;
  desired: number;
}

/**
 * Two nodes at least, so that the app's two replicas land on different nodes;
 * production gets non-burstable instances and room for the HPA to grow.
 */
export function nodeSizing(env: EnvironmentPlan): NodeSizing {
  return env.isProduction
    ? { instanceTypes: ['m6i.large'], min: 2, max: 5, desired: 2 }
    : { instanceTypes: ['t3.large'], min: 2, max: 3, desired: 2 };
}

/** Log retention in days: production keeps a year for incident review; others a month. */
export const logRetentionDays = (env: EnvironmentPlan): number => (env.isProduction ? 365 : 30);

/** With a database, production runs Multi-AZ on a non-burstable class (Performance Insights needs medium or larger). */
export const dbInstance = (env: EnvironmentPlan): { instanceClass: string; multiAz: boolean } =>
  env.isProduction ? { instanceClass: 'db.m7g.large', multiAz: true } : { instanceClass: 'db.t4g.medium', multiAz: false };

/**
 * The API endpoint is private when no deploy job runs on a hosted runner: every target then
 * deploys from self-hosted runners inside its VPC (at T3).
 */
export const privateApi = (plan: Plan): boolean => plan.environments.every((env) => env.targets.every((target) => target.runner.kind === 'self-hosted'));

/** An IAM policy statement; `Effect` first, as AWS writes them. */
export const allow = (action: HclValue, resource: HclValue, extra: Record<string, HclValue> = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});

/** The permissions boundary CI's infrastructure role must put on every role it creates (T2+; at T1 administrators apply). */
export function boundary(plan: Plan, name: string) {
  return plan.features.infrastructureInCi && attr(name, expr('local.permissions_boundary'));
}
