# Warm standby of production, deployed after the primary region passes its gate.
# Replicated from the primary: images (ECR replication); database backups (restore here on failover).
# Not replicated: Terraform state (own key, in the primary region's bucket; replicate that bucket
# to deploy here while the primary region is down) and cluster objects (CI applies them per region).
region              = "us-west-2"
environment         = "prod"
cluster_name        = "shop-api-prod-usw2"
ecr_repository_name = "shop-api-prod"
deploy_role_name    = "shop-api-deploy-prod"
node_instance_types = ["m6i.large"]
node_min_size       = 2
node_max_size       = 5
node_desired_size   = 2

# One NAT gateway per AZ: losing an AZ does not cut egress.
single_nat_gateway = false
log_retention_days = 365

db_backup_source_region   = "us-east-1"
db_backup_source_instance = "shop-api-prod"
