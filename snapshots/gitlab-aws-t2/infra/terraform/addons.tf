module "lb_controller_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "~> 2.7"

  name                            = "${var.cluster_name}-lbc"
  use_name_prefix                 = false
  permissions_boundary_arn        = local.permissions_boundary
  attach_aws_lb_controller_policy = true
  aws_lb_controller_policy_name   = "${var.cluster_name}-lbc"
  associations = {
    controller = {
      cluster_name    = module.eks.cluster_name
      namespace       = "kube-system"
      service_account = "aws-load-balancer-controller"
    }
  }
}

module "ebs_csi_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "~> 2.7"

  name                      = "${var.cluster_name}-ebs-csi"
  use_name_prefix           = false
  permissions_boundary_arn  = local.permissions_boundary
  attach_aws_ebs_csi_policy = true
  aws_ebs_csi_policy_name   = "${var.cluster_name}-ebs-csi"
}
