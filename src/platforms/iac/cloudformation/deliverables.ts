/** What the CloudFormation stacks must show, for the completeness report. */
import { escapeRegex, type DeliverableSpec } from '../../../completeness/deliverable.js';
import type { Plan } from '../../../plan/types.js';
import { CFN_FILES } from '../../cloud/aws/cloudformation/index.js';

export function cloudFormationDeliverables(plan: Plan): DeliverableSpec[] {
  const dir = plan.paths.iacDir;
  const platform = `${dir}/${CFN_FILES.platform}`;
  return [
    { id: 'network', what: 'VPC with public and private subnets', path: platform, checks: [/Type: AWS::EC2::VPC/, /Type: AWS::EC2::NatGateway/] },
    { id: 'cluster', what: 'EKS Auto Mode cluster, retained on deletion', path: platform, checks: [/Type: AWS::EKS::Cluster/, /DeletionPolicy: Retain/] },
    { id: 'registry', what: 'ECR repository for the image', path: platform, checks: [/Type: AWS::ECR::Repository/] },
    { id: 'bootstrap', what: 'bootstrap: CI OIDC provider, deploy roles', path: `${dir}/${CFN_FILES.bootstrap}`, checks: [/AWS::IAM::OIDCProvider/, /sts:AssumeRoleWithWebIdentity/] },
    { id: 'change-sets', what: 'deploys by change set, refusing to replace what holds state', path: `${dir}/${CFN_FILES.script}`, checks: [/create-change-set/, /execute-change-set/, /Replacement/] },
    ...plan.environments.flatMap((e) =>
      e.targets.map((t) => ({ id: `parameters.${t.id}`, what: `parameters of ${t.id} (${t.region})`, path: `${dir}/${t.varsPath}`, checks: [new RegExp(`"ParameterValue": ?"${escapeRegex(t.clusterName)}"`)] })),
    ),
  ];
}
