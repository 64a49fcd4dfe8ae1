data "aws_availability_zones" "available" {
  # No Local or Wavelength Zones.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 3)
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 6.0"

  name            = var.cluster_name
  cidr            = var.vpc_cidr
  azs             = local.azs
  private_subnets = [for i in range(3) : cidrsubnet(var.vpc_cidr, 4, i)]
  public_subnets  = [for i in range(3) : cidrsubnet(var.vpc_cidr, 8, i + 48)]

  # Set per environment: one NAT gateway outside production, one per AZ in production.
  enable_nat_gateway      = true
  single_nat_gateway      = var.single_nat_gateway
  one_nat_gateway_per_az  = !var.single_nat_gateway
  enable_dns_support      = true
  enable_dns_hostnames    = true
  map_public_ip_on_launch = false

  # The VPC's default security group, route table and network ACL stay untagged, as AWS creates
  # them: CI may tag only what it creates, and nothing uses them.
  manage_default_security_group = false
  manage_default_route_table    = false
  manage_default_network_acl    = false


  enable_flow_log                                 = true
  create_flow_log_cloudwatch_log_group            = true
  create_flow_log_cloudwatch_iam_role             = true
  flow_log_cloudwatch_log_group_retention_in_days = var.log_retention_days
  # Named after the cluster (not the VPC id), so that the CI role can be given exactly this log group.
  flow_log_cloudwatch_log_group_name_suffix = var.cluster_name
  vpc_flow_log_iam_role_name                = "${var.cluster_name}-flow-log"
  vpc_flow_log_iam_role_use_name_prefix     = false
  vpc_flow_log_iam_policy_name              = "${var.cluster_name}-flow-log"
  vpc_flow_log_iam_policy_use_name_prefix   = false
  vpc_flow_log_permissions_boundary         = local.permissions_boundary
}
