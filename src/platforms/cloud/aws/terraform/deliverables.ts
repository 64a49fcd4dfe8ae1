/** What the AWS Terraform must show, for the completeness report. */
import { escapeRegex, type DeliverableSpec } from '../../../../completeness/deliverable.js';
import type { Plan } from '../../../../plan/types.js';

export function awsTerraformDeliverables(plan: Plan): DeliverableSpec[] {
  const tf = plan.paths.iacDir;
  const targets = plan.environments.flatMap((e) => e.targets);
  return [
    { id: 'versions', what: 'Terraform and provider versions, S3 backend', path: `${tf}/versions.tf`, checks: [/required_version/, /backend "s3"/] },
    { id: 'network', what: 'VPC with public and private subnets', under: tf, checks: [/module "vpc"/] },
    plan.platforms.target === 'containers'
      ? { id: 'cluster', what: 'ECS cluster and Fargate service behind a load balancer', path: `${tf}/ecs.tf`, checks: [/resource "aws_ecs_cluster"/, /resource "aws_ecs_service"/, /resource "aws_lb"/] }
      : { id: 'cluster', what: 'EKS cluster and node group', under: tf, checks: [/module "eks"/] },
    { id: 'registry', what: 'ECR repository for the image', under: tf, checks: [/resource "aws_ecr_repository"/] },
    { id: 'outputs', what: 'outputs the pipeline and guides read', under: tf, checks: [/output "cluster_name"/] },
    { id: 'bootstrap', what: 'bootstrap: state bucket, CI OIDC provider, deploy roles', path: `${plan.paths.bootstrapDir}/main.tf`, checks: [/resource "aws_s3_bucket"/, /aws_iam_openid_connect_provider/] },
    ...targets.flatMap((t) => [
      { id: `tfvars.${t.id}`, what: `variables of ${t.id} (${t.region})`, path: `${tf}/${t.varsPath}`, checks: [new RegExp(`cluster_name\\s*=\\s*"${escapeRegex(t.clusterName)}"`)], ...(t.primary ? {} : { from: 'T3' as const }) },
      { id: `backend.${t.id}`, what: `state backend of ${t.id}, with S3-native locking`, path: `${tf}/${t.backendConfigPath}`, checks: [/use_lockfile\s*=\s*true/], ...(t.primary ? {} : { from: 'T3' as const }) },
    ]),
    { id: 'database', what: 'managed PostgreSQL (RDS)', under: tf, checks: [/resource "aws_db_instance"|module "rds"|module "db"/], from: 'T3', applies: plan.features.database },
  ];
}
