resource "azurerm_application_load_balancer" "app" {
  name                = var.cluster_name
  location            = var.region
  resource_group_name = var.resource_group
  tags                = local.tags
}

resource "azurerm_application_load_balancer_subnet_association" "app" {
  name                         = "app"
  application_load_balancer_id = azurerm_application_load_balancer.app.id
  subnet_id                    = azurerm_subnet.app["ingress"].id
  tags                         = local.tags
}

resource "azurerm_application_load_balancer_frontend" "app" {
  name                         = "app"
  application_load_balancer_id = azurerm_application_load_balancer.app.id
  tags                         = local.tags
}

resource "azurerm_user_assigned_identity" "alb_controller" {
  name                = "${var.cluster_name}-alb-controller"
  location            = var.region
  resource_group_name = var.resource_group
  tags                = local.tags
}

resource "azurerm_federated_identity_credential" "alb_controller" {
  name                = "alb-controller"
  resource_group_name = var.resource_group
  parent_id           = azurerm_user_assigned_identity.alb_controller.id
  audience            = ["api://AzureADTokenExchange"]
  issuer              = azurerm_kubernetes_cluster.app.oidc_issuer_url
  subject             = "system:serviceaccount:azure-alb-system:alb-controller-sa"
}

resource "azurerm_role_assignment" "alb_controller_gateway" {
  scope                = "/subscriptions/${var.subscription_id}/resourceGroups/${var.resource_group}"
  role_definition_name = "AppGw for Containers Configuration Manager"
  principal_id         = azurerm_user_assigned_identity.alb_controller.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "alb_controller_subnet" {
  scope                = azurerm_subnet.app["ingress"].id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_user_assigned_identity.alb_controller.principal_id
  principal_type       = "ServicePrincipal"
}
