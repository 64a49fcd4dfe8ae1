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
