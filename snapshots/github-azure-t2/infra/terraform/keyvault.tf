resource "azurerm_key_vault" "app" {
  name                       = var.key_vault_name
  location                   = var.region
  resource_group_name        = var.resource_group
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  rbac_authorization_enabled = true
  soft_delete_retention_days = 90
  purge_protection_enabled   = true
  tags                       = local.tags
}

resource "azurerm_user_assigned_identity" "app" {
  name                = "${var.cluster_name}-app"
  location            = var.region
  resource_group_name = var.resource_group
  tags                = local.tags
}

resource "azurerm_federated_identity_credential" "app" {
  name                = "kubernetes"
  resource_group_name = var.resource_group
  parent_id           = azurerm_user_assigned_identity.app.id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = azurerm_kubernetes_cluster.app.oidc_issuer_url
  subject             = "system:serviceaccount:shop-api:shop-api"
}

resource "azurerm_role_assignment" "app_secrets" {
  scope                = azurerm_key_vault.app.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
  principal_type       = "ServicePrincipal"
}
