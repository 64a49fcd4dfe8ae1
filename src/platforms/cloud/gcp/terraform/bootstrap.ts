/**
 * infra/bootstrap/main.tf: what must exist before CI can run Terraform, applied once by a human
 * with Owner credentials and local state: the project's APIs, the state bucket, the CI identity
 * pool with one provider for the CI platform's issuer, the nodes' identity, and per environment
 * the service accounts that trust only that environment's CI tokens. From T2 (CI runs Terraform,
 * Features.infrastructureInCi) Terraform's holds the roles its resources need, confined to its
 * environment's resources where IAM Conditions can (terraform-identity.ts), and can grant none;
 * at every tier the deploy jobs' can only reach its cluster (Kubernetes RBAC in that cluster
 * decides the rest, setup guide) and push to its repository, which the bootstrap creates
 * (registry.ts).
 */
import type { VirtualFile } from '../../../../core/files.js';
import { GENERATOR } from '../../../../plan/conventions.js';
import type { EnvironmentPlan, Plan } from '../../../../plan/types.js';
import { type HclBody, type HclObject, attr, block, call, comment, expr } from '../../../../render/hcl.js';
import { clusterResourceName, nodeAccountId, poolId, serviceAccountId } from '../names.js';
import { projectOf, providerId, wifAudience } from '../project.js';
import { bootstrapRegistries } from './registry.js';
import { VERSIONS, hclFile, output, services } from './shared.js';
import { signingKeyResources, signsWithKey } from './signing.js';
import { subjectMapping } from './subject.js';
import { terraformGrants } from './terraform-identity.js';
import { allowedAudiences, attributeCondition, environmentAttributes, environmentClaim } from './trust.js';

const HEADER = `Apply once, by hand, with Owner credentials: a backend cannot create its own
bucket, and CI cannot create the identities it takes on.`;
// T1: CI only deploys; an administrator applies infra/terraform (Features.infrastructureInCi).
const HEADER_T1 = `Apply once, by hand, with Owner credentials: a backend cannot create its own
bucket, and CI cannot create the identity it takes on: the deploy's, allowed only its
environment's cluster and image repository.`;

export function bootstrapMainTf(plan: Plan): VirtualFile {
  const project = projectOf(plan);
  const summary = plan.features.infrastructureInCi ? 'two service accounts per environment' : 'a deploy service account per environment';
  return hclFile(`${plan.paths.bootstrapDir}/main.tf`, `APIs, state bucket, CI identity pool and ${summary}`, [
    block('terraform', [], [
      attr('required_version', VERSIONS.terraform),
      block('required_providers', [], [attr('google', { source: 'hashicorp/google', version: VERSIONS.google })]),
    ]),
    block('provider', ['google'], [
      attr('project', project),
      attr('region', plan.region),
      comment('User credentials have no quota project of their own.'),
      attr('billing_project', project),
      attr('user_project_override', true),
      attr('default_labels', { project: plan.name, 'managed-by': GENERATOR }),
    ]),
    block('resource', ['google_project_service', 'apis'], [
      attr('for_each', call('toset', [...services(plan), ...(signsWithKey(plan) ? ['cloudkms.googleapis.com'] : [])])),
      attr('service', expr('each.value')),
      attr('disable_on_destroy', false),
    ]),
    ...stateBucket(plan),
    ...identities(plan, project),
    ...bootstrapRegistries(plan),
    ...signingKeyResources(plan),
    output('workload_identity_provider', 'google_iam_workload_identity_pool_provider.ci.name'),
    output('service_accounts', '{ for key, sa in google_service_account.ci : key => sa.email }'),
  ], plan.features.infrastructureInCi ? HEADER : HEADER_T1);
}

function stateBucket(plan: Plan) {
  return [
    block('resource', ['google_storage_bucket', 'state'], [
      attr('name', plan.stateStore),
      attr('location', plan.region),
      attr('uniform_bucket_level_access', true),
      attr('public_access_prevention', 'enforced'),
      block('versioning', [], [attr('enabled', true)]),
      block('lifecycle_rule', [], [
        block('condition', [], [attr('num_newer_versions', 20), attr('with_state', 'ARCHIVED')]),
        block('action', [], [attr('type', 'Delete')]),
      ]),
      block('lifecycle', [], [attr('prevent_destroy', true)]),
      attr('depends_on', [expr('google_project_service.apis')]),
    ]),
  ];
}

/** The state prefix an environment's Terraform may read and lock: its own, second region included. */
const statePrefix = (env: EnvironmentPlan): string => env.stateKey.slice(0, env.stateKey.lastIndexOf('/') + 1);

function serviceAccounts(plan: Plan, subjects?: (env: EnvironmentPlan) => string[]): HclObject {
  const accounts: HclObject = {};
  const attributes = environmentAttributes(plan.environments);
  for (const env of plan.environments) {
    const trusted: HclObject = subjects ? { subjects: subjects(env) } : attributes ? { attribute: attributes[env.name]! } : {};
    if (plan.features.infrastructureInCi) accounts[`${env.name}-tf`] = { id: serviceAccountId(plan.name, env.name, 'tf'), environment: env.name, state: statePrefix(env), ...trusted };
    accounts[`${env.name}-deploy`] = { id: serviceAccountId(plan.name, env.name, 'deploy'), environment: env.name, state: '', cluster_condition: ownClusters(plan, env), ...trusted };
  }
  return accounts;
}

/** The IAM condition that confines the deploy's connect role to its environment's clusters (identity-facts.ts reads it back). */
const ownClusters = (plan: Plan, env: EnvironmentPlan): string =>
  env.targets.map((t) => `resource.name == "${clusterResourceName(projectOf(plan), t.region, t.clusterName)}"`).join(' || ');

/**
 * With claims (GitHub, GitLab), the provider admits the repository's deploy environments and each
 * account trusts one environment's attribute. A CI platform that issues only `sub` gets each
 * account bound to its environment's exact subjects instead (a pattern cannot be bound).
 */
function trust(plan: Plan): { mapping: HclObject; condition: string; binding: HclBody; subjects?: (env: EnvironmentPlan) => string[] } {
  const claim = environmentClaim(plan.environments);
  const condition = attributeCondition(plan.environments);
  const pool = '${google_iam_workload_identity_pool.ci.name}';
  const common = [attr('role', 'roles/iam.workloadIdentityUser')];
  if (claim && condition) {
    // Where the claim's values are not the environments' names (Jenkins's audiences), each account names its value.
    const value = environmentAttributes(plan.environments) ? 'each.value.attribute' : 'each.value.environment';
    return {
      mapping: { 'google.subject': subjectMapping(plan.environments), 'attribute.environment': claim },
      condition,
      binding: [
        attr('for_each', expr('local.service_accounts')),
        attr('service_account_id', expr('google_service_account.ci[each.key].name')),
        ...common,
        attr('member', expr(`"principalSet://iam.googleapis.com/${pool}/attribute.environment/\${${value}}"`)),
      ],
    };
  }
  const subjects = (env: EnvironmentPlan) => env.trust.subjects.filter((s) => !s.includes('*'));
  return {
    mapping: { 'google.subject': 'assertion.sub' },
    condition: `assertion.sub in [${[...new Set(plan.environments.flatMap(subjects))].map((s) => `'${s}'`).join(', ')}]`,
    binding: [
      attr('for_each', expr('merge([for key, sa in local.service_accounts : { for s in sa.subjects : "${key} ${s}" => { account = key, subject = s } }]...)')),
      attr('service_account_id', expr('google_service_account.ci[each.value.account].name')),
      ...common,
      attr('member', expr(`"principal://iam.googleapis.com/${pool}/subject/\${each.value.subject}"`)),
    ],
    subjects,
  };
}

function identities(plan: Plan, project: string) {
  const t = trust(plan);
  const connect = 'google_project_iam_custom_role.connect.name';
  const admins = plan.answers.clusterAdmins;
  return [
    block('resource', ['google_iam_workload_identity_pool', 'ci'], [
      comment('A deleted pool id stays reserved for 30 days: undelete it.'),
      attr('workload_identity_pool_id', poolId(plan.name)),
      attr('depends_on', [expr('google_project_service.apis')]),
    ]),
    block('resource', ['google_iam_workload_identity_pool_provider', 'ci'], [
      attr('workload_identity_pool_id', expr('google_iam_workload_identity_pool.ci.workload_identity_pool_id')),
      attr('workload_identity_pool_provider_id', providerId(plan)),
      attr('attribute_mapping', t.mapping),
      comment("Only this repository's deploy environments; each service account then trusts one of them."),
      attr('attribute_condition', t.condition),
      block('oidc', [], [
        attr('issuer_uri', `https://${plan.environments[0]!.trust.issuer}`),
        // Google's default audience (by project number; GitHub's action requests it), and one known when
        // generating, for CI platforms that state their token's audience in their files.
        // A CI platform that fixes its tokens' audience (Azure DevOps), or gives each environment its own (Jenkins), adds them.
        attr('allowed_audiences', [expr(`"https://iam.googleapis.com/\${google_iam_workload_identity_pool.ci.name}/providers/${providerId(plan)}"`), wifAudience(plan), ...allowedAudiences(plan.environments)]),
      ]),
    ]),
    block('resource', ['google_service_account', 'nodes'], [attr('account_id', nodeAccountId(plan.name))]),
    block('resource', ['google_project_iam_member', 'nodes'], [
      attr('for_each', expr('toset(["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"])')),
      attr('project', project),
      attr('role', expr('each.value')),
      attr('member', expr('google_service_account.nodes.member')),
    ]),
    block('resource', ['google_project_iam_custom_role', 'connect'], [
      attr('role_id', `${plan.name.replace(/-/g, '_')}_ci_connect`),
      attr('title', `${plan.name} CI connect`),
      attr('permissions', ['container.clusters.connect', 'container.clusters.get']),
    ]),
    block('locals', [], [attr('service_accounts', serviceAccounts(plan, t.subjects))]),
    block('resource', ['google_service_account', 'ci'], [
      attr('for_each', expr('local.service_accounts')),
      attr('account_id', expr('each.value.id')),
    ]),
    block('resource', ['google_service_account_iam_member', 'ci'], t.binding),
    block('resource', ['google_project_iam_member', 'deploy'], [
      comment("GKE clusters take no bindings of their own: the project's, conditioned on the cluster's name."),
      attr('for_each', expr('{ for key, sa in local.service_accounts : key => sa if sa.state == "" }')),
      attr('project', project),
      attr('role', expr(connect)),
      attr('member', expr('google_service_account.ci[each.key].member')),
      block('condition', [], [attr('title', 'own-clusters'), attr('expression', expr('each.value.cluster_condition'))]),
    ]),
    ...(plan.features.infrastructureInCi ? terraformGrants(plan, project) : []),
    admins.length > 0 &&
      block('resource', ['google_project_iam_member', 'admins'], [
        attr('for_each', call('toset', admins)),
        attr('project', project),
        attr('role', 'roles/container.admin'),
        attr('member', expr('each.value')),
      ]),
  ];
}
