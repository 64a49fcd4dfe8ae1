/**
 * The names an AWS target creates that must be unique: IAM names across the account (the EKS
 * module names the cluster's and nodes' roles after the cluster, as we name the app's and the
 * flow logs'), ECR repositories, KMS aliases and log groups per account and region.
 */
import type { Plan } from '../../../../plan/types.js';
import type { UniqueName } from '../../../../steps/facts.js';

export function awsUniqueNames(values: Record<string, string>, plan: Plan): Omit<UniqueName, 'targetId' | 'file'>[] {
  const region = values['region'] ?? '';
  const cluster = values['cluster_name'];
  const repository = values['ecr_repository_name'];
  const names: Omit<UniqueName, 'targetId' | 'file'>[] = [];
  const add = (name: string, kind: string, scope: UniqueName['scope']) => names.push({ name, kind, scope, region });
  if (cluster) {
    add(`${cluster}-cluster`, 'IAM role (EKS cluster)', 'account');
    add(`${cluster}-node`, 'IAM role (nodes)', 'account');
    add(`${cluster}-lbc`, 'IAM role (load balancer controller)', 'account');
    if (plan.features.slo) add(`${cluster}-ebs-csi`, 'IAM role (EBS CSI driver)', 'account');
    if (plan.answers.domain) add(`${cluster}-dns`, 'IAM role (ExternalDNS)', 'account');
    if (plan.features.hardenedInfrastructure) {
      add(`${cluster}-app`, 'IAM role (app)', 'account');
      add(`${cluster}-flow-log`, 'IAM role (flow logs)', 'account');
    }
    add(`alias/eks/${cluster}`, 'KMS alias', 'region');
    add(`/aws/eks/${cluster}/cluster`, 'CloudWatch log group', 'region');
  }
  if (repository) add(repository, 'ECR repository', 'region');
  return names;
}
