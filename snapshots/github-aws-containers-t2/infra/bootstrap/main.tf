# Apply once, by hand, with admin credentials: a backend cannot create its own
# bucket, and CI cannot create the roles it assumes. Each environment gets two, Terraform's
# (infrastructure) and the deploy's, allowed only its resources: policies/*.json, per target.

terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }
}

provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = {
      project    = "shop-api"
      managed-by = "create-devops-stack"
    }
  }
}

data "aws_caller_identity" "current" {}

resource "aws_kms_key" "state" {
  description         = "shop-api Terraform state"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "state" {
  bucket = "shop-api-tfstate-955f9771"
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.state.arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]
      Condition = {
        Bool = {
          "aws:SecureTransport" = "false"
        }
      }
    }]
  })
}

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  environments = {
    dev = {
      subjects       = ["repo:acme/shop-api:environment:dev", "repo:acme@*/shop-api@*:environment:dev"]
      deploy         = "shop-api-deploy-dev"
      infrastructure = "shop-api-infra-dev"
      boundary       = "shop-api-boundary-dev"
      state          = "shop-api/dev/terraform.tfstate"
    }
    staging = {
      subjects       = ["repo:acme/shop-api:environment:staging", "repo:acme@*/shop-api@*:environment:staging"]
      deploy         = "shop-api-deploy-staging"
      infrastructure = "shop-api-infra-staging"
      boundary       = "shop-api-boundary-staging"
      state          = "shop-api/staging/terraform.tfstate"
    }
    prod = {
      subjects       = ["repo:acme/shop-api:environment:prod", "repo:acme@*/shop-api@*:environment:prod"]
      deploy         = "shop-api-deploy-prod"
      infrastructure = "shop-api-infra-prod"
      boundary       = "shop-api-boundary-prod"
      state          = "shop-api/prod/terraform.tfstate"
    }
  }
  # Each deploy target's values for policies/*.json.
  targets = {
    dev = {
      environment = "dev"
      cluster     = "shop-api-dev"
      region      = "us-east-1"
      repository  = "shop-api-dev"
      lb          = "shop-api-dev"
    }
    staging = {
      environment = "staging"
      cluster     = "shop-api-staging"
      region      = "us-east-1"
      repository  = "shop-api-staging"
      lb          = "shop-api-staging"
    }
    prod = {
      environment = "prod"
      cluster     = "shop-api-prod"
      region      = "us-east-1"
      repository  = "shop-api-prod"
      lb          = "shop-api-prod"
    }
  }
  policy_values = {
    account   = data.aws_caller_identity.current.account_id
    state_key = aws_kms_key.state.arn
  }
}

resource "aws_iam_role" "deploy" {
  for_each = local.environments
  name     = each.value.deploy
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRoleWithWebIdentity"
      Principal = {
        Federated = aws_iam_openid_connect_provider.github.arn
      }
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
        }
        StringLike = {
          "token.actions.githubusercontent.com:sub" = each.value.subjects
        }
      }
    }]
  })
}

resource "aws_iam_role" "infrastructure" {
  # The same subjects: an environment's OIDC token does not say whether its job runs Terraform.
  for_each           = local.environments
  name               = each.value.infrastructure
  assume_role_policy = aws_iam_role.deploy[each.key].assume_role_policy
}

resource "aws_iam_policy" "boundary" {
  # Every role the infrastructure role creates must carry it.
  for_each = local.environments
  name     = each.value.boundary
  policy   = templatefile("${path.module}/policies/boundary.json", merge(local.policy_values, { environment = each.key }))
}

resource "aws_iam_policy" "infrastructure" {
  for_each = local.environments
  name     = each.value.infrastructure
  policy   = templatefile("${path.module}/policies/infrastructure.json", merge(local.policy_values, { environment = each.key, state = each.value.state }))
}

resource "aws_iam_role_policy_attachment" "infrastructure" {
  for_each   = local.environments
  role       = aws_iam_role.infrastructure[each.key].name
  policy_arn = aws_iam_policy.infrastructure[each.key].arn
}

resource "aws_iam_policy" "infrastructure_target" {
  for_each = local.targets
  name     = "${each.value.cluster}-terraform"
  policy   = templatefile("${path.module}/policies/infrastructure-target.json", merge(local.policy_values, each.value))
}

resource "aws_iam_role_policy_attachment" "infrastructure_target" {
  for_each   = local.targets
  role       = aws_iam_role.infrastructure[each.value.environment].name
  policy_arn = aws_iam_policy.infrastructure_target[each.key].arn
}

resource "aws_iam_role_policy" "deploy" {
  for_each = local.targets
  name     = each.key
  role     = aws_iam_role.deploy[each.value.environment].id
  policy   = templatefile("${path.module}/policies/deploy.json", merge(local.policy_values, each.value))
}

output "state_bucket" {
  value = aws_s3_bucket.state.bucket
}

output "deploy_role_arns" {
  value = { for env, role in aws_iam_role.deploy : env => role.arn }
}

output "infrastructure_role_arns" {
  value = { for env, role in aws_iam_role.infrastructure : env => role.arn }
}
