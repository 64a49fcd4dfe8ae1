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
  intra_subnets   = [for i in range(3) : cidrsubnet(var.vpc_cidr, 8, i + 52)]

  # T1 runs one basic environment on one NAT gateway; at T2, prod gets one per AZ.
  enable_nat_gateway      = true
  single_nat_gateway      = true
  enable_dns_support      = true
  enable_dns_hostnames    = true
  map_public_ip_on_launch = false

  # The VPC's default security group, route table and network ACL stay untagged, as AWS creates
  # them: CI may tag only what it creates, and nothing uses them.
  manage_default_security_group = false
  manage_default_route_table    = false
  manage_default_network_acl    = false

  public_subnet_tags = {
    "kubernetes.io/role/elb" = 1
  }
  private_subnet_tags = {
    "kubernetes.io/role/internal-elb" = 1
  }
}
