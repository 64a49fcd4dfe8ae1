/**
 * infra/bootstrap/main.tf: what must exist before CI can run Terraform, applied once by a human
 * with Owner on the subscription and local state: the resource providers registered (CI's
 * identities cannot), the state storage account (Entra ID only: shared keys off, versioning,
 * soft delete) with a container per environment, a resource group per deploy target, and per
 * environment user-assigned identities with one federated credential per CI subject. The deploy
 * identity gets its roles from the root stack, on its own registry and cluster. From T2
 * (Features.infrastructureInCi) Terraform's identity gets Contributor on its environment's
 * resource groups, may assign there only the roles the root stack assigns (a conditioned RBAC
 * Administrator), and owns its environment's state container; nothing at subscription scope.
 */
import type { VirtualFile } from '../../../../core/files.js';
import { GENERATOR } from '../../../../plan/conventions.js';
import type { EnvironmentPlan, Plan } from '../../../../plan/types.js';
import { type HclObject, attr, block, call, comment, expr } from '../../../../render/hcl.js';
import { identityName, resourceGroup, sharedResourceGroup, stateContainer, storageAccountName } from '../names.js';
import { hasZones } from '../regions.js';
import { ENTRA_AUDIENCE, subscriptionOf } from '../subscription.js';
import { ASSIGNABLE, ROLES, VERSIONS, hclFile, output } from './shared.js';

const HEADER = 'Apply once, by hand, as an Owner: CI cannot create its own state or identities.';

/**
 * The resource providers the root stack's resources need beyond the provider's "core" set
 * (Network, Storage, ManagedIdentity, Authorization, …): CI's identities cannot register them.
 */
export function resourceProviders(plan: Plan): string[] {
  const f = plan.features;
  return [
    'ContainerService', 'ContainerRegistry', 'ServiceNetworking', 'OperationalInsights', 'OperationsManagement',
    ...(f.hardenedInfrastructure ? ['KeyVault', 'PolicyInsights'] : []),
    ...(f.database ? ['DBforPostgreSQL'] : []),
    ...(f.securityMonitoring ? ['Insights'] : []),
  ].map((p) => `Microsoft.${p}`);
}

/** The condition that lets Terraform's identity assign (and remove) only the roles the root stack assigns. */
export const ASSIGN_CONDITION = (() => {
  const ids = ASSIGNABLE.map((r) => ROLES[r]).join(', ');
  return [
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ids}}))`,
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ids}}))`,
  ].join(' AND ');
})();

const rgId = (plan: Plan, name: string): string => `/subscriptions/${subscriptionOf(plan)}/resourceGroups/${name}`;

/** The resource group ids an environment's targets live in. */
export const environmentGroups = (plan: Plan, env: EnvironmentPlan): string[] => env.targets.map((t) => rgId(plan, resourceGroup(plan.name, env.name, t.region)));

function identities(plan: Plan): HclObject {
  const out: HclObject = {};
  for (const env of plan.environments) {
    const subjects = env.trust.subjects.filter((s) => !s.includes('*'));
    const common = { environment: env.name, subjects };
    if (plan.features.infrastructureInCi) {
      out[`${env.name}-tf`] = { name: identityName(plan.name, env.name, 'tf'), ...common, scopes: environmentGroups(plan, env), state: stateContainer(env.name) };
    }
    out[`${env.name}-deploy`] = { name: identityName(plan.name, env.name, 'deploy'), ...common, ...(plan.features.infrastructureInCi ? { state: '' } : {}) };
  }
  return out;
}

export function bootstrapMainTf(plan: Plan): VirtualFile {
  const f = plan.features;
  const shared = 'azurerm_resource_group.ci';
  // One CI platform, one issuer: every environment's tokens come from it.
  const first = plan.environments[0]!;
  return hclFile(`${plan.paths.bootstrapDir}/main.tf`, 'Resource providers, state storage account, resource groups and CI identities', [
    block('terraform', [], [
      attr('required_version', VERSIONS.terraform),
      block('required_providers', [], [attr('azurerm', { source: 'hashicorp/azurerm', version: VERSIONS.azurerm })]),
    ]),
    block('provider', ['azurerm'], [
      block('features', [], []),
      attr('subscription_id', subscriptionOf(plan)),
      attr('storage_use_azuread', true),
      attr('resource_provider_registrations', 'core'),
      attr('resource_providers_to_register', resourceProviders(plan)),
    ]),
    block('data', ['azurerm_client_config', 'current'], []),
    block('locals', [], [
      attr('tags', { project: plan.name, 'managed-by': GENERATOR }),
      attr('ci_identities', identities(plan)),
      attr('targets', Object.fromEntries(plan.environments.flatMap((e) => e.targets.map((t) => [resourceGroup(plan.name, e.name, t.region), t.region])))),
    ]),
    block('resource', ['azurerm_resource_group', 'ci'], [
      attr('name', sharedResourceGroup(plan.name)),
      attr('location', plan.region),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_resource_group', 'targets'], [
      attr('for_each', expr('local.targets')),
      attr('name', expr('each.key')),
      attr('location', expr('each.value')),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_storage_account', 'state'], [
      attr('name', storageAccountName(plan.stateStore)),
      attr('resource_group_name', expr(`${shared}.name`)),
      attr('location', expr(`${shared}.location`)),
      attr('account_kind', 'StorageV2'),
      attr('account_tier', 'Standard'),
      attr('account_replication_type', hasZones(plan.region) ? 'ZRS' : 'LRS'),
      attr('min_tls_version', 'TLS1_2'),
      attr('https_traffic_only_enabled', true),
      attr('shared_access_key_enabled', false),
      attr('default_to_oauth_authentication', true),
      attr('allow_nested_items_to_be_public', false),
      block('blob_properties', [], [
        attr('versioning_enabled', true),
        block('delete_retention_policy', [], [attr('days', 30)]),
        block('container_delete_retention_policy', [], [attr('days', 30)]),
      ]),
      attr('tags', expr('local.tags')),
      block('lifecycle', [], [attr('prevent_destroy', true)]),
    ]),
    block('resource', ['azurerm_storage_container', 'state'], [
      attr('for_each', call('toset', plan.environments.map((e) => stateContainer(e.name)))),
      attr('name', expr('each.value')),
      attr('storage_account_id', expr('azurerm_storage_account.state.id')),
      attr('container_access_type', 'private'),
    ]),
    block('resource', ['azurerm_role_assignment', 'state_admin'], [
      comment('Owner has no data-plane rights.'),
      attr('scope', expr('azurerm_storage_account.state.id')),
      attr('role_definition_name', 'Storage Blob Data Owner'),
      attr('principal_id', expr('data.azurerm_client_config.current.object_id')),
    ]),
    block('resource', ['azurerm_user_assigned_identity', 'ci'], [
      attr('for_each', expr('local.ci_identities')),
      attr('name', expr('each.value.name')),
      attr('resource_group_name', expr(`${shared}.name`)),
      attr('location', expr(`${shared}.location`)),
      attr('tags', expr('merge(local.tags, { environment = each.value.environment })')),
    ]),
    block('resource', ['azurerm_federated_identity_credential', 'ci'], [
      attr('for_each', expr('merge([for key, id in local.ci_identities : { for i, s in id.subjects : "${key}-${i}" => merge(id, { identity = key, subject = s }) }]...)')),
      attr('name', expr('each.key')),
      attr('resource_group_name', expr(`${shared}.name`)),
      attr('parent_id', expr('azurerm_user_assigned_identity.ci[each.value.identity].id')),
      attr('audience', [first.trust.audience ?? ENTRA_AUDIENCE]),
      attr('issuer', `https://${first.trust.issuer}`),
      attr('subject', expr('each.value.subject')),
    ]),
    ...(f.infrastructureInCi ? terraformGrants() : []),
    output('deploy_client_ids', '{ for key, id in azurerm_user_assigned_identity.ci : id.tags.environment => id.client_id if endswith(key, "-deploy") }'),
    f.infrastructureInCi && output('terraform_client_ids', '{ for key, id in azurerm_user_assigned_identity.ci : id.tags.environment => id.client_id if endswith(key, "-tf") }'),
  ], HEADER);
}

/** Terraform's identity (T2+): its environment's resource groups, the roles it may assign there, its state. */
function terraformGrants() {
  const scoped = 'merge([for key, id in local.ci_identities : { for s in id.scopes : "${key} ${s}" => { identity = key, scope = s } }]...)';
  const principal = 'azurerm_user_assigned_identity.ci[each.value.identity].principal_id';
  return [
    block('resource', ['azurerm_role_assignment', 'terraform_contributor'], [
      attr('for_each', expr(scoped)),
      attr('scope', expr('each.value.scope')),
      attr('role_definition_name', 'Contributor'),
      attr('principal_id', expr(principal)),
      attr('principal_type', 'ServicePrincipal'),
      attr('depends_on', [expr('azurerm_resource_group.targets')]),
    ]),
    block('resource', ['azurerm_role_assignment', 'terraform_assign'], [
      comment('Only the roles the root stack assigns (AcrPull, AcrPush, AKS RBAC Cluster Admin, …), by id.'),
      attr('for_each', expr(scoped)),
      attr('scope', expr('each.value.scope')),
      attr('role_definition_name', 'Role Based Access Control Administrator'),
      attr('principal_id', expr(principal)),
      attr('principal_type', 'ServicePrincipal'),
      attr('condition_version', '2.0'),
      attr('condition', ASSIGN_CONDITION),
      attr('depends_on', [expr('azurerm_resource_group.targets')]),
    ]),
    block('resource', ['azurerm_role_assignment', 'terraform_state'], [
      attr('for_each', expr('{ for key, id in local.ci_identities : key => merge(id, { identity = key }) if id.state != "" }')),
      attr('scope', expr('azurerm_storage_container.state[each.value.state].id')),
      attr('role_definition_name', 'Storage Blob Data Owner'),
      attr('principal_id', expr(principal)),
      attr('principal_type', 'ServicePrincipal'),
    ]),
    block('resource', ['azurerm_role_assignment', 'terraform_reads_deploy'], [
      comment("Terraform looks up its environment's deploy identity to grant it the registry and the cluster."),
      attr('for_each', expr('{ for key, id in local.ci_identities : key => merge(id, { identity = key }) if id.state != "" }')),
      attr('scope', expr('azurerm_user_assigned_identity.ci["${each.value.environment}-deploy"].id')),
      attr('role_definition_name', 'Reader'),
      attr('principal_id', expr(principal)),
      attr('principal_type', 'ServicePrincipal'),
    ]),
  ];
}
