/**
 * What a Jenkins deploy stage binds from the credentials store, per environment: Jenkins has no
 * per-environment variables, so each environment's values are credentials of their own, bound to
 * the variable the cloud's login reads in the stages that deploy it (the stage's `environment {}`
 * block: the declarative form of withCredentials, which also spans the stage's `post`, the
 * rollback). The id token credentials are global (their issuer is then the controller's), one per
 * environment for every job; the identity values are the job's own. Ids are [A-Z0-9_] words, as
 * the guide's settings table names settings.
 */
import type { Plan } from '../../../plan/types.js';
import type { SettingInfo } from '../../types.js';
import { cloudOf } from '../../registry.js';

/** The variable the id token file's path is bound to: the cloud's shell login reads it. */
export const TOKEN_VARIABLE = 'OIDC_TOKEN_FILE';
const TOKEN_PREFIX = 'OIDC_TOKEN_';

const suffix = (environment: string): string => environment.toUpperCase().replace(/-/g, '_');

export const tokenCredential = (environment: string): string => `${TOKEN_PREFIX}${suffix(environment)}`;
/**
 * An identity variable's credential: named after the cloud's key for it (roleArn → ROLE_ARN_PROD),
 * not the variable, which carries the stack's name below a repository root: each stack's job has
 * a credentials store of its own.
 */
export const identityCredential = (key: string, environment: string): string => `${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_${suffix(environment)}`;

/** The environment an id token credential is for: a planned one whose id it is, else read from the id. */
export function environmentOfToken(id: string, plan: Pick<Plan, 'environments'>): string | undefined {
  if (!id.startsWith(TOKEN_PREFIX)) return undefined;
  const rest = id.slice(TOKEN_PREFIX.length);
  return plan.environments.find((e) => suffix(e.name) === rest)?.name ?? rest.toLowerCase().replace(/_/g, '-');
}

/**
 * Variable → credential id of one environment's deploy stages: the id token file, and the cloud's
 * identity variables. The infrastructure identity's (`infrastructure…` keys) only where CI runs
 * the IaC (T2+): at T1 the bootstrap creates no such identity, and Jenkins fails a stage that
 * binds a credential the store does not hold.
 */
export function stageCredentials(plan: Pick<Plan, 'identityVariables' | 'features'>, environment: string): [string, string][] {
  const identities = Object.entries(plan.identityVariables).filter(([key]) => plan.features.infrastructureInCi || !key.startsWith('infrastructure'));
  return [[TOKEN_VARIABLE, tokenCredential(environment)], ...identities.map(([key, v]): [string, string] => [v, identityCredential(key, environment)])];
}

/** The multibranch job's full name where the answers do not give it: OWNER/NAME, as an organization folder names it. */
export function defaultProject(answers: Pick<Plan['answers'], 'repository' | 'directory' | 'name'>): string {
  // Below the repository root: a folder per repository, a job per stack.
  return answers.directory ? `${answers.repository}/${answers.name}` : answers.repository;
}

/** What each credential a Jenkinsfile can bind is, and where its value comes from, by id. */
export function credentialSettings(plan: Plan): (id: string, environment: string) => SettingInfo | undefined {
  const catalog = cloudOf(plan).settings(plan);
  return (id, environment) => {
    const env = plan.environments.find((e) => e.name === environment);
    if (id === tokenCredential(environment)) {
      const audience = env?.trust.audience ?? cloudOf(plan).shell.audience(plan);
      return { description: `OpenID Connect id token as file, audience \`${audience}\`, global`, source: 'minted by the oidc-provider plugin' };
    }
    const variable = Object.entries(plan.identityVariables).find(([key]) => id === identityCredential(key, environment))?.[1];
    const info = variable ? catalog[variable]?.(environment) : undefined;
    return info ? { description: `secret text in the job's store, ${info.description}`, source: info.source } : undefined;
  };
}
