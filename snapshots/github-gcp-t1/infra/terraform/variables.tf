variable "project" {
  type = string
}

variable "region" {
  type = string
}

variable "environment" {
  description = "Environment name, for labels."
  type        = string
}

variable "cluster_name" {
  description = "GKE cluster; also names the VPC."
  type        = string
}

variable "image" {
  description = "Image path below the registry host: <repository>/<image>."
  type        = string
}

variable "node_service_account" {
  type = string
}
