# Apply once, by hand, with Owner credentials: a backend cannot create its own
# bucket, and CI cannot create the identities it takes on.

terraform {
  required_version = ">= 1.10"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 8.3"
    }
  }
}

provider "google" {
  project = "acme-shop"
  region  = "us-central1"
  # User credentials have no quota project of their own.
  billing_project       = "acme-shop"
  user_project_override = true
  default_labels = {
    project    = "shop-api"
    managed-by = "create-devops-stack"
  }
}

resource "google_project_service" "apis" {
  for_each = toset([
    "artifactregistry.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "storage.googleapis.com",
    "sts.googleapis.com",
    "containerscanning.googleapis.com",
  ])
  service            = each.value
  disable_on_destroy = false
}

resource "google_storage_bucket" "state" {
  name                        = "shop-api-tfstate-5fa86bfd"
  location                    = "us-central1"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  versioning {
    enabled = true
  }
  lifecycle_rule {
    condition {
      num_newer_versions = 20
      with_state         = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }
  lifecycle {
    prevent_destroy = true
  }
  depends_on = [google_project_service.apis]
}

resource "google_iam_workload_identity_pool" "ci" {
  # A deleted pool id stays reserved for 30 days: undelete it.
  workload_identity_pool_id = "shop-api-ci"
  depends_on                = [google_project_service.apis]
}

resource "google_iam_workload_identity_pool_provider" "ci" {
  workload_identity_pool_id          = google_iam_workload_identity_pool.ci.workload_identity_pool_id
  workload_identity_pool_provider_id = "gitlab-ci"
  attribute_mapping = {
    "google.subject"        = "assertion.project_id + ':' + assertion.environment"
    "attribute.environment" = "assertion.environment"
  }
  # Only this repository's deploy environments; each service account then trusts one of them.
  attribute_condition = "assertion.project_path == 'acme/shop-api' && assertion.ref == 'main' && assertion.ref_protected == 'true' && assertion.environment in ['dev', 'staging', 'prod']"
  oidc {
    issuer_uri = "https://gitlab.com"
    allowed_audiences = [
      "https://iam.googleapis.com/${google_iam_workload_identity_pool.ci.name}/providers/gitlab-ci",
      "https://iam.googleapis.com/projects/acme-shop/locations/global/workloadIdentityPools/shop-api-ci/providers/gitlab-ci",
    ]
  }
}

resource "google_service_account" "nodes" {
  account_id = "shop-api-nodes"
}

resource "google_project_iam_member" "nodes" {
  for_each = toset(["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"])
  project  = "acme-shop"
  role     = each.value
  member   = google_service_account.nodes.member
}

resource "google_project_iam_custom_role" "connect" {
  role_id     = "shop_api_ci_connect"
  title       = "shop-api CI connect"
  permissions = ["container.clusters.connect", "container.clusters.get"]
}

locals {
  service_accounts = {
    dev-tf = {
      id          = "shop-api-dev-tf"
      environment = "dev"
      state       = "shop-api/dev/"
    }
    dev-deploy = {
      id                = "shop-api-dev-deploy"
      environment       = "dev"
      state             = ""
      cluster_condition = "resource.name == \"projects/acme-shop/locations/us-central1/clusters/shop-api-dev\""
    }
    staging-tf = {
      id          = "shop-api-staging-tf"
      environment = "staging"
      state       = "shop-api/staging/"
    }
    staging-deploy = {
      id                = "shop-api-staging-deploy"
      environment       = "staging"
      state             = ""
      cluster_condition = "resource.name == \"projects/acme-shop/locations/us-central1/clusters/shop-api-staging\""
    }
    prod-tf = {
      id          = "shop-api-prod-tf"
      environment = "prod"
      state       = "shop-api/prod/"
    }
    prod-deploy = {
      id                = "shop-api-prod-deploy"
      environment       = "prod"
      state             = ""
      cluster_condition = "resource.name == \"projects/acme-shop/locations/us-central1/clusters/shop-api-prod\""
    }
  }
}

resource "google_service_account" "ci" {
  for_each   = local.service_accounts
  account_id = each.value.id
}

resource "google_service_account_iam_member" "ci" {
  for_each           = local.service_accounts
  service_account_id = google_service_account.ci[each.key].name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.ci.name}/attribute.environment/${each.value.environment}"
}

resource "google_project_iam_member" "deploy" {
  # GKE clusters take no bindings of their own: the project's, conditioned on the cluster's name.
  for_each = { for key, sa in local.service_accounts : key => sa if sa.state == "" }
  project  = "acme-shop"
  role     = google_project_iam_custom_role.connect.name
  member   = google_service_account.ci[each.key].member
  condition {
    title      = "own-clusters"
    expression = each.value.cluster_condition
  }
}

locals {
  # Per environment: each role on the project, confined to the environment's own resources of the types it administers.
  terraform_roles = {
    dev = {
      "roles/container.admin"      = "(resource.type != \"container.googleapis.com/Cluster\" || resource.name == \"projects/acme-shop/locations/us-central1/clusters/shop-api-dev\")"
      "roles/compute.networkAdmin" = "(resource.type != \"compute.googleapis.com/Network\" || resource.name == \"projects/acme-shop/global/networks/shop-api-dev\") && (resource.type != \"compute.googleapis.com/Subnetwork\" || resource.name == \"projects/acme-shop/regions/us-central1/subnetworks/shop-api-dev\") && (resource.type != \"compute.googleapis.com/Router\" || resource.name == \"projects/acme-shop/regions/us-central1/routers/shop-api-dev\")"
    }
    staging = {
      "roles/container.admin"      = "(resource.type != \"container.googleapis.com/Cluster\" || resource.name == \"projects/acme-shop/locations/us-central1/clusters/shop-api-staging\")"
      "roles/compute.networkAdmin" = "(resource.type != \"compute.googleapis.com/Network\" || resource.name == \"projects/acme-shop/global/networks/shop-api-staging\") && (resource.type != \"compute.googleapis.com/Subnetwork\" || resource.name == \"projects/acme-shop/regions/us-central1/subnetworks/shop-api-staging\") && (resource.type != \"compute.googleapis.com/Router\" || resource.name == \"projects/acme-shop/regions/us-central1/routers/shop-api-staging\")"
    }
    prod = {
      "roles/container.admin"      = "(resource.type != \"container.googleapis.com/Cluster\" || resource.name == \"projects/acme-shop/locations/us-central1/clusters/shop-api-prod\")"
      "roles/compute.networkAdmin" = "(resource.type != \"compute.googleapis.com/Network\" || resource.name == \"projects/acme-shop/global/networks/shop-api-prod\") && (resource.type != \"compute.googleapis.com/Subnetwork\" || resource.name == \"projects/acme-shop/regions/us-central1/subnetworks/shop-api-prod\") && (resource.type != \"compute.googleapis.com/Router\" || resource.name == \"projects/acme-shop/regions/us-central1/routers/shop-api-prod\")"
    }
  }
}

resource "google_project_iam_member" "terraform" {
  for_each = merge([for key, sa in local.service_accounts : { for role, condition in local.terraform_roles[sa.environment] : "${key} ${role}" => { account = key, role = role, condition = condition } } if sa.state != ""]...)
  project  = "acme-shop"
  role     = each.value.role
  member   = google_service_account.ci[each.value.account].member
  condition {
    title      = "own-resources"
    expression = each.value.condition
  }
}

resource "google_service_account_iam_member" "terraform_uses_nodes" {
  # Terraform gives the nodes their identity.
  for_each           = { for key, sa in local.service_accounts : key => { account = key } if sa.state != "" }
  service_account_id = google_service_account.nodes.name
  role               = "roles/iam.serviceAccountUser"
  member             = google_service_account.ci[each.value.account].member
}

resource "google_storage_bucket_iam_member" "state" {
  for_each = { for key, sa in local.service_accounts : key => merge(sa, { account = key }) if sa.state != "" }
  bucket   = google_storage_bucket.state.name
  role     = "roles/storage.objectUser"
  member   = google_service_account.ci[each.value.account].member
  condition {
    title      = "own-state"
    expression = "resource.type == \"storage.googleapis.com/Bucket\" || resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.state.name}/objects/${each.value.state}\")"
  }
}

locals {
  repositories = {
    dev = {
      id          = "shop-api-dev"
      region      = "us-central1"
      environment = "dev"
      account     = "dev-deploy"
    }
    staging = {
      id          = "shop-api-staging"
      region      = "us-central1"
      environment = "staging"
      account     = "staging-deploy"
    }
    prod = {
      id          = "shop-api-prod"
      region      = "us-central1"
      environment = "prod"
      account     = "prod-deploy"
    }
  }
}

resource "google_artifact_registry_repository" "app" {
  for_each      = local.repositories
  repository_id = each.value.id
  location      = each.value.region
  format        = "DOCKER"
  labels = {
    environment = each.value.environment
  }
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
  depends_on = [google_project_service.apis]
}

resource "google_artifact_registry_repository_iam_member" "push" {
  for_each   = local.repositories
  location   = google_artifact_registry_repository.app[each.key].location
  repository = google_artifact_registry_repository.app[each.key].name
  role       = "roles/artifactregistry.writer"
  member     = google_service_account.ci[each.value.account].member
}

output "workload_identity_provider" {
  value = google_iam_workload_identity_pool_provider.ci.name
}

output "service_accounts" {
  value = { for key, sa in google_service_account.ci : key => sa.email }
}
