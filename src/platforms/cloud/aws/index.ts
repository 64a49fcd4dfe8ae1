/**
 * AWS: EKS clusters, ECR, an S3 state bucket, and per environment two IAM roles CI assumes by
 * OIDC: the infrastructure role (Terraform) and the deploy role (push, kubectl). Terraform for it
 * is in terraform/; the names every other part reads are here.
 */
import type { Command, DeployTarget, Plan } from '../../../plan/types.js';
import { shCommand, shQuote } from '../../../render/shell.js';
import { defaultHostedZone } from '../../../plan/hosts.js';
import type { IdentityPurpose } from '../../../steps/cicd/model.js';
import type { CloudAdapter } from '../../types.js';
import { albSourceCidrs, VPC_CIDR } from './network.js';
import { AWS_REGIONS } from './regions.js';
import { awsSettings } from './settings.js';
import { AUTO_MODE_SETUP } from './cloudformation/index.js';
import { cfnBootstrapCommands, cfnExistingOidcProvider, repositoryUris, usesCloudFormation } from './cloudformation/commands.js';
import { deployRoleName } from './terraform/iam-names.js';
import { OIDC_AUDIENCE, oidcProviderName } from './terraform/shared.js';

/** The CI variables holding each identity's role ARN, by `identityVariables` key. */
export const ROLE_ARN_VARIABLES = { roleArn: 'AWS_DEPLOY_ROLE_ARN', infrastructureRoleArn: 'AWS_INFRA_ROLE_ARN' } as const;

/** The `identityVariables` key of the role a login of this purpose takes on. */
export const roleVariable = (purpose: IdentityPurpose = 'deploy'): keyof typeof ROLE_ARN_VARIABLES =>
  purpose === 'infrastructure' ? 'infrastructureRoleArn' : 'roleArn';

/** A region's short code, as AWS's own docs abbreviate them: us-west-2 → usw2, eu-central-1 → euc1. */
export function regionCode(region: string): string {
  const parts = region.split('-');
  return parts.map((p, i) => (i === 0 || i === parts.length - 1 ? p : p[0])).join('');
}

// kubectl pointed at an EKS cluster, or (target containers) the ECS service's cluster checked.
const CONNECT = /(?:update-kubeconfig\b.*--name|ecs describe-services\b.*--cluster)[= ](\S+)/;
const REGION = /--region[= ](\S+)/;

export function bootstrapCommands(plan: Pick<Plan, 'paths' | 'name' | 'region' | 'environments'> & Partial<Pick<Plan, 'platforms'>>): Command[] {
  if (usesCloudFormation(plan)) return cfnBootstrapCommands(plan);
  const dir = `-chdir=${plan.paths.bootstrapDir}`;
  return [
    { description: 'Initialise the bootstrap stack (local state)', run: shCommand('terraform', dir, 'init') },
    { description: 'Create the state bucket, the OIDC provider, the infrastructure and deploy roles', run: shCommand('terraform', dir, 'apply') },
    { description: 'Print the role ARNs to set as CI variables', run: shCommand('terraform', dir, 'output') },
  ];
}

/**
 * IAM allows one OIDC provider per issuer and account: where another stack or repository created
 * it, the bootstrap's apply fails with EntityAlreadyExists. Importing it lets this state use it (the
 * bootstrap cannot be destroyed by accident: its state bucket prevents it). ACCOUNT_ID is the user's.
 */
export function importOidcProvider(plan: Pick<Plan, 'paths'>, issuer: string, resource: string): Command {
  const arn = `arn:aws:iam::ACCOUNT_ID:oidc-provider/${issuer}`;
  return { description: "Use the account's existing OIDC provider", run: shCommand('terraform', `-chdir=${plan.paths.bootstrapDir}`, 'import', `aws_iam_openid_connect_provider.${resource}`, arn) };
}

export const aws: CloudAdapter = {
  id: 'aws',
  title: 'AWS',
  knownPaths: [
    'infra/bootstrap/main.tf',
    // The CI identities' policy templates (terraform/iam-policies.ts).
    'infra/bootstrap/policies/{account|boundary|deploy|domain|infrastructure|infrastructure-target}.json',
    'infra/terraform/{addons|app-identity|database|domain|ecr|eks|outputs|providers|security-monitoring|variables|versions|vpc}.tf',
    // An environment, or an environment and its second region (prod-us-west-2): both DNS labels.
    'infra/terraform/environments/{label}.s3.tfbackend',
    'infra/terraform/modules/account-audit/{main|outputs|variables}.tf',
  ],
  shell: {
    // A CI platform that fixes its tokens' audience (CircleCI: the organization id) is trusted with it.
    audience: (plan) => plan.environments[0]!.trust.audience ?? OIDC_AUDIENCE,
    // The AWS CLI and SDKs assume a role from a web identity token file by themselves.
    login: (plan, _env, region, tokenFile, purpose = 'deploy') => [
      `export AWS_ROLE_ARN="\${${plan.identityVariables[roleVariable(purpose)]}}"`,
      `export AWS_WEB_IDENTITY_TOKEN_FILE=${tokenFile}`,
      `export AWS_ROLE_SESSION_NAME=ci-${purpose}`,
      `export AWS_REGION=${region}`,
    ],
    // No docker CLI in the CLI image: the registry's credentials go straight into the docker
    // config file that crane, cosign and skopeo read.
    registryLogin: (_plan, region) => [
      `REGISTRY="$(aws sts get-caller-identity --query Account --output text).dkr.ecr.${region}.amazonaws.com"`,
      'mkdir -p ~/.docker',
      `printf '{"auths":{"%s":{"auth":"%s"}}}' "$REGISTRY" "$(printf 'AWS:%s' "$(aws ecr get-login-password --region ${region})" | base64 -w0)" > ~/.docker/config.json`,
    ],
    // The AWS CLI v2 image (Amazon Linux, bash, curl; no tar), by version and digest (Docker Hub,
    // the same digest pinned in several public projects; not pulled from this sandbox).
    cliImage: 'amazon/aws-cli:2.37.5@sha256:fb7ccfc7b4e3a05017e6c9ded4ba959b99af622130e211fb976c68c2f4d3f224',
    cliTools: ['aws'],
    cliInstall: 'yum install -y -q',
    // A KMS key (ECC_NIST_P256, SIGN_VERIFY) the bootstrap creates in the primary region; the deploy roles may sign with it.
    signingKey: (plan) => `awskms:///alias/${plan.name}-cosign`,
    // cosign finds an alias in the SDK's region: the primary one, wherever the stage runs.
    signingEnv: (plan) => `AWS_REGION=${plan.region}`,
  },
  guide: {
    tools: () => ['AWS CLI v2'],
    prerequisites: (plan) => [
      'AWS account, and admin credentials for the one-time bootstrap only',
      // No cluster (target containers): nobody needs kubectl access.
      ...(plan.answers.clusterAdmins.length || plan.platforms.target !== 'kubernetes'
        ? []
        : [`Your IAM role's ARN in \`clusterAdmins\` of \`${plan.paths.answers}\` (then re-run), for kubectl access`]),
      ...(plan.features.privateApi ? ['A shell inside the VPC for stages 2–3 (the Kubernetes API is private): an SSM session to a bastion, or a VPN'] : []),
    ],
    fixAnswers: (plan) =>
      plan.answers.clusterAdmins.length || plan.platforms.target !== 'kubernetes'
        ? []
        : [`Add your IAM role's ARN to clusterAdmins in ${plan.paths.answers} and re-run (--cluster-admins ARN): only listed principals and CI's deploy roles can use kubectl.`],
    // The Ingress's ALB comes from the AWS Load Balancer Controller, installed per cluster.
    // With CloudFormation the cluster runs in EKS Auto Mode: EKS's own load balancing serves the `alb` class.
    clusterAddons: (plan) => {
      if (usesCloudFormation(plan)) return plan.environments.flatMap((e) => e.targets.map((t) => `${shCommand('aws', 'eks', 'update-kubeconfig', '--name', t.clusterName, '--region', t.region)} && kubectl apply -f ${AUTO_MODE_SETUP}`));
      const first = plan.environments[0]!.targets[0]!;
      const lbc = `helm upgrade --install aws-load-balancer-controller aws-load-balancer-controller --repo https://aws.github.io/eks-charts -n kube-system --set clusterName=${first.clusterName} --set region=${first.region} --set vpcId="$(terraform -chdir=${plan.paths.iacDir} output -raw vpc_id)"`;
      // With a domain, ExternalDNS points the host at the ALB once the controller has created it (its role: domain.tf).
      if (!plan.answers.domain) return [lbc];
      const dns = `helm upgrade --install external-dns external-dns --repo https://kubernetes-sigs.github.io/external-dns -n external-dns --create-namespace --set provider.name=aws --set policy=upsert-only --set 'sources={ingress}' --set 'domainFilters={${defaultHostedZone(plan.answers.domain)}}' --set txtOwnerId="$(terraform -chdir=${plan.paths.iacDir} output -raw cluster_name)" --set 'env[0].name=AWS_DEFAULT_REGION' --set env[0].value=${first.region}`;
      return [lbc, dns];
    },
    check: (target) => `\`aws eks describe-cluster --name ${target.clusterName} --region ${target.region} --query cluster.status\` prints \`"ACTIVE"\``,
    logs: (plan) => ({
      text: 'the EKS add-on `amazon-cloudwatch-observability` ships them to CloudWatch Logs.',
      sink: 'CloudWatch',
      // A quoted term: events whose text (message or Kubernetes metadata) names the namespace.
      commands: plan.environments.map((e) => `aws logs tail /aws/containerinsights/${e.clusterName}/application --region ${e.region} --follow --filter-pattern ${shQuote(`"${plan.namespace}"`)}`),
    }),
    securityAlerts: (plan) =>
      `CloudTrail and Kubernetes audit-log alarms are CloudWatch metric filters in \`${plan.paths.iacDir}\`; they notify the SNS topic of output \`security_alerts_topic_arn\`: subscribe the security on-call to it.`,
  },
  nouns: { identity: 'deploy role', registry: 'ECR repository', state: 'state bucket' },
  regions: AWS_REGIONS,
  admins: { pattern: /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:(role|user)\/[A-Za-z0-9+=,.@_/-]+$/, example: 'arn:aws:iam::123456789012:role/admin' },
  kubernetes: {
    monitoring: 'prometheus-operator',
    // The EKS Pod Identity agent on each node.
    credentialEndpoints: [{ cidr: '169.254.170.23/32', port: 80 }],
    // infra/terraform's default vpc_cidr: RDS, ElastiCache and (with the VPC CNI) every pod have addresses in it.
    privateCidrs: [VPC_CIDR],
    // An internet-facing ALB with IP targets, from its addresses in the public subnets.
    ingress: { className: 'alb', sources: albSourceCidrs() },
  },
  guideContext(plan) {
    const issuer = plan.environments[0]!.trust.issuer;
    if (usesCloudFormation(plan)) return { oidcIssuer: issuer, importOidcProvider: cfnExistingOidcProvider(plan), cloudformation: true, repositoryUri: repositoryUris(plan) };
    return { oidcIssuer: issuer, importOidcProvider: importOidcProvider(plan, issuer, oidcProviderName(plan)) };
  },
  // IAM names are account-wide, and the EKS module names the cluster's and nodes' roles (as we
  // name the app's and the flow logs' roles) after the cluster: a second region needs its own.
  clusterName: (app, environment, secondRegion) => (secondRegion ? `${app}-${environment}-${regionCode(secondRegion)}` : `${app}-${environment}`),
  // ECR names are per account and region, and every environment lives in one account.
  registryRepository: (app, environment) => `${app}-${environment}`,
  deployIdentity: deployRoleName,
  // Per stack below a repository root: the stacks of a repository share its CI environments.
  identityVariables: (app, directory) => {
    const suffix = directory ? `_${app.toUpperCase().replace(/-/g, '_')}` : '';
    return { roleArn: ROLE_ARN_VARIABLES.roleArn + suffix, infrastructureRoleArn: ROLE_ARN_VARIABLES.infrastructureRoleArn + suffix };
  },
  connect: (target: DeployTarget) => ({
    description: `Point kubectl at ${target.clusterName} in ${target.region}`,
    run: shCommand('aws', 'eks', 'update-kubeconfig', '--name', target.clusterName, '--region', target.region),
  }),
  parseConnect(line) {
    const cluster = CONNECT.exec(line)?.[1];
    return cluster ? { cluster, region: REGION.exec(line)?.[1] ?? '' } : undefined;
  },
  bootstrap: bootstrapCommands,
  registryEnv: 'ECR_REPOSITORY',
  settings: awsSettings,
};
