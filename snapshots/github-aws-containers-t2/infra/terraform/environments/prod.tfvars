region              = "us-east-1"
environment         = "prod"
cluster_name        = "shop-api-prod"
ecr_repository_name = "shop-api-prod"
lb_name             = "shop-api-prod"
task_cpu            = 512
task_memory         = 1024
min_tasks           = 2
max_tasks           = 6

# One NAT gateway per AZ: losing an AZ does not cut egress.
single_nat_gateway = false
log_retention_days = 365
