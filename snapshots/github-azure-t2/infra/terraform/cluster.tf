resource "azurerm_log_analytics_workspace" "app" {
  name                = var.cluster_name
  location            = var.region
  resource_group_name = var.resource_group
  retention_in_days   = 90
  tags                = local.tags
}

resource "azurerm_kubernetes_cluster" "app" {
  name                      = var.cluster_name
  location                  = var.region
  resource_group_name       = var.resource_group
  dns_prefix                = var.cluster_name
  sku_tier                  = "Standard"
  automatic_upgrade_channel = "patch"
  node_os_upgrade_channel   = "NodeImage"
  oidc_issuer_enabled       = true
  workload_identity_enabled = true
  local_account_disabled    = true
  azure_policy_enabled      = true
  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
    tenant_id          = data.azurerm_client_config.current.tenant_id
  }
  default_node_pool {
    name                        = "system"
    vm_size                     = var.node_vm_size
    vnet_subnet_id              = azurerm_subnet.app["nodes"].id
    pod_subnet_id               = azurerm_subnet.app["pods"].id
    zones                       = var.zones
    auto_scaling_enabled        = true
    min_count                   = var.node_min_count
    max_count                   = var.node_max_count
    temporary_name_for_rotation = "systemtmp"
  }
  identity {
    type = "SystemAssigned"
  }
  network_profile {
    network_plugin     = "azure"
    network_data_plane = "cilium"
    network_policy     = "cilium"
  }
  oms_agent {
    log_analytics_workspace_id      = azurerm_log_analytics_workspace.app.id
    msi_auth_for_monitoring_enabled = true
  }
  key_vault_secrets_provider {
    secret_rotation_enabled = true
  }
  tags = local.tags
}

data "azurerm_user_assigned_identity" "deploy" {
  # The environment's deploy identity (infra/bootstrap).
  name                = "id-shop-api-${var.environment}-deploy"
  resource_group_name = "rg-shop-api-ci"
}

resource "azurerm_role_assignment" "deploy_cluster" {
  scope                = azurerm_kubernetes_cluster.app.id
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = data.azurerm_user_assigned_identity.deploy.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "admins" {
  for_each             = toset(var.cluster_admins)
  scope                = azurerm_kubernetes_cluster.app.id
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = each.value
}
