provider "azurerm" {
  features {}
  subscription_id     = var.subscription_id
  storage_use_azuread = true
  # infra/bootstrap registers them: CI cannot.
  resource_provider_registrations = "none"
}

data "azurerm_client_config" "current" {}

locals {
  tags = {
    project     = "shop-api"
    environment = var.environment
    managed-by  = "create-devops-stack"
  }
}
