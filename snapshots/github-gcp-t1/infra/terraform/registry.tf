# The image repositories are the bootstrap's. A stack whose earlier version created them here:
# apply this first (Terraform forgets them, images kept), then in infra/bootstrap:
# terraform import 'google_artifact_registry_repository.app["prod"]' projects/acme-shop/locations/us-central1/repositories/shop-api-prod

removed {
  from = google_artifact_registry_repository.app
  lifecycle {
    destroy = false
  }
}

removed {
  from = google_artifact_registry_repository_iam_member.push
  lifecycle {
    destroy = false
  }
}
