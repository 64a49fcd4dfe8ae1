/**
 * The IAM names of the AWS stack: the two CI roles and the permissions boundary per environment
 * (created by the bootstrap), and what the root stack names after each cluster. The policies
 * (iam-policies.ts), the Terraform that creates them and the reader of their facts share these.
 */
import { EBS_CSI, LB_CONTROLLER } from './addons.js';
import { EXTERNAL_DNS } from './domain.js';

/**
 * Placeholders templatefile() fills in the policy templates (infra/bootstrap/policies/): the
 * account and the state key for all, and per deploy target its values from `local.targets`.
 */
export const VAR = {
  account: '${account}',
  stateKey: '${state_key}',
  /** The image signing key (T3, a CI platform that cannot sign keylessly): created by the bootstrap. */
  signingKey: '${signing_key}',
  environment: '${environment}',
  cluster: '${cluster}',
  region: '${region}',
  repository: '${repository}',
  state: '${state}',
} as const;

export const deployRoleName = (app: string, env: string): string => `${app}-deploy-${env}`;
export const infrastructureRoleName = (app: string, env: string): string => `${app}-infra-${env}`;
export const boundaryName = (app: string, env: string): string => `${app}-boundary-${env}`;

/** Which of a cluster's IAM roles and policies a stack creates; the root stack names them after the cluster. */
export interface ClusterIam {
  /** The app's Pod Identity role and the VPC flow-log role and policy (T2+). */
  hardened: boolean;
  /** The EBS CSI driver's Pod Identity role and policy (addons.tf, where Prometheus keeps a volume). */
  volumes: boolean;
  /** The account-wide CloudTrail trail's role (T3, the primary production target only). */
  audit: boolean;
  /** ExternalDNS's Pod Identity role and policy (domain.tf, with answers `domain`). */
  dns?: boolean;
}

export function clusterRoles(cluster: string, iam: ClusterIam): string[] {
  return [
    `${cluster}-cluster`,
    `${cluster}-node`,
    ...addonIam(cluster, iam),
    ...(iam.hardened ? [`${cluster}-app`, `${cluster}-flow-log`] : []),
    ...(iam.audit ? [`${cluster}-cloudtrail`] : []),
  ];
}

/** Customer-managed policies: the EKS module's encryption policy, the VPC module's flow-log policy. */
export function clusterPolicies(cluster: string, iam: ClusterIam): string[] {
  return [`${cluster}-cluster-ClusterEncryption`, ...addonIam(cluster, iam), ...(iam.hardened ? [`${cluster}-flow-log`] : [])];
}

/** The Pod Identity roles, each with its policy of the same name: the load balancer controller's, the EBS CSI driver's, ExternalDNS's. */
function addonIam(cluster: string, iam: ClusterIam): string[] {
  return [`${cluster}-${LB_CONTROLLER.suffix}`, ...(iam.volumes ? [`${cluster}-${EBS_CSI.suffix}`] : []), ...(iam.dns ? [`${cluster}-${EXTERNAL_DNS.suffix}`] : [])];
}

/** CloudWatch log groups named after the cluster (the VPC flow logs' group too, by its suffix). */
export function clusterLogGroups(cluster: string, iam: ClusterIam): string[] {
  return [
    `/aws/eks/${cluster}/*`,
    ...(iam.hardened ? [`/aws/containerinsights/${cluster}/*`, `/aws/vpc-flow-log/${cluster}`, `/aws/vpc-flow-log/${cluster}:*`] : []),
    ...(iam.audit ? [`/aws/cloudtrail/${cluster}`, `/aws/cloudtrail/${cluster}:*`] : []),
  ];
}

/** The EKS resources of a cluster: the cluster, and what lives under its name (Pod Identity associations: the load balancer controller's at every tier). */
export function eksResources(cluster: string): string[] {
  const under = ['nodegroup', 'addon', 'access-entry', 'podidentityassociation'];
  return [`cluster/${cluster}`, ...under.map((kind) => `${kind}/${cluster}/*`)];
}
