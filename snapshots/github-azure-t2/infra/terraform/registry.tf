resource "azurerm_container_registry" "app" {
  name                     = var.registry_name
  location                 = var.region
  resource_group_name      = var.resource_group
  sku                      = "Premium"
  admin_enabled            = false
  anonymous_pull_enabled   = false
  retention_policy_in_days = 7
  zone_redundancy_enabled  = length(var.zones) > 0
  tags                     = local.tags
}

resource "azurerm_role_assignment" "kubelet_pull" {
  scope                = azurerm_container_registry.app.id
  role_definition_name = "AcrPull"
  principal_id         = azurerm_kubernetes_cluster.app.kubelet_identity[0].object_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "deploy_push" {
  scope                = azurerm_container_registry.app.id
  role_definition_name = "AcrPush"
  principal_id         = data.azurerm_user_assigned_identity.deploy.principal_id
  principal_type       = "ServicePrincipal"
}
