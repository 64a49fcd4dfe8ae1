variable "region" {
  type = string
}

variable "environment" {
  description = "Environment name, for tags."
  type        = string
}

variable "cluster_name" {
  description = "EKS cluster name; also names the VPC and IAM roles."
  type        = string
}

variable "ecr_repository_name" {
  description = "ECR repository CI pushes to."
  type        = string
}

variable "deploy_role_name" {
  description = "CI deploy role: a cluster admin."
  type        = string
}

variable "cluster_admin_arns" {
  description = "Other cluster admins (people)."
  type        = list(string)
  default     = []
}

variable "vpc_cidr" {
  description = "VPC CIDR, /20 or larger."
  type        = string
  default     = "10.0.0.0/16"
  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) <= 20
    error_message = "Use a CIDR block of /20 or larger."
  }
}

variable "kubernetes_version" {
  description = "EKS version; upgrade one minor version at a time."
  type        = string
  default     = "1.34"
}

variable "endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the public Kubernetes API."
  type        = list(string)
  validation {
    condition     = length(var.endpoint_public_access_cidrs) > 0
    error_message = "List at least one CIDR."
  }
}

variable "node_instance_types" {
  type = list(string)
}

variable "node_min_size" {
  type = number
}

variable "node_max_size" {
  type = number
}

variable "node_desired_size" {
  description = "Nodes at creation; the module ignores later changes."
  type        = number
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all AZs (false: one per AZ)."
  type        = bool
}

variable "log_retention_days" {
  description = "Retention of the cluster, flow and audit logs."
  type        = number
}
