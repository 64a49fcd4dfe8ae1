output "cluster_name" {
  value = azurerm_kubernetes_cluster.app.name
}

output "image_repository" {
  value = "${azurerm_container_registry.app.login_server}/${var.image_repository}"
}

output "key_vault_uri" {
  value = azurerm_key_vault.app.vault_uri
}

output "app_client_id" {
  value = azurerm_user_assigned_identity.app.client_id
}

output "alb_controller_client_id" {
  value = azurerm_user_assigned_identity.alb_controller.client_id
}

output "log_analytics_workspace_id" {
  value = azurerm_log_analytics_workspace.app.workspace_id
}
