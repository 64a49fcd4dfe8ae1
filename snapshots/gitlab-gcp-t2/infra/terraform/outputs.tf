output "cluster_name" {
  value = google_container_cluster.app.name
}

output "image_repository" {
  value = "${var.region}-docker.pkg.dev/${var.project}/${var.image}"
}

output "network" {
  value = google_compute_network.vpc.name
}
