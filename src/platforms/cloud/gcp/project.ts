/** The project a Google Cloud stack lives in, and the names its CI identity federation derives from it. */
import type { Plan } from '../../../plan/types.js';
import { poolId } from './names.js';

/** Replaced by the user's project id (the next steps say so); a valid id, so the answers file reads back. */
export const GCP_PROJECT_PLACEHOLDER = 'your-gcp-project';

export const projectOf = (plan: Pick<Plan, 'answers'>): string => plan.answers.gcp?.project ?? GCP_PROJECT_PLACEHOLDER;

/** One provider per CI issuer; a stack has one CI platform, whose id names it (4–32 characters). */
export const providerId = (plan: Pick<Plan, 'platforms'>): string => plan.platforms.ci;

/**
 * An audience the provider allows besides Google's default one (the provider's name with the
 * project's number, which nothing knows before the bootstrap): known when generating, so a CI
 * platform that names its token's audience in its files (GitLab's id_tokens) can state it.
 */
export const wifAudience = (plan: Pick<Plan, 'answers' | 'name' | 'platforms'>): string =>
  `https://iam.googleapis.com/projects/${projectOf(plan)}/locations/global/workloadIdentityPools/${poolId(plan.name)}/providers/${providerId(plan)}`;
