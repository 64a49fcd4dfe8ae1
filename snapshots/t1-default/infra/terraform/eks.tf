module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = var.cluster_name
  kubernetes_version = var.kubernetes_version
  enabled_log_types  = ["audit", "api", "authenticator"]
  encryption_config = {
    resources = ["secrets"]
  }
  # The key is administered by the cluster admins, not whoever applied last.
  kms_key_administrators = var.cluster_admin_arns
  # Fixed IAM role names: a name prefix may have only 38 characters.
  iam_role_use_name_prefix = false
  # Workloads use Pod Identity, not IRSA.
  enable_irsa = false

  # T1: GitHub-hosted runners reach the API over the internet. T2 makes it private, runners in the VPC.
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

  addons = {
    coredns    = {}
    kube-proxy = {}
    vpc-cni = {
      before_compute = true
    }
    eks-pod-identity-agent = {
      before_compute = true
    }
    amazon-cloudwatch-observability = {}
  }

  eks_managed_node_groups = {
    default = {
      ami_type                 = "AL2023_x86_64_STANDARD"
      instance_types           = var.node_instance_types
      min_size                 = var.node_min_size
      max_size                 = var.node_max_size
      desired_size             = var.node_desired_size
      iam_role_name            = "${var.cluster_name}-node"
      iam_role_use_name_prefix = false
      iam_role_additional_policies = {
        CloudWatchAgentServerPolicy = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
      }
    }
  }
}
