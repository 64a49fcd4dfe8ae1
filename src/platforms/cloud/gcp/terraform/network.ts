/**
 * network.tf: a VPC per deploy target with one subnet (nodes, and secondary ranges for pods and
 * Services, as a VPC-native cluster wants), Cloud NAT for the private nodes' egress (without it
 * they cannot pull from Docker Hub, quay or ghcr), and at T3 the private services peering
 * Cloud SQL and Memorystore take their addresses from.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, block, comment, expr } from '../../../../render/hcl.js';
import { CIDRS, hclFile, privateServices } from './shared.js';

const [servicesAddress, servicesPrefix] = CIDRS.privateServices.split('/') as [string, string];

export function networkTf(plan: Plan): VirtualFile {
  const hardened = plan.features.hardenedInfrastructure;
  const vpc = expr('google_compute_network.vpc.id');
  return hclFile(`${plan.paths.iacDir}/network.tf`, 'VPC, subnet with pod and Service ranges, Cloud NAT', [
    block('resource', ['google_compute_network', 'vpc'], [
      attr('name', expr('var.cluster_name')),
      attr('auto_create_subnetworks', false),
    ]),
    block('resource', ['google_compute_subnetwork', 'nodes'], [
      attr('name', expr('var.cluster_name')),
      attr('network', vpc),
      attr('ip_cidr_range', CIDRS.nodes),
      comment('Private nodes reach Google APIs (Artifact Registry included) without NAT.'),
      attr('private_ip_google_access', true),
      block('secondary_ip_range', [], [attr('range_name', 'pods'), attr('ip_cidr_range', CIDRS.pods)]),
      block('secondary_ip_range', [], [attr('range_name', 'services'), attr('ip_cidr_range', CIDRS.services)]),
      hardened &&
        block('log_config', [], [attr('aggregation_interval', 'INTERVAL_5_SEC'), attr('flow_sampling', 0.5), attr('metadata', 'INCLUDE_ALL_METADATA')]),
    ]),
    block('resource', ['google_compute_router', 'nat'], [attr('name', expr('var.cluster_name')), attr('network', vpc)]),
    block('resource', ['google_compute_router_nat', 'nat'], [
      attr('name', expr('var.cluster_name')),
      attr('router', expr('google_compute_router.nat.name')),
      attr('nat_ip_allocate_option', 'AUTO_ONLY'),
      attr('source_subnetwork_ip_ranges_to_nat', 'ALL_SUBNETWORKS_ALL_IP_RANGES'),
      hardened && block('log_config', [], [attr('enable', true), attr('filter', 'ERRORS_ONLY')]),
    ]),
    ...(privateServices(plan)
      ? [
          block('resource', ['google_compute_global_address', 'services'], [
            attr('name', expr('"${var.cluster_name}-services"')),
            attr('purpose', 'VPC_PEERING'),
            attr('address_type', 'INTERNAL'),
            attr('address', servicesAddress),
            attr('prefix_length', Number(servicesPrefix)),
            attr('network', vpc),
          ]),
          block('resource', ['google_service_networking_connection', 'services'], [
            attr('network', vpc),
            attr('service', 'servicenetworking.googleapis.com'),
            attr('reserved_peering_ranges', [expr('google_compute_global_address.services.name')]),
            comment('Destroy leaves the peering to Google: removing it fails while Cloud SQL still holds addresses.'),
            attr('deletion_policy', 'ABANDON'),
          ]),
        ]
      : []),
  ]);
}
