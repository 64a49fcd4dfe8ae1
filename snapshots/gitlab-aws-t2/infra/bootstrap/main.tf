# Apply once, by hand, with admin credentials: a backend cannot create its own
# bucket, and CI cannot create the role it assumes.

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

resource "aws_iam_openid_connect_provider" "gitlab" {
  url            = "https://gitlab.com"
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  deploy_roles = {
    dev = {
      name     = "shop-api-deploy-dev"
      subjects = ["project_path:acme/shop-api:ref_type:branch:ref:main"]
      state    = "shop-api/dev/terraform.tfstate"
      cluster  = "shop-api-dev"
    }
    staging = {
      name     = "shop-api-deploy-staging"
      subjects = ["project_path:acme/shop-api:ref_type:branch:ref:main"]
      state    = "shop-api/staging/terraform.tfstate"
      cluster  = "shop-api-staging"
    }
    prod = {
      name     = "shop-api-deploy-prod"
      subjects = ["project_path:acme/shop-api:ref_type:branch:ref:main"]
      state    = "shop-api/prod/terraform.tfstate"
      cluster  = "shop-api-prod"
    }
  }
}

resource "aws_iam_role" "deploy" {
  for_each = local.deploy_roles
  name     = each.value.name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "sts:AssumeRoleWithWebIdentity"
      Principal = {
        Federated = aws_iam_openid_connect_provider.gitlab.arn
      }
      Condition = {
        StringEquals = {
          "gitlab.com:aud" = "sts.amazonaws.com"
        }
        StringLike = {
          "gitlab.com:sub" = each.value.subjects
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "deploy" {
  # Service ARNs are generated, so not scoped; IAM writes reach only <cluster>-* names, no deploy role.
  for_each = local.deploy_roles
  role     = aws_iam_role.deploy[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:*Object"]
        Resource = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/${each.value.state}*"]
      },
      {
        Effect   = "Allow"
        Action   = ["ec2:*", "eks:*", "ecr:*", "kms:*", "logs:*", "iam:Get*", "iam:List*"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = "ssm:GetParameter"
        Resource = "arn:aws:ssm:*::parameter/aws/service/*"
      },
      {
        Effect = "Allow"
        Action = "iam:*"
        Resource = [
          "arn:aws:iam::*:role/${each.value.cluster}-*",
          "arn:aws:iam::*:policy/${each.value.cluster}-*",
        ]
      },
      {
        Effect   = "Deny"
        Action   = "iam:*"
        Resource = [for r in local.deploy_roles : "arn:aws:iam::*:role/${r.name}"]
      },
      {
        Effect   = "Allow"
        Action   = "iam:CreateServiceLinkedRole"
        Resource = "*"
        Condition = {
          StringLike = {
            "iam:AWSServiceName" = ["eks*.amazonaws.com", "autoscaling.amazonaws.com"]
          }
        }
      },
    ]
  })
}

output "state_bucket" {
  value = aws_s3_bucket.state.bucket
}

output "deploy_role_arns" {
  value = { for env, role in aws_iam_role.deploy : env => role.arn }
}
