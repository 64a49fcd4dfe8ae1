region              = "us-east-1"
environment         = "staging"
cluster_name        = "shop-api-staging"
ecr_repository_name = "shop-api-staging"
deploy_role_name    = "shop-api-deploy-staging"
node_instance_types = ["t3.large"]
node_min_size       = 2
node_max_size       = 3
node_desired_size   = 2

# One NAT gateway: cheaper, one AZ of egress.
single_nat_gateway = true
log_retention_days = 30

db_instance_class = "db.t4g.medium"
db_multi_az       = false
