/**
 * cluster.tf: GKE Autopilot (Google runs the nodes: hardened images, Workload Identity, Dataplane
 * V2 enforcing NetworkPolicies, Shielded nodes, always on). Private nodes at every tier; from T2
 * the control plane has no public IP endpoint, and CI reaches it by its DNS endpoint, which
 * authorizes every call with IAM (GitHub- and GitLab-hosted runners cannot reach a private IP
 * endpoint; authorized networks would need their changing addresses). At T1 the endpoint is
 * public, every call still authenticated and authorized by IAM and Kubernetes RBAC. Managed
 * Service for Prometheus collects the app's metrics, with the kube state and cAdvisor packages
 * the alerts and the dashboard read.
 *
 * A plain resource, not terraform-google-modules/kubernetes-engine: ARCHITECTURE.md ("Why these
 * choices") says why. Autopilot at every tier: a hardened Standard cluster is not offered yet.
 * First apply: the APIs come from the bootstrap; the pod and Service ranges are the subnet's
 * secondary ranges (network.ts); Autopilot's private clusters reach their control plane over
 * Private Service Connect, so no master CIDR is reserved.
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
      comment("The kubelet's unauthenticated read-only port (10255) off, as the CIS GKE benchmark asks."),
      block('node_pool_auto_config', [], [block('node_kubelet_config', [], [attr('insecure_kubelet_readonly_port_enabled', 'FALSE')])]),
      block('release_channel', [], [attr('channel', 'REGULAR')]),
      block('logging_config', [], [attr('enable_components', ['SYSTEM_COMPONENTS', 'WORKLOADS'])]),
      block('monitoring_config', [], [
        attr('enable_components', METRIC_COMPONENTS),
        block('managed_prometheus', [], [attr('enabled', true)]),
      ]),
    ]),
  ]);
}
