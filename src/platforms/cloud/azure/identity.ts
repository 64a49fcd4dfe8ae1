/**
 * Which identity a CI job of an environment takes on, and the CI variables that select it: the
 * client id of the environment's user-assigned identity (deploy, or Terraform's from T2). The
 * subscription and tenant are known when generating (answers azure).
 */
import type { Plan } from '../../../plan/types.js';
import type { IdentityPurpose } from '../../../steps/cicd/model.js';
import { targetId } from '../../../plan/conventions.js';
import { identityName, registryName } from './names.js';

export const CLIENT_ID_VARIABLES = { clientId: 'AZURE_CLIENT_ID', infrastructureClientId: 'AZURE_TF_CLIENT_ID' } as const;

/** The `identityVariables` key of the client id a login of this purpose uses. */
export const clientIdVariable = (purpose: IdentityPurpose = 'deploy'): 'clientId' | 'infrastructureClientId' =>
  purpose === 'infrastructure' ? 'infrastructureClientId' : 'clientId';

/** Per stack below a repository root: the stacks of a repository share its CI environments. */
export function identityVariables(app: string, directory: string): Record<string, string> {
  const suffix = directory ? `_${app.toUpperCase().replace(/-/g, '_')}` : '';
  return Object.fromEntries(Object.entries(CLIENT_ID_VARIABLES).map(([k, v]) => [k, `${v}${suffix}`]));
}

/** The registry of a deploy target (an environment in a region), which its deploy jobs push to (names.ts). */
export const registryFor = (plan: Pick<Plan, 'answers' | 'name'>, environment: string, region: string): string =>
  registryName(plan.answers.stateBucket, plan.name, targetId(environment, region, region === plan.answers.region));

/** The name of the identity a job of `environment` takes on for `purpose`. */
export const identityFor = (app: string, environment: string, purpose: IdentityPurpose | 'deploy' | 'tf' = 'deploy'): string =>
  identityName(app, environment, purpose === 'infrastructure' || purpose === 'tf' ? 'tf' : 'deploy');
