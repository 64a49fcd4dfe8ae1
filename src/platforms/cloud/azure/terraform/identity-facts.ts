/**
 * Reads Azure's CI identities back from infra/bootstrap/main.tf into neutral facts: each identity
 * of `local.ci_identities`, with what its role assignments there allow. Terraform's (T2+):
 * Contributor and the conditioned RBAC Administrator on the resource groups its `scopes` list,
 * Storage Blob Data Owner on its `state` container. The deploy identities get their roles in the
 * root stack, on resources of their own target only (its registry, its cluster). A scope we
 * cannot read is taken as the whole subscription: hand-widened grants are caught that way.
 */
import type { Plan } from '../../../../plan/types.js';
import type { IdentityFact, PermissionStatement } from '../../../../steps/facts.js';
import { hclObjectAttribute } from '../../../iac/terraform/read-hcl.js';
import { sharedResourceGroup, stateContainer, storageAccountName } from '../names.js';
import { subscriptionOf } from '../subscription.js';

const statement = (actions: string[], resources: string[]): PermissionStatement => ({ effect: 'allow', actions, resources, environments: null, readOnly: false, accountSetting: false });

const stateBlobs = (plan: Plan, container: string): string =>
  `/subscriptions/${subscriptionOf(plan)}/resourceGroups/${sharedResourceGroup(plan.name)}/providers/Microsoft.Storage/storageAccounts/${storageAccountName(plan.stateStore)}/blobServices/default/containers/${container}`;

const identityId = (plan: Plan, name: string): string =>
  `/subscriptions/${subscriptionOf(plan)}/resourceGroups/${sharedResourceGroup(plan.name)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

export function azureIdentities(files: Map<string, { path: string; content: string }>, plan: Plan): IdentityFact[] {
  const main = files.get('main.tf');
  if (!main) return [];
  const identities = hclObjectAttribute(main.content, 'ci_identities') ?? {};
  const file = `${plan.paths.bootstrapDir}/main.tf`;
  const facts: IdentityFact[] = [];
  for (const [key, value] of Object.entries(identities)) {
    if (typeof value !== 'object' || Array.isArray(value)) continue;
    const { name, environment, state } = value as Record<string, unknown>;
    if (typeof name !== 'string' || typeof environment !== 'string') continue;
    const scopes = Array.isArray(value['scopes']) ? (value['scopes'] as unknown[]).filter((s): s is string => typeof s === 'string') : [];
    const terraform = key.endsWith('-tf');
    const statements: PermissionStatement[] = [];
    if (terraform) {
      const where = scopes.length ? scopes.flatMap((s) => [s, `${s}/*`]) : [`/subscriptions/${subscriptionOf(plan)}/*`];
      statements.push(statement(['*'], where));
      if (typeof state === 'string' && state) statements.push(statement(['Microsoft.Storage/storageAccounts/blobServices/containers/*'], [stateBlobs(plan, state), `${stateBlobs(plan, state)}/*`]));
    }
    facts.push({ environment, purpose: terraform ? 'infrastructure' : 'deploy', name, resources: [identityId(plan, name)], file, statements });
  }
  return facts;
}

/** What a target owns: its resource group and everything in it, and its environment's state container. */
export function azureOwnedResources(values: Record<string, string>, _backend: Record<string, string>, plan: Plan): { named: string[]; tagged: string[] } {
  const group = values['resource_group'] && `/subscriptions/${values['subscription_id'] ?? subscriptionOf(plan)}/resourceGroups/${values['resource_group']}`;
  const environment = values['environment'];
  return {
    named: [...(group ? [group, `${group}/*`] : []), ...(environment ? [`${stateBlobs(plan, stateContainer(environment))}/*`] : [])],
    tagged: [],
  };
}
