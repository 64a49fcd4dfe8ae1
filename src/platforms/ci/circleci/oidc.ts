/**
 * CircleCI's OIDC tokens and the trust a cloud gives them. Every job has `$CIRCLE_OIDC_TOKEN_V2`:
 * issuer https://oidc.circleci.com/org/ORG_ID, audience ORG_ID, subject
 * org/ORG_ID/project/PROJECT_ID/user/USER_ID/vcs-origin/HOST/OWNER/NAME/vcs-ref/REF (CircleCI docs,
 * "Using OpenID Connect tokens in jobs"). The user is whoever triggered the pipeline, so the
 * trust takes any user; it pins the organization, the project, the repository (a fork's
 * pipeline carries the fork's origin) and the deploy branch. Nothing in the subject names an
 * environment: where environments are kept apart instead is in CIRCLECI_CAPABILITIES.
 */
import type { Answers } from '../../../config/answers.js';
import type { EnvironmentPlan, Plan } from '../../../plan/types.js';
import { shQuote } from '../../../render/shell.js';
import type { IdentityPurpose } from '../../../steps/cicd/model.js';
import { cloudOf } from '../../registry.js';
import type { OidcIdentity } from '../../types.js';

export const ISSUER_HOST = 'oidc.circleci.com';

/** Until the answers give them (ciIdentity), words the setup guide asks to replace. */
export const PLACEHOLDER_IDS = { organization: 'CIRCLECI_ORG_ID', project: 'CIRCLECI_PROJECT_ID' } as const;

type IdAnswers = Pick<Answers, 'repository' | 'ciIdentity' | 'branch'>;

export const circleciIds = (answers: Pick<Answers, 'ciIdentity'>): { organization: string; project: string } => answers.ciIdentity ?? PLACEHOLDER_IDS;

/** Until the answers give it (ciIdentity.contexts), a word the setup guide asks to replace. */
export const contextPlaceholder = (environment: string): string => `CIRCLECI_CONTEXT_ID_${environment.toUpperCase().replace(/-/g, '_')}`;

/** The id of the context an environment's deploy jobs use, or its placeholder. */
export const contextId = (answers: Pick<Answers, 'ciIdentity'>, environment: string): string =>
  answers.ciIdentity?.contexts?.[environment] ?? contextPlaceholder(environment);

export function circleciOidc(answers: IdAnswers, environment: string): OidcIdentity {
  const { organization, project } = circleciIds(answers);
  return {
    issuer: `${ISSUER_HOST}/org/${organization}`,
    // The V2 token's own audience: a custom one (`circleci run oidc get`) is documented for `aud` only.
    audience: organization,
    subjects: [`org/${organization}/project/${project}/user/*/vcs-origin/github.com/${answers.repository}/vcs-ref/refs/heads/${answers.branch}`],
    // Clouds that bind on claims (a GCP attribute condition): the project, the repository (a fork's
    // pipeline carries the fork's origin), the deploy branch, and the environment's context, the
    // only claim that tells environments apart (a list: our deploy jobs use one context each).
    // The subject, over Google's 127 bytes, gives way to the project's id.
    claims: {
      values: {
        'oidc.circleci.com/project-id': project,
        'oidc.circleci.com/vcs-origin': `github.com/${answers.repository}`,
        'oidc.circleci.com/vcs-ref': `refs/heads/${answers.branch}`,
        'oidc.circleci.com/context-ids': contextId(answers, environment),
      },
      environment: 'oidc.circleci.com/context-ids',
      subject: ['oidc.circleci.com/project-id'],
      list: true,
    },
  };
}

/** Where a job keeps its token for the cloud's CLI. */
export const TOKEN_FILE = '/tmp/oidc-token';

/** Writes a token for the cloud's audience: the job's V2 token when that is its audience, else one minted for it. */
export function tokenLine(plan: Pick<Plan, 'answers' | 'environments' | 'platforms'> & Plan): string {
  const audience = cloudOf(plan).shell.audience(plan);
  if (audience === circleciIds(plan.answers).organization) return `printf '%s' "$CIRCLE_OIDC_TOKEN_V2" > ${TOKEN_FILE}`;
  return `circleci run oidc get --claims ${shQuote(JSON.stringify({ aud: audience }))} > ${TOKEN_FILE}`;
}

/**
 * The cloud's shell login split for CircleCI, where each step is a new shell: its `export` lines
 * go to $BASH_ENV (every later step reads it), the rest run once, in the step after.
 */
export function loginLines(plan: Plan, env: EnvironmentPlan, region: string, purpose: IdentityPurpose): { exports: string[]; commands: string[] } {
  const lines = cloudOf(plan).shell.login(plan, env, region, TOKEN_FILE, purpose);
  return { exports: lines.filter((l) => l.startsWith('export ')), commands: lines.filter((l) => !l.startsWith('export ')) };
}

/** The token Sigstore's Fulcio accepts from CircleCI (client id `sigstore`), for keyless signing. */
export const SIGSTORE_TOKEN = `SIGSTORE_ID_TOKEN="$(circleci run oidc get --claims '{"aud":"sigstore"}')"`;

/** How a signature made in these jobs is verified: the certificate names the CircleCI project's pipeline definition. */
export function cosignIdentity(answers: Pick<Answers, 'ciIdentity'>): string {
  const { organization, project } = circleciIds(answers);
  return `--certificate-oidc-issuer https://${ISSUER_HOST}/org/${organization} --certificate-identity-regexp '^https://circleci.com/api/v2/projects/${project}/pipeline-definitions/'`;
}
