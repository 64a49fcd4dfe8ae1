region              = "us-east-1"
environment         = "dev"
cluster_name        = "shop-api-dev"
ecr_repository_name = "shop-api-dev"
lb_name             = "shop-api-dev"
task_cpu            = 256
task_memory         = 512
min_tasks           = 2
max_tasks           = 3

# One NAT gateway: cheaper, one AZ of egress.
single_nat_gateway = true
log_retention_days = 30
