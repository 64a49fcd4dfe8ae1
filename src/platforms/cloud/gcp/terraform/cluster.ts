/**
 * cluster.tf: GKE Autopilot (Google runs the nodes: hardened images, Workload Identity, Dataplane
 * V2 enforcing NetworkPolicies, Shielded nodes, always on). Private nodes at every tier; from T2
 * the control plane has no public IP endpoint, and CI reaches it by its DNS endpoint, which
 * authorizes every call with IAM. Managed Service for Prometheus collects the app's metrics, with
 * the kube state and cAdvisor packages the alerts and the dashboard read.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, block, comment, expr } from '../../../../render/hcl.js';
import { hclFile } from './shared.js';

/** GKE's metric packages: system metrics (required), kube state (kube_*) and cAdvisor (container_*). */
const METRIC_COMPONENTS = ['SYSTEM_COMPONENTS', 'POD', 'DEPLOYMENT', 'HPA', 'CADVISOR'];

export function clusterTf(plan: Plan): VirtualFile {
  const hardened = plan.features.hardenedInfrastructure;
  return hclFile(`${plan.paths.iacDir}/cluster.tf`, 'GKE Autopilot cluster: private nodes, Workload Identity, Managed Prometheus', [
    block('resource', ['google_container_cluster', 'app'], [
      attr('name', expr('var.cluster_name')),
      attr('location', expr('var.region')),
      attr('enable_autopilot', true),
      attr('network', expr('google_compute_network.vpc.id')),
      attr('subnetwork', expr('google_compute_subnetwork.nodes.id')),
      ...(hardened
        ? [attr('deletion_protection', true)]
        : [comment('T1: no data lives in the cluster; T2 protects it from `terraform destroy`.'), attr('deletion_protection', false)]),
      block('ip_allocation_policy', [], [attr('cluster_secondary_range_name', 'pods'), attr('services_secondary_range_name', 'services')]),
      block('private_cluster_config', [], [attr('enable_private_nodes', true), hardened && attr('enable_private_endpoint', true)]),
      ...(hardened
        ? [
            comment('No public IP endpoint: CI and people connect to the DNS endpoint (gcloud ... --dns-endpoint), IAM-authorized.'),
            block('control_plane_endpoints_config', [], [block('dns_endpoint_config', [], [attr('allow_external_traffic', true)])]),
          ]
        : []),
      block('cluster_autoscaling', [], [
        block('auto_provisioning_defaults', [], [attr('service_account', expr('var.node_service_account'))]),
      ]),
      block('release_channel', [], [attr('channel', 'REGULAR')]),
      block('logging_config', [], [attr('enable_components', ['SYSTEM_COMPONENTS', 'WORKLOADS'])]),
      block('monitoring_config', [], [
        attr('enable_components', METRIC_COMPONENTS),
        block('managed_prometheus', [], [attr('enabled', true)]),
      ]),
    ]),
  ]);
}
