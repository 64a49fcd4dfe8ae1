# Environment checks pipeline YAML cannot hold: apply once, AZDO_PERSONAL_ACCESS_TOKEN set.

terraform {
  required_version = ">= 1.10"
  required_providers {
    azuredevops = {
      source  = "microsoft/azuredevops"
      version = "~> 1.8"
    }
  }
}

provider "azuredevops" {
  org_service_url = "https://dev.azure.com/acme"
}

data "azuredevops_project" "this" {
  name = "shop"
}

data "azuredevops_group" "approvers" {
  # Approves prod deploys (any group of the project will do).
  project_id = data.azuredevops_project.this.id
  name       = "Project Administrators"
}

resource "azuredevops_environment" "env" {
  for_each   = toset(["dev", "staging", "prod"])
  project_id = data.azuredevops_project.this.id
  name       = "shop-api-${each.key}"
}

resource "azuredevops_check_exclusive_lock" "env" {
  # One deploy at a time (lockBehavior: sequential queues the next).
  for_each             = azuredevops_environment.env
  project_id           = data.azuredevops_project.this.id
  target_resource_id   = each.value.id
  target_resource_type = "environment"
}

resource "azuredevops_check_branch_control" "env" {
  # From the deploy branch only, whatever a branch's pipeline file says.
  for_each             = azuredevops_environment.env
  project_id           = data.azuredevops_project.this.id
  target_resource_id   = each.value.id
  target_resource_type = "environment"
  allowed_branches     = "refs/heads/main"
}

resource "azuredevops_check_approval" "prod" {
  project_id           = data.azuredevops_project.this.id
  target_resource_id   = azuredevops_environment.env["prod"].id
  target_resource_type = "environment"
  approvers            = [data.azuredevops_group.approvers.origin_id]
}
