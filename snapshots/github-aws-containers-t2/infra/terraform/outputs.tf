output "cluster_name" {
  value = aws_ecs_cluster.app.name
}

output "service_name" {
  value = aws_ecs_service.app.name
}

output "url" {
  value = "http://${aws_lb.app.dns_name}"
}

output "ecr_repository_url" {
  value = aws_ecr_repository.app.repository_url
}

output "vpc_id" {
  value = module.vpc.vpc_id
}

output "page_topic_arn" {
  value = aws_sns_topic.alarms["page"].arn
}

output "ticket_topic_arn" {
  value = aws_sns_topic.alarms["ticket"].arn
}
