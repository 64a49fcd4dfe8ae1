module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name                                   = var.cluster_name
  kubernetes_version                     = var.kubernetes_version
  enabled_log_types                      = ["audit", "api", "authenticator"]
  cloudwatch_log_group_retention_in_days = var.log_retention_days
  encryption_config = {
    resources = ["secrets"]
  }
  # The key's administrator by name, not whoever applied last.
  kms_key_administrators = [local.infrastructure_role]
  # Fixed IAM role names: a name prefix may have only 38 characters.
  iam_role_use_name_prefix      = false
  iam_role_permissions_boundary = local.permissions_boundary
  # Workloads use Pod Identity, not IRSA.
  enable_irsa = false

  # Nodes reach the API privately; GitHub-hosted runners over the public endpoint, limited per environment.
  endpoint_private_access      = true
  endpoint_public_access       = true
  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs
  # Explicit admins: the module's creator entry would follow whoever ran Terraform last.
  enable_cluster_creator_admin_permissions = false
  access_entries = {
    for arn in concat(["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/${var.deploy_role_name}"], var.cluster_admin_arns) : arn => {
      principal_arn = arn
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }

  vpc_id                   = module.vpc.vpc_id
  subnet_ids               = module.vpc.private_subnets
  control_plane_subnet_ids = module.vpc.intra_subnets

  # vpc-cni enforces the stack's NetworkPolicies only with its policy agent on.
  addons = {
    coredns    = {}
    kube-proxy = {}
    vpc-cni = {
      before_compute = true
      configuration_values = jsonencode({
        enableNetworkPolicy = "true"
      })
    }
    eks-pod-identity-agent = {
      before_compute = true
    }
    amazon-cloudwatch-observability = {}
    aws-ebs-csi-driver = {
      configuration_values = jsonencode({
        defaultStorageClass = {
          enabled = true
        }
      })
      pod_identity_association = [{
        role_arn        = module.ebs_csi_identity.iam_role_arn
        service_account = "ebs-csi-controller-sa"
      }]
    }
  }

  eks_managed_node_groups = {
    default = {
      ami_type                      = "AL2023_x86_64_STANDARD"
      instance_types                = var.node_instance_types
      min_size                      = var.node_min_size
      max_size                      = var.node_max_size
      desired_size                  = var.node_desired_size
      iam_role_name                 = "${var.cluster_name}-node"
      iam_role_use_name_prefix      = false
      iam_role_permissions_boundary = local.permissions_boundary
      iam_role_additional_policies = {
        CloudWatchAgentServerPolicy = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
      }
    }
  }
}

resource "aws_cloudwatch_log_group" "container_insights" {
  # The CloudWatch add-on would create these without retention; created first, they expire.
  for_each          = toset(["application", "dataplane", "host", "performance"])
  name              = "/aws/containerinsights/${var.cluster_name}/${each.key}"
  retention_in_days = var.log_retention_days
}
