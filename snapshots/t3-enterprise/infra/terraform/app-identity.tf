resource "aws_iam_role" "app" {
  name                 = "${var.cluster_name}-app"
  permissions_boundary = local.permissions_boundary
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = {
        Service = "pods.eks.amazonaws.com"
      }
      Action = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = module.eks.cluster_name
  namespace       = "shop-api"
  service_account = "shop-api"
  role_arn        = aws_iam_role.app.arn
}

resource "aws_iam_role_policy" "app_db_secret" {
  # Read of the RDS-managed master secret only (the app builds DATABASE_URL from it), under its key.
  count = local.create_database
  name  = "read-db-secret"
  role  = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
        Resource = aws_db_instance.app[0].master_user_secret[0].secret_arn
      },
      {
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = aws_kms_key.db.arn
      },
    ]
  })
}
