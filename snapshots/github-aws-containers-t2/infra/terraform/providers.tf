provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project     = "shop-api"
      environment = var.environment
      managed-by  = "create-devops-stack"
    }
  }
}

data "aws_caller_identity" "current" {}

locals {
  # CI's identity for this stack (infra/bootstrap); every IAM role this stack creates carries the boundary.
  infrastructure_role  = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/shop-api-infra-${var.environment}"
  permissions_boundary = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:policy/shop-api-boundary-${var.environment}"
}
