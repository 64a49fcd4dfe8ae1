resource "google_container_cluster" "app" {
  name                = var.cluster_name
  location            = var.region
  enable_autopilot    = true
  network             = google_compute_network.vpc.id
  subnetwork          = google_compute_subnetwork.nodes.id
  deletion_protection = true
  ip_allocation_policy {
    cluster_secondary_range_name  = "pods"
    services_secondary_range_name = "services"
  }
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = true
  }
  # No public IP endpoint: CI and people connect to the DNS endpoint (gcloud ... --dns-endpoint), IAM-authorized.
  control_plane_endpoints_config {
    dns_endpoint_config {
      allow_external_traffic = true
    }
  }
  cluster_autoscaling {
    auto_provisioning_defaults {
      service_account = var.node_service_account
    }
  }
  # The kubelet's unauthenticated read-only port (10255) off, as the CIS GKE benchmark asks.
  node_pool_auto_config {
    node_kubelet_config {
      insecure_kubelet_readonly_port_enabled = "FALSE"
    }
  }
  release_channel {
    channel = "REGULAR"
  }
  logging_config {
    enable_components = ["SYSTEM_COMPONENTS", "WORKLOADS"]
  }
  monitoring_config {
    enable_components = ["SYSTEM_COMPONENTS", "POD", "DEPLOYMENT", "HPA", "CADVISOR"]
    managed_prometheus {
      enabled = true
    }
  }
}
