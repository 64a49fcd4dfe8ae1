/**
 * GitHub Actions: .github/workflows/ci.yml and deploy.yml. Every action pinned by commit SHA,
 * least-privilege token per job, deploy jobs bound to GitHub environments (approvals are their
 * protection rules, set in the repository settings), one deploy at a time per environment by
 * `concurrency`, cloud login by GitHub's OIDC tokens.
 */
import type { Answers, CiFiles } from '../../../config/answers.js';
import type { StackLocation } from '../../../plan/types.js';
import type { CiPlatformAdapter, OidcIdentity } from '../../types.js';
import { GHA_CLOUDS } from './clouds.js';
import { githubDeliverables } from './deliverables.js';
import { extractCicd } from './extract.js';
import { renderGithubActions, repositoryFiles } from './render.js';

/** GitHub Actions' OIDC issuer: IAM holds one provider for it per AWS account. */
export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';

/** What `distinct` names start with: a repository's own ci.yml, deploy.yml (or api-ci.yml) stays where it is. */
export const DISTINCT_PREFIX = 'devops-';

/**
 * GitHub reads workflows only from the repository root's .github/workflows, so a stack below the
 * root (toRoot '../../') writes them there, named after the stack so that stacks never collide.
 * With `distinct` names they take a prefix no usual workflow name has.
 */
function paths(name: string, location: StackLocation, files: CiFiles = 'default') {
  const toolsScript = '.github/scripts/install-tools.sh';
  const prefix = files === 'distinct' ? DISTINCT_PREFIX : '';
  if (!location.toRoot) return { ciWorkflow: `.github/workflows/${prefix}ci.yml`, deployWorkflow: `.github/workflows/${prefix}deploy.yml`, toolsScript };
  const dir = `${location.toRoot}.github/workflows`;
  return { ciWorkflow: `${dir}/${prefix}${name}-ci.yml`, deployWorkflow: `${dir}/${prefix}${name}-deploy.yml`, toolsScript };
}

/**
 * The subjects of a deploy job's token: the name form, and the immutable form GitHub issues for
 * repositories created or renamed since 2026-07-15 (repo:OWNER@OWNER_ID/NAME@REPO_ID:...), exact
 * when the answers give the ids, else any id under this owner and name.
 */
export function githubSubjects(answers: Pick<Answers, 'repository' | 'repositoryIds'>, environment: string): string[] {
  const [owner, name] = answers.repository.split('/') as [string, string];
  const ids = answers.repositoryIds;
  return [
    `repo:${answers.repository}:environment:${environment}`,
    `repo:${owner}@${ids ? ids.owner : '*'}/${name}@${ids ? ids.repository : '*'}:environment:${environment}`,
  ];
}

/**
 * The claims that name the repository and the environment, for clouds that bind on claims: the
 * numeric ids when the answers give them (they survive a rename and are never reused), else the
 * name. Either way the binding does not depend on which subject format the repository issues.
 */
export function githubClaims(answers: Pick<Answers, 'repository' | 'repositoryIds'>, environment: string): OidcIdentity['claims'] {
  const ids = answers.repositoryIds;
  const repository: Record<string, string> = ids ? { repository_owner_id: String(ids.owner), repository_id: String(ids.repository) } : { repository: answers.repository };
  // Subject: the numeric repository id (in every token) and the environment; `sub` with a 140-character
  // OWNER/NAME can pass the 127 bytes Google maps to google.subject.
  return { values: { ...repository, environment }, environment: 'environment', subject: ['repository_id', 'environment'] };
}

export const githubActions: CiPlatformAdapter = {
  id: 'github-actions',
  title: 'GitHub Actions',
  knownPaths: [
    '.github/actionlint.yaml',
    '.github/dependabot.yml',
    '.github/scripts/install-tools.sh',
    // Google Cloud: the kubectl credential plugin the deploy jobs put on PATH (clouds.ts).
    '.github/scripts/gke/gke-gcloud-auth-plugin',
    '.github/scripts/aks/kubelogin',
    '.github/runner/Dockerfile',
    '.github/workflows/ci.yml',
    '.github/workflows/deploy.yml',
    '.github/workflows/devops-ci.yml',
    '.github/workflows/devops-deploy.yml',
    // devops-<name>-ci.yml (distinct names) too: the prefix reads as part of the label.
    '{up}.github/workflows/{label}-ci.yml',
    '{up}.github/workflows/{label}-deploy.yml',
  ],
  capabilities: {
    approvals: { inFile: false, handledBy: 'required reviewers on the GitHub environment (setup guide, stage 3)' },
    serialDeploys: true,
    oidc: true,
    environmentInSubject: { inToken: true, handledBy: 'the subject repo:OWNER/NAME:environment:ENV' },
    codeScanning: true,
    keylessSigning: true,
  },
  guide: {
    tools: () => ['GitHub CLI (`gh`)'],
    rerunDeploy: () => 'gh run rerun RUN_ID',
    prerequisites: (plan) => [`GitHub repository \`${plan.repository}\``],
    fixAnswers: (plan) =>
      plan.repository.startsWith('OWNER/')
        ? [`Set repository: OWNER/NAME of your GitHub repository in ${plan.paths.answers} and re-run (the deploy identities trust only that repository).`]
        : [],
    configure: (plan) => {
      const prod = plan.environments.find((e) => e.isProduction) ?? plan.environments[0]!;
      const names = Object.values(plan.identityVariables);
      const some = names.length > 1 ? 's' : '';
      return [`In GitHub → Settings → Environments, create ${plan.environments.map((e) => e.name).join(', ')} (required reviewers on ${prod.name}) and set the variable${some} ${names.join(', ')} to the value${some} the bootstrap prints.`];
    },
  },
  repositoryFiles,
  buildContextExcludes: (plan) => GHA_CLOUDS[plan.platforms.cloud].workspaceFiles ?? [],
  verifyAttestation: (plan) => `gh attestation verify "oci://$IMAGE" --repo ${plan.repository}`,
  paths,
  oidc: (answers, environment) => ({ issuer: GITHUB_OIDC_ISSUER, subjects: githubSubjects(answers, environment), claims: githubClaims(answers, environment) }),
  render: renderGithubActions,
  extract: extractCicd,
  deliverables: githubDeliverables,
};
