/**
 * addons.tf: the AWS identities of what the cluster runs beside the app, by Pod Identity
 * (terraform-aws-modules/eks-pod-identity v2, whose policies are the controllers' own): the AWS
 * Load Balancer Controller that turns the app's Ingress into an ALB (installed by the setup guide),
 * and from T2 the EBS CSI driver, which provisions Prometheus's volume (a default gp3 StorageClass).
 * Role names are the cluster's, short enough for IAM's 64 characters in a second region.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, blank, block, expr } from '../../../../render/hcl.js';
import { VERSIONS, boundary, hclFile } from './shared.js';

export const LB_CONTROLLER = { suffix: 'lbc', namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller' } as const;
export const EBS_CSI = { suffix: 'ebs-csi', serviceAccount: 'ebs-csi-controller-sa' } as const;

/** The EBS CSI driver is needed where Prometheus keeps its data on a volume (the SLO period, from T2). */
export const needsVolumes = (plan: Pick<Plan, 'features'>): boolean => plan.features.slo;

export function addonsTf(plan: Plan): VirtualFile {
  const role = (suffix: string) => expr(`"\${var.cluster_name}-${suffix}"`);
  return hclFile(`${plan.paths.iacDir}/addons.tf`, 'Pod Identity roles of the load balancer controller (and the EBS CSI driver)', [
    block('module', ['lb_controller_identity'], [
      attr('source', 'terraform-aws-modules/eks-pod-identity/aws'),
      attr('version', VERSIONS.podIdentityModule),
      blank(),
      attr('name', role(LB_CONTROLLER.suffix)),
      attr('use_name_prefix', false),
      boundary(plan, 'permissions_boundary_arn'),
      attr('attach_aws_lb_controller_policy', true),
      attr('aws_lb_controller_policy_name', role(LB_CONTROLLER.suffix)),
      attr('associations', {
        controller: { cluster_name: expr('module.eks.cluster_name'), namespace: LB_CONTROLLER.namespace, service_account: LB_CONTROLLER.serviceAccount },
      }),
    ]),
    needsVolumes(plan) &&
      block('module', ['ebs_csi_identity'], [
        attr('source', 'terraform-aws-modules/eks-pod-identity/aws'),
        attr('version', VERSIONS.podIdentityModule),
        blank(),
        attr('name', role(EBS_CSI.suffix)),
        attr('use_name_prefix', false),
        boundary(plan, 'permissions_boundary_arn'),
        attr('attach_aws_ebs_csi_policy', true),
        attr('aws_ebs_csi_policy_name', role(EBS_CSI.suffix)),
      ]),
  ]);
}
