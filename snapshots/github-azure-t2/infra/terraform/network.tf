resource "azurerm_virtual_network" "app" {
  name                = var.cluster_name
  location            = var.region
  resource_group_name = var.resource_group
  address_space       = ["10.20.0.0/16"]
  tags                = local.tags
}

resource "azurerm_subnet" "app" {
  for_each = {
    nodes = {
      cidr       = "10.20.0.0/22"
      delegation = ""
    }
    pods = {
      cidr       = "10.20.64.0/18"
      delegation = "Microsoft.ContainerService/managedClusters"
    }
    ingress = {
      cidr       = "10.20.4.0/24"
      delegation = "Microsoft.ServiceNetworking/trafficControllers"
    }
  }
  name                 = each.key
  resource_group_name  = var.resource_group
  virtual_network_name = azurerm_virtual_network.app.name
  address_prefixes     = [each.value.cidr]
  dynamic "delegation" {
    for_each = each.value.delegation == "" ? [] : [each.value.delegation]
    content {
      name = each.key
      service_delegation {
        name    = delegation.value
        actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
      }
    }
  }
}
