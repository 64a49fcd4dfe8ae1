/**
 * Jenkins: one declarative Jenkinsfile for a multibranch job (CI on every branch and pull
 * request, deploy stages on main), stages in pinned docker agents, one deploy at a time per
 * environment by lock(), approval before production by an agent-less `input` stage limited to a
 * submitter group, cloud login from the oidc-provider plugin's id token credentials.
 *
 * The id tokens: credentials of type "OpenID Connect id token as file" in Jenkins's global store,
 * so their issuer is ${JENKINS_URL}oidc (one per controller); `sub` is the building job's URL, the
 * main branch's for every deploy stage, so a token any other job mints is refused by the cloud. A
 * claim cannot differ per stage, so each environment has its own credential with its own
 * audience, and each environment's identity accepts only its audience.
 */
import type { Answers } from '../../../config/answers.js';
import type { StackLocation } from '../../../plan/types.js';
import type { CiPlatformAdapter } from '../../types.js';
import { cloudOf } from '../../registry.js';
import { defaultProject, stageCredentials } from './credentials.js';
import { jenkinsDeliverables } from './deliverables.js';
import { extractJenkins } from './extract.js';
import { AGENT_TOOLS_SCRIPT } from './images.js';
import { renderJenkins } from './render.js';
import { cosignWithKey } from './scripts.js';
import { approvers, deployBranch } from './stages.js';

/** Until the answers name the controller (ciServer): the summary asks for it before anything trusts it. */
export const PLACEHOLDER_SERVER = 'https://jenkins.example.com';

/**
 * The plugins the Jenkinsfile uses: declarative pipelines (the Pipeline suite brings input,
 * milestone, stash and archiveArtifacts), docker agents, locks, credential bindings, id tokens.
 * Only oidc-provider names a version: older ones accept claims they should not (security
 * advisory); 170 needs Jenkins 2.516.3.
 */
const PLUGINS = ['workflow-aggregator', 'docker-workflow', 'lockable-resources', 'credentials-binding', 'oidc-provider:170.v15f73e25a_e28'];

type Who = Pick<Answers, 'name' | 'repository' | 'ciServer' | 'ciJob' | 'directory' | 'branch'>;

/** The controller's root URL, with its trailing slash (as JENKINS_URL is). */
export const rootUrl = (answers: Pick<Answers, 'ciServer'>): string => `${(answers.ciServer ?? PLACEHOLDER_SERVER).replace(/\/+$/, '')}/`;

/** A job's URL path below the root: job/FOLDER/job/NAME (each name encoded as Jenkins encodes it). */
export const jobPath = (answers: Who): string =>
  (answers.ciJob ?? defaultProject(answers))
    .split('/')
    .map((part) => `job/${encodeURIComponent(part)}`)
    .join('/');

/** The stack's own Jenkinsfile, in its directory: a multibranch job per stack reads it (its script path). */
function paths(_name: string, _location: StackLocation) {
  return { ciWorkflow: 'Jenkinsfile', deployWorkflow: 'Jenkinsfile', toolsScript: AGENT_TOOLS_SCRIPT };
}

export const jenkins: CiPlatformAdapter = {
  id: 'jenkins',
  title: 'Jenkins',
  knownPaths: ['Jenkinsfile', '.jenkins/agent/Dockerfile', '.jenkins/agent/install-tools.sh'],
  capabilities: {
    approvals: { inFile: true, handledBy: `an input stage before production limited to a submitter group (setup guide, stage 3)` },
    serialDeploys: true,
    oidc: true,
    // Each environment's tokens carry its own audience (OidcIdentity.audience), which its roles require.
    environmentInSubject: { inToken: false, handledBy: 'a per-environment audience on the id token credential, which each environment\'s roles require' },
    // Jenkins has no SARIF view of its own: findings are archived with the build.
    codeScanning: false,
    // Fulcio trusts public CI issuers only, not a self-hosted controller: a KMS key signs instead.
    keylessSigning: false,
  },
  guide: {
    tools: () => [],
    prerequisites: () => ['Jenkins ≥ 2.516.3 with agents that run Docker'],
    fixAnswers: (plan) => [
      ...(plan.answers.ciServer ? [] : [`Set ciServer: your Jenkins URL in ${plan.paths.answers} and re-run (the deploy identities trust only its id tokens).`]),
      ...(plan.repository.startsWith('OWNER/') && !plan.answers.ciJob ? [`Set ciJob: the multibranch job's full name (FOLDER/JOB) in ${plan.paths.answers} and re-run.`] : []),
    ],
    configure: (plan) => {
      const ids = plan.environments.flatMap((e) => stageCredentials(plan, e.name).map(([, id]) => id));
      return [`In the Jenkins job ${plan.answers.ciJob ?? defaultProject(plan.answers)}, add the credentials ${ids.join(', ')} (setup guide, stage 3) and the group ${approvers(plan)}.`];
    },
  },
  verifyAttestation: (plan) => {
    const key = cloudOf(plan).shell.signingKey?.(plan);
    return key ? `${cosignWithKey(plan)} verify-attestation --key ${key} --type slsaprovenance "$IMAGE"` : '';
  },
  guideContext: (plan) => ({
    root: rootUrl(plan.answers),
    issuer: `https://${plan.environments[0]!.trust.issuer}`,
    project: plan.answers.ciJob ?? defaultProject(plan.answers),
    approvers: approvers(plan),
    plugins: PLUGINS.join(' '),
  }),
  paths,
  oidc: (answers, environment) => {
    const root = rootUrl(answers);
    const path = jobPath(answers);
    const subject = `${root}${path}/job/${encodeURIComponent(encodeURIComponent(deployBranch(answers)))}/`;
    const audience = `jenkins-${environment}`;
    return {
      issuer: `${root}oidc`.replace(/^https:\/\//, ''),
      // A multibranch job's branch job is named with the branch encoded (feature/x → feature%2Fx),
      // and its URL encodes that name again (feature%252Fx).
      subjects: [subject],
      // The same for every job of the controller (one global credential per environment): the
      // subject tells jobs apart, the audience environments.
      audience,
      // Clouds that bind on claims (a GCP attribute condition): the job, and the audience that names the
      // environment. The audience is also the shorter subject: the job's URL can exceed Google's 127 bytes,
      // and the condition admits one job only.
      claims: { values: { sub: subject, aud: audience }, environment: 'aud', subject: ['aud'] },
    };
  },
  render: renderJenkins,
  extract: extractJenkins,
  deliverables: jenkinsDeliverables,
};
