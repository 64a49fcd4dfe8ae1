variable "region" {
  type = string
}

variable "environment" {
  type = string
}

variable "cluster_name" {
  description = "ECS cluster name; also names the VPC, roles, log group and alarms."
  type        = string
}

variable "ecr_repository_name" {
  type = string
}

variable "lb_name" {
  description = "Load balancer and target group name: 32 characters at most."
  type        = string
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

variable "task_cpu" {
  description = "Fargate CPU units, and MiB below: a valid pair."
  type        = number
}

variable "task_memory" {
  type = number
}

variable "min_tasks" {
  type = number
}

variable "max_tasks" {
  type = number
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all AZs (false: one per AZ)."
  type        = bool
}

variable "log_retention_days" {
  description = "Retention of the app and flow logs."
  type        = number
}
