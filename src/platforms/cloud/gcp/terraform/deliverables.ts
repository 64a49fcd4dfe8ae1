/** What the Google Cloud Terraform must show, for the completeness report. */
import { escapeRegex, type DeliverableSpec } from '../../../../completeness/deliverable.js';
import type { Plan } from '../../../../plan/types.js';

export function gcpTerraformDeliverables(plan: Plan): DeliverableSpec[] {
  const tf = plan.paths.iacDir;
  const targets = plan.environments.flatMap((e) => e.targets);
  return [
    { id: 'versions', what: 'Terraform and provider versions, GCS backend', path: `${tf}/versions.tf`, checks: [/required_version/, /backend "gcs"/] },
    { id: 'network', what: 'VPC with a subnet for nodes, pods and Services, and Cloud NAT', under: tf, checks: [/resource "google_compute_subnetwork"/, /resource "google_compute_router_nat"/] },
    { id: 'cluster', what: 'GKE Autopilot cluster with private nodes', under: tf, checks: [/resource "google_container_cluster"/, /enable_private_nodes\s*=\s*true/] },
    { id: 'registry', what: 'Artifact Registry repository for the image (bootstrap)', path: `${plan.paths.bootstrapDir}/main.tf`, checks: [/resource "google_artifact_registry_repository"/] },
    { id: 'outputs', what: 'outputs the pipeline and guides read', under: tf, checks: [/output "cluster_name"/] },
    { id: 'bootstrap', what: 'bootstrap: state bucket, CI identity pool, service accounts', path: `${plan.paths.bootstrapDir}/main.tf`, checks: [/resource "google_storage_bucket"/, /google_iam_workload_identity_pool_provider/] },
    ...targets.flatMap((t) => [
      { id: `tfvars.${t.id}`, what: `variables of ${t.id} (${t.region})`, path: `${tf}/${t.varsPath}`, checks: [new RegExp(`cluster_name\\s*=\\s*"${escapeRegex(t.clusterName)}"`)], ...(t.primary ? {} : { from: 'T3' as const }) },
      { id: `backend.${t.id}`, what: `state backend of ${t.id}, a prefix of its own`, path: `${tf}/${t.backendConfigPath}`, checks: [/prefix\s*=/], ...(t.primary ? {} : { from: 'T3' as const }) },
    ]),
    { id: 'database', what: 'managed PostgreSQL (Cloud SQL)', under: tf, checks: [/resource "google_sql_database_instance"/], from: 'T3', applies: plan.features.database },
  ];
}
