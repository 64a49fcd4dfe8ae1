variable "subscription_id" {
  type = string
}

variable "region" {
  type = string
}

variable "environment" {
  type = string
}

variable "resource_group" {
  type = string
}

variable "cluster_name" {
  type = string
}

variable "registry_name" {
  type = string
}

variable "image_repository" {
  type = string
}

variable "key_vault_name" {
  type = string
}

variable "cluster_admins" {
  description = "Entra ID object ids."
  type        = list(string)
  default     = []
}

variable "zones" {
  type = list(string)
}

variable "node_vm_size" {
  type = string
}

variable "node_min_count" {
  type = number
}

variable "node_max_count" {
  type = number
}
