/**
 * network.tf: a virtual network per deploy target: nodes, pods (Azure CNI with dynamic pod
 * addresses, so the load balancer reaches pods directly), a subnet delegated to Application
 * Gateway for Containers, and with a database one delegated to PostgreSQL flexible servers.
 * Delegations are declared: AKS adds the pod subnet's itself, and an undeclared one is drift.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, block, expr } from '../../../../render/hcl.js';
import { CIDRS, hclFile } from './shared.js';

/** Subnet name → its range, and the service it is delegated to ('' for none). */
function subnets(plan: Plan): Record<string, { cidr: string; delegation: string }> {
  return {
    nodes: { cidr: CIDRS.nodes, delegation: '' },
    pods: { cidr: CIDRS.pods, delegation: 'Microsoft.ContainerService/managedClusters' },
    ingress: { cidr: CIDRS.ingress, delegation: 'Microsoft.ServiceNetworking/trafficControllers' },
    ...(plan.features.database ? { database: { cidr: CIDRS.database, delegation: 'Microsoft.DBforPostgreSQL/flexibleServers' } } : {}),
  };
}

/** A subnet's id in the other files. */
export const subnetId = (name: string): string => `azurerm_subnet.app["${name}"].id`;

export function networkTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/network.tf`, 'Virtual network: node, pod, ingress and database subnets', [
    block('resource', ['azurerm_virtual_network', 'app'], [
      attr('name', expr('var.cluster_name')),
      attr('location', expr('var.region')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('address_space', [CIDRS.vnet]),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_subnet', 'app'], [
      attr('for_each', subnets(plan)),
      attr('name', expr('each.key')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('virtual_network_name', expr('azurerm_virtual_network.app.name')),
      attr('address_prefixes', [expr('each.value.cidr')]),
      block('dynamic', ['delegation'], [
        attr('for_each', expr('each.value.delegation == "" ? [] : [each.value.delegation]')),
        block('content', [], [
          attr('name', expr('each.key')),
          block('service_delegation', [], [attr('name', expr('delegation.value')), attr('actions', ['Microsoft.Network/virtualNetworks/subnets/join/action'])]),
        ]),
      ]),
    ]),
  ]);
}
