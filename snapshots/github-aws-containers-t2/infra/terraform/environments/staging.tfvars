region              = "us-east-1"
environment         = "staging"
cluster_name        = "shop-api-staging"
ecr_repository_name = "shop-api-staging"
lb_name             = "shop-api-staging"
task_cpu            = 256
task_memory         = 512
min_tasks           = 2
max_tasks           = 3

# One NAT gateway: cheaper, one AZ of egress.
single_nat_gateway = true
log_retention_days = 30
