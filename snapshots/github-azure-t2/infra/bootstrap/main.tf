# Apply once, by hand, as an Owner: CI cannot create its own state or identities.

terraform {
  required_version = ">= 1.10"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.55"
    }
  }
}

provider "azurerm" {
  features {}
  subscription_id                 = "3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f"
  storage_use_azuread             = true
  resource_provider_registrations = "core"
  resource_providers_to_register = [
    "Microsoft.ContainerService",
    "Microsoft.ContainerRegistry",
    "Microsoft.ServiceNetworking",
    "Microsoft.OperationalInsights",
    "Microsoft.OperationsManagement",
    "Microsoft.KeyVault",
    "Microsoft.PolicyInsights",
  ]
}

data "azurerm_client_config" "current" {}

locals {
  tags = {
    project    = "shop-api"
    managed-by = "create-devops-stack"
  }
  ci_identities = {
    dev-tf = {
      name        = "id-shop-api-dev-tf"
      environment = "dev"
      subjects    = ["repo:acme/shop-api:environment:dev", "repo:acme@1234567/shop-api@89012345:environment:dev"]
      scopes      = ["/subscriptions/3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f/resourceGroups/rg-shop-api-dev-eastus2"]
      state       = "tfstate-dev"
    }
    dev-deploy = {
      name        = "id-shop-api-dev-deploy"
      environment = "dev"
      subjects    = ["repo:acme/shop-api:environment:dev", "repo:acme@1234567/shop-api@89012345:environment:dev"]
      state       = ""
    }
    staging-tf = {
      name        = "id-shop-api-staging-tf"
      environment = "staging"
      subjects = [
        "repo:acme/shop-api:environment:staging",
        "repo:acme@1234567/shop-api@89012345:environment:staging",
      ]
      scopes = [
        "/subscriptions/3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f/resourceGroups/rg-shop-api-staging-eastus2",
      ]
      state = "tfstate-staging"
    }
    staging-deploy = {
      name        = "id-shop-api-staging-deploy"
      environment = "staging"
      subjects = [
        "repo:acme/shop-api:environment:staging",
        "repo:acme@1234567/shop-api@89012345:environment:staging",
      ]
      state = ""
    }
    prod-tf = {
      name        = "id-shop-api-prod-tf"
      environment = "prod"
      subjects = [
        "repo:acme/shop-api:environment:prod",
        "repo:acme@1234567/shop-api@89012345:environment:prod",
      ]
      scopes = [
        "/subscriptions/3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f/resourceGroups/rg-shop-api-prod-eastus2",
      ]
      state = "tfstate-prod"
    }
    prod-deploy = {
      name        = "id-shop-api-prod-deploy"
      environment = "prod"
      subjects = [
        "repo:acme/shop-api:environment:prod",
        "repo:acme@1234567/shop-api@89012345:environment:prod",
      ]
      state = ""
    }
  }
  targets = {
    rg-shop-api-dev-eastus2     = "eastus2"
    rg-shop-api-staging-eastus2 = "eastus2"
    rg-shop-api-prod-eastus2    = "eastus2"
  }
}

resource "azurerm_resource_group" "ci" {
  name     = "rg-shop-api-ci"
  location = "eastus2"
  tags     = local.tags
}

resource "azurerm_resource_group" "targets" {
  for_each = local.targets
  name     = each.key
  location = each.value
  tags     = local.tags
}

resource "azurerm_storage_account" "state" {
  name                            = "shopapitfstate81520fb8"
  resource_group_name             = azurerm_resource_group.ci.name
  location                        = azurerm_resource_group.ci.location
  account_kind                    = "StorageV2"
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  shared_access_key_enabled       = false
  default_to_oauth_authentication = true
  allow_nested_items_to_be_public = false
  blob_properties {
    versioning_enabled = true
    delete_retention_policy {
      days = 30
    }
    container_delete_retention_policy {
      days = 30
    }
  }
  tags = local.tags
  lifecycle {
    prevent_destroy = true
  }
}

resource "azurerm_storage_container" "state" {
  for_each              = toset(["tfstate-dev", "tfstate-staging", "tfstate-prod"])
  name                  = each.value
  storage_account_id    = azurerm_storage_account.state.id
  container_access_type = "private"
}

resource "azurerm_role_assignment" "state_admin" {
  # Owner has no data-plane rights.
  scope                = azurerm_storage_account.state.id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_user_assigned_identity" "ci" {
  for_each            = local.ci_identities
  name                = each.value.name
  resource_group_name = azurerm_resource_group.ci.name
  location            = azurerm_resource_group.ci.location
  tags                = merge(local.tags, { environment = each.value.environment })
}

resource "azurerm_federated_identity_credential" "ci" {
  for_each            = merge([for key, id in local.ci_identities : { for i, s in id.subjects : "${key}-${i}" => merge(id, { identity = key, subject = s }) }]...)
  name                = each.key
  resource_group_name = azurerm_resource_group.ci.name
  parent_id           = azurerm_user_assigned_identity.ci[each.value.identity].id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = "https://token.actions.githubusercontent.com"
  subject             = each.value.subject
}

resource "azurerm_role_assignment" "terraform_contributor" {
  for_each             = merge([for key, id in local.ci_identities : { for s in id.scopes : "${key} ${s}" => { identity = key, scope = s } }]...)
  scope                = each.value.scope
  role_definition_name = "Contributor"
  principal_id         = azurerm_user_assigned_identity.ci[each.value.identity].principal_id
  principal_type       = "ServicePrincipal"
  depends_on           = [azurerm_resource_group.targets]
}

resource "azurerm_role_assignment" "terraform_assign" {
  # Only the roles the root stack assigns (AcrPull, AcrPush, AKS RBAC Cluster Admin, …), by id.
  for_each             = merge([for key, id in local.ci_identities : { for s in id.scopes : "${key} ${s}" => { identity = key, scope = s } }]...)
  scope                = each.value.scope
  role_definition_name = "Role Based Access Control Administrator"
  principal_id         = azurerm_user_assigned_identity.ci[each.value.identity].principal_id
  principal_type       = "ServicePrincipal"
  condition_version    = "2.0"
  condition            = "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {7f951dda-4ed3-4680-a7ca-43fe172d538d, 8311e382-0749-4cb8-b61a-304f252e45ec, b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b, 4633458b-17de-408a-b874-0445c86b69e6, fbc52c3f-28ad-4303-a892-8a056630b8f1, 4d97b98b-1d4f-4787-a291-c67834d212e7})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {7f951dda-4ed3-4680-a7ca-43fe172d538d, 8311e382-0749-4cb8-b61a-304f252e45ec, b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b, 4633458b-17de-408a-b874-0445c86b69e6, fbc52c3f-28ad-4303-a892-8a056630b8f1, 4d97b98b-1d4f-4787-a291-c67834d212e7}))"
  depends_on           = [azurerm_resource_group.targets]
}

resource "azurerm_role_assignment" "terraform_state" {
  for_each             = { for key, id in local.ci_identities : key => merge(id, { identity = key }) if id.state != "" }
  scope                = azurerm_storage_container.state[each.value.state].id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = azurerm_user_assigned_identity.ci[each.value.identity].principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "terraform_reads_deploy" {
  # Terraform looks up its environment's deploy identity to grant it the registry and the cluster.
  for_each             = { for key, id in local.ci_identities : key => merge(id, { identity = key }) if id.state != "" }
  scope                = azurerm_user_assigned_identity.ci["${each.value.environment}-deploy"].id
  role_definition_name = "Reader"
  principal_id         = azurerm_user_assigned_identity.ci[each.value.identity].principal_id
  principal_type       = "ServicePrincipal"
}

output "deploy_client_ids" {
  value = { for key, id in azurerm_user_assigned_identity.ci : id.tags.environment => id.client_id if endswith(key, "-deploy") }
}

output "terraform_client_ids" {
  value = { for key, id in azurerm_user_assigned_identity.ci : id.tags.environment => id.client_id if endswith(key, "-tf") }
}
