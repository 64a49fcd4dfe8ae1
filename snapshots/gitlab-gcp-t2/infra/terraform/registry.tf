# The image repositories are the bootstrap's. A stack whose earlier version created one here:
# apply this first (Terraform forgets it, images kept), then in infra/bootstrap:
# terraform import 'google_artifact_registry_repository.app["ID"]' projects/PROJECT/locations/REGION/repositories/ID

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
