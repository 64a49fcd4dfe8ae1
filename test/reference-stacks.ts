import type { Cloud } from '../src/config/answers.js';
import type { PartialAnswers } from '../src/config/defaults.js';

/** The stacks whose full generated trees are kept in snapshots/<case>/. */
export const REFERENCE_STACKS: Record<string, PartialAnswers> = {
  't1-default': { name: 'shop-api', repository: 'acme/shop-api' },
  // T2: three environments, canary with analysis, tracing and SLOs.
  't2-canary': { name: 'shop-api', repository: 'acme/shop-api', tier: 'T2', strategy: 'canary' },
  // T3: blue-green, postgres (RDS + migrations) and redis, a second region, supply chain and policy.
  // T2 on Azure DevOps: two pipelines, deployment jobs on environments, their checks as Terraform.
  'azure-devops-aws-t2': { name: 'shop-api', repository: 'acme/shop-api', tier: 'T2', strategy: 'canary', ci: 'azure-devops', ciProject: { organization: 'acme', project: 'shop', organizationId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' } },
  't3-enterprise': { name: 'shop-api', repository: 'acme/shop-api', tier: 'T3', stack: 'java', strategy: 'blue-green', backingServices: ['postgres', 'redis'] },
  // CircleCI at T2 on AWS: canary, the organization's and project's ids given (the trust is exact).
  'circleci-aws-t2': {
    name: 'shop-api',
    repository: 'acme/shop-api',
    ci: 'circleci',
    ciIdentity: { organization: '0f1e2d3c-aaaa-bbbb-cccc-123456789abc', project: '9a8b7c6d-1111-2222-3333-444455556666' },
    tier: 'T2',
    strategy: 'canary',
  },
  // Google Cloud: GKE Autopilot, Artifact Registry, Workload Identity Federation, Managed Prometheus.
  'github-gcp-t1': { name: 'shop-api', repository: 'acme/shop-api', cloud: 'gcp', gcp: { project: 'acme-shop' } },
  // Jenkins at T2: the Jenkinsfile and its agent image, the deploy roles trusting the controller's id tokens.
  'jenkins-aws-t2': { name: 'shop-api', repository: 'acme/shop-api', tier: 'T2', ci: 'jenkins', ciServer: 'https://jenkins.acme.example' },
  // GitLab CI × AWS at T2: one .gitlab-ci.yml, canary, the manual gate before production.
  'gitlab-aws-t2': { name: 'shop-api', repository: 'acme/shop-api', ci: 'gitlab-ci', tier: 'T2', strategy: 'canary' },
  // GitLab CI × Google Cloud at T2: Workload Identity Federation from GitLab's ID token, bound on its claims.
  'gitlab-gcp-t2': { name: 'shop-api', repository: 'acme/shop-api', ci: 'gitlab-ci', cloud: 'gcp', gcp: { project: 'acme-shop' }, tier: 'T2', strategy: 'canary' },
  // GitHub Actions × Azure at T2: AKS, Application Gateway for Containers, federated credentials per environment and purpose.
  'github-azure-t2': {
    name: 'shop-api',
    repository: 'acme/shop-api',
    repositoryIds: { owner: 1234567, repository: 89012345 },
    cloud: 'azure',
    azure: { subscription: '3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    clusterAdmins: ['5f0c2a7e-1b3d-4c8e-9a6f-0d2b4e6f8a10'],
    tier: 'T2',
    strategy: 'canary',
  },
  // Containers without a cluster at T2: ECS on Fargate behind an ALB, task definitions, CloudWatch alarms; redis's URL from Secrets Manager.
  'github-aws-containers-t2': { name: 'shop-api', repository: 'acme/shop-api', tier: 'T2', target: 'containers', backingServices: ['redis'] },
  // CloudFormation at T2 on GitLab CI: bootstrap and platform stacks per lifecycle, change sets, a manual approval before production.
  'gitlab-aws-cloudformation-t2': { name: 'shop-api', repository: 'acme/shop-api', tier: 'T2', ci: 'gitlab-ci', iac: 'cloudformation', strategy: 'canary' },
};

/** The longest name allowed, with a long owner: every budget must still hold. */
export const LONGEST_NAMES: PartialAnswers = {
  name: 'payments-reconciliation-backend1',
  repository: 'acme-payments-platform-team/payments-reconciliation-backend1',
};

/** The longest values of each cloud's own answers: its region name (as it spells them), Google Cloud's project id (30). */
export const LONGEST_BY_CLOUD: Record<Cloud, PartialAnswers> = {
  aws: { region: 'ap-southeast-2' },
  gcp: { region: 'northamerica-northeast1', gcp: { project: 'payments-reconciliation-prod01' } },
  azure: { region: 'germanywestcentral', azure: { subscription: '3b8f2c1d-5e6a-4f7b-8c9d-0a1b2c3d4e5f', tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' } },
};

/**
 * The longest `directory` allowed (48 characters), three segments deep with the longest name
 * last: below the repository root it is repeated in the workflows (path filters,
 * working-directory, action inputs) and the guides, and every budget must still hold.
 */
export const LONGEST_DIRECTORY = 'domains/billing/payments-reconciliation-backend1';
