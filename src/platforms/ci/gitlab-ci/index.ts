/**
 * GitLab CI: one .gitlab-ci.yml holds the CI and deploy jobs. Jobs run in pinned images; deploy
 * jobs take on their environment's cloud identity from a GitLab ID token (the cloud's shell
 * login), one at a time per environment (resource_group), production after a manual approval.
 *
 * GitLab reads one .gitlab-ci.yml, at the repository root. A stack below the root gets its own
 * .gitlab-ci.yml in its directory, with jobs named after the stack and run only when the
 * directory changes; the root file includes it (one line, integration guide): nothing outside
 * the stack's directory is written, so the root file stays the user's.
 */
import type { Answers } from '../../../config/answers.js';
import type { CiPlatformAdapter } from '../../types.js';
import { gitlabDeliverables } from './deliverables.js';
import { extractGitlab } from './extract.js';
import { renderGitlab } from './render.js';

export const GITLAB_COM = 'https://gitlab.com';

/** The instance whose tokens the cloud trusts: the answers' self-managed server, else gitlab.com. */
export const serverOf = (answers: Pick<Answers, 'ciServer'>): string => answers.ciServer ?? GITLAB_COM;

/**
 * GitLab's `sub` is project_path:G/P:ref_type:branch:ref:R; it never names the environment
 * (the project setting ci_id_token_sub_claim_components only reorders project, ref type and ref),
 * so every environment's identity trusts the deploy branch's pipelines, and environments are
 * kept apart by who may run pipelines on that protected branch (capabilities, setup guide).
 */
export function gitlabSubject(answers: Pick<Answers, 'repository' | 'branch'>): string {
  return `project_path:${answers.repository}:ref_type:branch:ref:${answers.branch}`;
}

export const gitlabCi: CiPlatformAdapter = {
  id: 'gitlab-ci',
  title: 'GitLab CI',
  // Below the repository root too: the stack's own .gitlab-ci.yml, in its directory.
  knownPaths: ['.gitlab-ci.yml', '.gitlab/scripts/install-tools.sh'],
  capabilities: {
    approvals: { inFile: true, handledBy: 'a manual approve job before production (every tier); on Premium, also protected environments with required approvals (setup guide, stage 3)' },
    serialDeploys: true,
    oidc: true,
    environmentInSubject: { inToken: false, handledBy: 'the protected deploy branch whose pipelines every deploy identity trusts, and on Premium protected environments (setup guide, stage 3)' },
    codeScanning: false,
    // Fulcio accepts gitlab.com's ID tokens (audience sigstore); a self-managed server's are not: see ciServer.
    keylessSigning: true,
  },
  guide: {
    tools: () => ['GitLab CLI (`glab`)'],
    // GitLab lets a rollback retry an older deploy job (project setting, on by default).
    rerunDeploy: () => 'glab ci retry DEPLOY_JOB_ID',
    prerequisites: (plan) => [
      `GitLab project \`${plan.repository}\`${plan.answers.ciServer ? ` on ${plan.answers.ciServer}, reachable from the cloud over HTTPS (its OIDC keys)` : ''}`,
      "Runners allowing rootless BuildKit (GitLab.com's do: seccomp and AppArmor unconfined)",
    ],
    fixAnswers: (plan) =>
      plan.repository.startsWith('OWNER/')
        ? [`Set repository: GROUP/PROJECT (your GitLab project path) in ${plan.paths.answers} and re-run (the deploy identities trust only that project).`]
        : [],
    configure: (plan) => [
      `In GitLab, protect ${plan.answers.branch} and set ${Object.values(plan.identityVariables).join(', ')} per environment scope (${plan.environments.map((e) => e.name).join(', ')}) to the values the bootstrap prints.`,
    ],
  },
  verifyAttestation: (plan) =>
    `cosign verify-attestation --type slsaprovenance --certificate-oidc-issuer ${serverOf(plan.answers)} --certificate-identity-regexp '^${serverOf(plan.answers)}/${plan.repository}//' "$IMAGE"`,
  paths: () => ({ ciWorkflow: '.gitlab-ci.yml', deployWorkflow: '.gitlab-ci.yml', toolsScript: '.gitlab/scripts/install-tools.sh' }),
  oidc: (answers, environment) => ({
    issuer: serverOf(answers).replace(/^https:\/\//, ''),
    subjects: [gitlabSubject(answers)],
    // Clouds that bind on claims (a GCP attribute condition) read GitLab's own claims, all strings:
    // the project, the deploy branch and that it is protected, and the environment, which GitLab
    // puts in the token of a job with `environment:` (every job that logs in to a cloud has one).
    // The subject: the numeric project id and the environment, as `sub` (project path and ref)
    // can pass Google's 127 bytes.
    claims: { values: { project_path: answers.repository, ref: answers.branch, ref_protected: 'true', environment }, environment: 'environment', subject: ['project_id', 'environment'] },
  }),
  render: renderGitlab,
  extract: extractGitlab,
  deliverables: gitlabDeliverables,
};
