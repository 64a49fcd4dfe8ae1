region              = "us-east-1"
environment         = "prod"
cluster_name        = "shop-api-prod"
ecr_repository_name = "shop-api-prod"
deploy_role_name    = "shop-api-deploy-prod"
node_instance_types = ["m6i.large"]
node_min_size       = 2
node_max_size       = 5
node_desired_size   = 2

# One NAT gateway per AZ: losing an AZ does not cut egress.
single_nat_gateway = false
log_retention_days = 365
# GitHub-hosted runners have no fixed addresses, so the public API stays open to them (IAM still
# authenticates every call). Narrow this to static runner or VPN egress CIDRs when you have them.
endpoint_public_access_cidrs = ["0.0.0.0/0"]
