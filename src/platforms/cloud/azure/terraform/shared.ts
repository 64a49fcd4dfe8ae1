/**
 * What the Azure Terraform files share: the provider pin, the address plan, the roles by id, and
 * sizes per environment.
 *
 * Provider: hashicorp/azurerm ~> 4.55 (the version whose schema the tests check against; < 5.0,
 * which renames federated credentials' parent_id and makes Key Vault's RBAC flag required), and
 * no Azure Verified Module: they are azapi-based (checked only at apply), send telemetry by
 * default, and their provider constraints conflict with one another (one needs azurerm < 5,
 * another ~> 5), so `terraform init` can fail. Plain resources, every argument schema-checked.
 */
import type { EnvironmentPlan } from '../../../../plan/types.js';
import { type HclBody, attr, block, expr } from '../../../../render/hcl.js';

export { hclFile, output, variable } from '../../../iac/terraform/files.js';

export const VERSIONS = { terraform: '>= 1.10', database: '>= 1.11', azurerm: '~> 4.55', random: '~> 3.7' } as const;

/**
 * Every target has a virtual network of its own, so each uses the same ranges. Pods take VNet
 * addresses from their own subnet (Azure CNI, dynamic allocation), so Application Gateway for
 * Containers reaches them directly; Services keep AKS's default range (10.0.0.0/16), outside
 * the VNet. The NetworkPolicies
 * read these (the cloud adapter's kubernetes data): change both together.
 */
export const CIDRS = {
  vnet: '10.20.0.0/16',
  nodes: '10.20.0.0/22',
  ingress: '10.20.4.0/24',
  database: '10.20.5.0/24',
  pods: '10.20.64.0/18',
} as const;

/** The ALB Controller (Application Gateway for Containers), pinned; its service account is what its identity trusts. */
export const ALB_CONTROLLER = {
  chart: 'oci://mcr.microsoft.com/application-lb/charts/alb-controller',
  version: '1.8.12',
  namespace: 'azure-alb-system',
  serviceAccount: 'alb-controller-sa',
} as const;

/**
 * Built-in roles by name and id (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 * The ids matter where a condition names them: Terraform's identity may assign only the roles
 * the root stack assigns (ASSIGNABLE), so no environment can widen its own access.
 */
export const ROLES = {
  AcrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  AcrPush: '8311e382-0749-4cb8-b61a-304f252e45ec',
  'Azure Kubernetes Service RBAC Cluster Admin': 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b',
  'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6',
  'AppGw for Containers Configuration Manager': 'fbc52c3f-28ad-4303-a892-8a056630b8f1',
  'Network Contributor': '4d97b98b-1d4f-4787-a291-c67834d212e7',
} as const;
export type RoleName = keyof typeof ROLES;

/** The roles the root stack assigns (registry.ts, cluster.ts, ingress.ts, keyvault.ts): Terraform's identity may assign these only. */
export const ASSIGNABLE: readonly RoleName[] = Object.keys(ROLES) as RoleName[];

/** The audience every federated credential trusts. */
export const AUDIENCE = 'api://AzureADTokenExchange';

/** AKS nodes: production runs three across zones and scales further. */
export const nodePool = (env: EnvironmentPlan): { vmSize: string; min: number; max: number } =>
  env.isProduction ? { vmSize: 'Standard_D4ds_v5', min: 3, max: 6 } : { vmSize: 'Standard_D2ds_v5', min: 2, max: 3 };

/** PostgreSQL flexible server: zone-redundant HA on General Purpose in production, Burstable elsewhere. */
export const dbInstance = (env: EnvironmentPlan): { sku: string; ha: boolean } =>
  env.isProduction ? { sku: 'GP_Standard_D2ds_v5', ha: true } : { sku: 'B_Standard_B1ms', ha: false };

/**
 * A role assignment of a built-in role by name. principal_type ServicePrincipal (managed
 * identities): Azure then skips the Entra ID lookup that fails right after an identity is created.
 */
export function roleAssignment(name: string, scope: string, role: RoleName, principal: string, extra: HclBody = []) {
  return block('resource', ['azurerm_role_assignment', name], [
    ...extra,
    attr('scope', expr(scope)),
    attr('role_definition_name', role),
    attr('principal_id', expr(principal)),
    attr('principal_type', 'ServicePrincipal'),
  ]);
}
