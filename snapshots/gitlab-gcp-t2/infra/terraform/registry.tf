resource "google_artifact_registry_repository" "app" {
  repository_id = split("/", var.image)[0]
  location      = var.region
  format        = "DOCKER"
  docker_config {
    immutable_tags = true
  }
  # Policies only log what they would delete until dry run is off.
  cleanup_policy_dry_run = false
  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = 30
    }
  }
  cleanup_policies {
    id     = "delete-older"
    action = "DELETE"
    condition {
      tag_state  = "ANY"
      older_than = "604800s"
    }
  }
}

resource "google_artifact_registry_repository_iam_member" "push" {
  location   = google_artifact_registry_repository.app.location
  repository = google_artifact_registry_repository.app.name
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:${var.deploy_service_account}"
}
