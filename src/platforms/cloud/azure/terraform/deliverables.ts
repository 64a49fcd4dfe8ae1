/** What the Azure Terraform must show, for the completeness report. */
import { escapeRegex, type DeliverableSpec } from '../../../../completeness/deliverable.js';
import type { Plan } from '../../../../plan/types.js';

export function azureTerraformDeliverables(plan: Plan): DeliverableSpec[] {
  const tf = plan.paths.iacDir;
  const targets = plan.environments.flatMap((e) => e.targets);
  return [
    { id: 'versions', what: 'Terraform and provider versions, azurerm backend', path: `${tf}/versions.tf`, checks: [/required_version/, /backend "azurerm"/] },
    { id: 'network', what: 'virtual network with node, pod and ingress subnets', under: tf, checks: [/resource "azurerm_virtual_network"/, /pods\s*=\s*\{/] },
    { id: 'cluster', what: 'AKS cluster: Entra ID RBAC, workload identity, network policy', under: tf, checks: [/resource "azurerm_kubernetes_cluster"/, /local_account_disabled\s*=\s*true/, /workload_identity_enabled\s*=\s*true/] },
    { id: 'registry', what: 'container registry without admin user', under: tf, checks: [/resource "azurerm_container_registry"/, /admin_enabled\s*=\s*false/] },
    { id: 'outputs', what: 'outputs the pipeline and guides read', under: tf, checks: [/output "cluster_name"/] },
    { id: 'bootstrap', what: 'bootstrap: state storage account (Entra ID only), CI identities with federated credentials', path: `${plan.paths.bootstrapDir}/main.tf`, checks: [/shared_access_key_enabled\s*=\s*false/, /resource "azurerm_federated_identity_credential"/] },
    ...targets.flatMap((t) => [
      { id: `tfvars.${t.id}`, what: `variables of ${t.id} (${t.region})`, path: `${tf}/${t.varsPath}`, checks: [new RegExp(`cluster_name\\s*=\\s*"${escapeRegex(t.clusterName)}"`)], ...(t.primary ? {} : { from: 'T3' as const }) },
      { id: `backend.${t.id}`, what: `state backend of ${t.id}, a blob of its own`, path: `${tf}/${t.backendConfigPath}`, checks: [/use_azuread_auth\s*=\s*true/], ...(t.primary ? {} : { from: 'T3' as const }) },
    ]),
    { id: 'database', what: 'managed PostgreSQL (flexible server)', under: tf, checks: [/resource "azurerm_postgresql_flexible_server"/], from: 'T3', applies: plan.features.database },
  ];
}
