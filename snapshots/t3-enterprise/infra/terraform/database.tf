locals {
  create_database = var.db_backup_source_region == null ? 1 : 0
}

resource "aws_kms_key" "db" {
  description         = "${var.cluster_name} database storage, backups, Performance Insights and password"
  enable_key_rotation = true
  # The account delegates to IAM, as by default; CI's infrastructure role administers the key by name,
  # which takes effect at once (a grant by the new key's tags may take minutes).
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = {
        AWS = [
          "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root",
          local.infrastructure_role,
        ]
      }
      Action   = "kms:*"
      Resource = "*"
    }]
  })
}

resource "aws_db_subnet_group" "app" {
  count      = local.create_database
  name       = var.cluster_name
  subnet_ids = module.vpc.private_subnets
}

resource "aws_security_group" "db" {
  count       = local.create_database
  name        = "${var.cluster_name}-db"
  description = "PostgreSQL from the EKS nodes only; no egress"
  vpc_id      = module.vpc.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "db_from_nodes" {
  count                        = local.create_database
  security_group_id            = aws_security_group.db[0].id
  referenced_security_group_id = module.eks.node_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_db_instance" "app" {
  count                 = local.create_database
  identifier            = var.cluster_name
  engine                = "postgres"
  engine_version        = "17"
  instance_class        = var.db_instance_class
  allocated_storage     = 20
  max_allocated_storage = 100
  storage_type          = "gp3"
  db_name               = "shop_api"
  username              = "postgres"
  # RDS generates and rotates the password in Secrets Manager: never in a file or the state.
  manage_master_user_password = true
  # Under the environment's own key: no other environment's roles may decrypt it.
  master_user_secret_kms_key_id = aws_kms_key.db.arn

  db_subnet_group_name   = aws_db_subnet_group.app[0].name
  vpc_security_group_ids = [aws_security_group.db[0].id]
  multi_az               = var.db_multi_az

  storage_encrypted               = true
  kms_key_id                      = aws_kms_key.db.arn
  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.db.arn
  backup_retention_period         = 14
  copy_tags_to_snapshot           = true
  deletion_protection             = true
  skip_final_snapshot             = false
  final_snapshot_identifier       = "${var.cluster_name}-final"
}

resource "aws_db_instance_automated_backups_replication" "app" {
  # Second region only: copies of the primary database backups, encrypted with this region's key.
  count                  = 1 - local.create_database
  source_db_instance_arn = "arn:aws:rds:${var.db_backup_source_region}:${data.aws_caller_identity.current.account_id}:db:${var.db_backup_source_instance}"
  kms_key_id             = aws_kms_key.db.arn
  retention_period       = 14
}
