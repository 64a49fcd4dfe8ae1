output "cluster_name" {
  value = module.eks.cluster_name
}

output "cluster_endpoint" {
  value = module.eks.cluster_endpoint
}

output "ecr_repository_url" {
  value = aws_ecr_repository.app.repository_url
}

output "vpc_id" {
  value = module.vpc.vpc_id
}

output "app_role_arn" {
  value = aws_iam_role.app.arn
}

output "security_alerts_topic_arn" {
  value = aws_sns_topic.security_alerts.arn
}

output "db_endpoint" {
  value = one(aws_db_instance.app[*].endpoint)
}

output "db_secret_arn" {
  value = one(aws_db_instance.app[*].master_user_secret[0].secret_arn)
}

output "db_name" {
  value = one(aws_db_instance.app[*].db_name)
}
