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
# GitHub-hosted runners have no fixed addresses, so the public API stays open to them (IAM still
# authenticates every call). Narrow this to static runner or VPN egress CIDRs when you have them.
endpoint_public_access_cidrs = ["0.0.0.0/0"]
