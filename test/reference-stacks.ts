import type { Cloud } from '../src/config/answers.js';
import type { PartialAnswers } from '../src/config/defaults.js';

/** The stacks whose full generated trees are kept in snapshots/<case>/. */
export const REFERENCE_STACKS: Record<string, PartialAnswers> = {
  't1-default': { name: 'shop-api', repository: 'acme/shop-api' },
  // T2: three environments, canary with analysis, tracing and SLOs.
  't2-canary': { name: 'shop-api', repository: 'acme/shop-api', tier: 'T2', strategy: 'canary' },
  // T3: blue-green, postgres (RDS + migrations) and redis, a second region, supply chain and policy.
  't3-enterprise': { name: 'shop-api', repository: 'acme/shop-api', tier: 'T3', stack: 'java', strategy: 'blue-green', backingServices: ['postgres', 'redis'] },
  // GitLab CI × AWS at T2: one .gitlab-ci.yml, canary, the manual gate before production.
  'gitlab-aws-t2': { name: 'shop-api', repository: 'acme/shop-api', ci: 'gitlab-ci', tier: 'T2', strategy: 'canary' },
  // Google Cloud: GKE Autopilot, Artifact Registry, Workload Identity Federation, Managed Prometheus.
  'github-gcp-t1': { name: 'shop-api', repository: 'acme/shop-api', cloud: 'gcp', gcp: { project: 'acme-shop' } },
  // GitLab CI × Google Cloud at T2: Workload Identity Federation from GitLab's ID token, bound on its claims.
  'gitlab-gcp-t2': { name: 'shop-api', repository: 'acme/shop-api', ci: 'gitlab-ci', cloud: 'gcp', gcp: { project: 'acme-shop' }, tier: 'T2', strategy: 'canary' },
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
};

/**
 * The longest `directory` allowed (48 characters), three segments deep with the longest name
 * last: below the repository root it is repeated in the workflows (path filters,
 * working-directory, action inputs) and the guides, and every budget must still hold.
 */
export const LONGEST_DIRECTORY = 'domains/billing/payments-reconciliation-backend1';
