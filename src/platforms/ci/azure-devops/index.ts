/**
 * Azure DevOps: two Azure Pipelines in the stack's directory (azure-pipelines.yml for CI,
 * .azure-pipelines/deploy.yml for deploys), deployment jobs bound to Azure DevOps environments
 * whose checks (approval before production, an exclusive lock each, main only) are Terraform in
 * infra/azure-devops, since pipeline YAML cannot hold them; tasks pinned by major version, no
 * marketplace task (each would need an organization-wide install, and our schema rejects them).
 *
 * Cloud login: the pipeline's own OIDC token (System.OidcRequestUri with System.AccessToken, no
 * service connection), written to a file for the cloud's shell login. Its issuer is the
 * organization's (https://vstoken.dev.azure.com/ORGANIZATION_ID), its subject the pipeline
 * (p://ORGANIZATION/PROJECT/PIPELINE), its audience always api://AzureADTokenExchange (reported
 * by Teleport RFD 211, sigstore/fulcio#1803, aws-toolkit-azure-devops#614). A service
 * connection's token (sc://ORGANIZATION/PROJECT/CONNECTION) would name the environment, but
 * since March 2026 Azure DevOps issues it only to a job that references the connection in a
 * task input (dotnet/docker-tools#2012), and no built-in task takes an AWS or a generic
 * connection: the environment is therefore not in the subject, and environments are kept apart
 * by the deploy pipeline running from main only and by the checks on each environment.
 * Microsoft retires that issuer for Azure service connections from 2027-07-01 (they move to
 * Entra ID); nothing is announced for pipeline tokens, so the guide says how to check a token.
 */
import type { Answers } from '../../../config/answers.js';
import type { Plan, StackLocation } from '../../../plan/types.js';
import { shCommand } from '../../../render/shell.js';
import type { CiPlatformAdapter, OidcIdentity } from '../../types.js';
import { verifyWithKey } from '../key-signing.js';
import { AZURE_DEVOPS_AUDIENCE, CHECKS_DIR, deployPipelineName, tokenScript } from './azp.js';
import { projectOf } from './checks.js';
import { azureDeliverables } from './deliverables.js';
import { extractAzureDevOps } from './extract.js';
import { renderAzureDevOps } from './render.js';

/**
 * Both pipeline files in the stack's directory, also below the repository root: Azure Pipelines
 * reads a pipeline from any path of the repository (each pipeline names its file), so nothing
 * is written outside the stack, and path filters keep each stack's pipelines to its changes.
 */
function paths(_name: string, _location: StackLocation) {
  return { ciWorkflow: 'azure-pipelines.yml', deployWorkflow: '.azure-pipelines/deploy.yml', toolsScript: '.azure-pipelines/scripts/install-tools.sh' };
}

/** Who the cloud trusts: the deploy pipeline's runs, in every environment (see above). */
export function azureDevOpsIdentity(answers: Pick<Answers, 'name' | 'ciProject'>): OidcIdentity {
  const { organization, project, organizationId } = projectOf({ answers } as Pick<Plan, 'answers'>);
  return {
    issuer: `vstoken.dev.azure.com/${organizationId}`,
    subjects: [`p://${organization}/${project}/${deployPipelineName(answers)}`],
    audience: AZURE_DEVOPS_AUDIENCE,
  };
}

export const azureDevOps: CiPlatformAdapter = {
  id: 'azure-devops',
  title: 'Azure DevOps',
  knownPaths: ['azure-pipelines.yml', '.azure-pipelines/deploy.yml', '.azure-pipelines/scripts/{install-tools|oidc-token|terraform}.sh', '.azure-pipelines/scripts/gke/gke-gcloud-auth-plugin', `${CHECKS_DIR}/main.tf`],
  capabilities: {
    approvals: { inFile: false, handledBy: `an approval check on the production environment: Terraform in ${CHECKS_DIR} with several environments, else set by hand (setup guide, stage 3)` },
    serialDeploys: true,
    oidc: true,
    environmentInSubject: {
      inToken: false,
      handledBy: `the deploy pipeline's runs only (its subject), from the deploy branch only (a stage condition, and from T2 a branch-control check on every environment, ${CHECKS_DIR}), production after its approval`,
    },
    // SARIF goes to the run's artifacts (findings-*); the Scans tab needs the SARIF SAST Scans Tab extension.
    codeScanning: false,
    // Sigstore's public Fulcio does not list Azure DevOps as an issuer: at T3 the cloud's key signs (ShellLogin.signingKey).
    keylessSigning: false,
  },
  verifyAttestation: (plan) => verifyWithKey(plan, 'verify-attestation'),
  guide: {
    tools: () => ['Azure DevOps CLI (`az devops`)'],
    prerequisites: (plan) => {
      const { organization, project } = projectOf(plan);
      return [`Azure DevOps project \`${organization}/${project}\`${plan.features.multiEnvironment ? '; a personal access token for the one-time setup' : ''}`];
    },
    fixAnswers: (plan) =>
      plan.answers.ciProject?.organizationId
        ? []
        : [`Set ciProject (organization, project, organizationId) in ${plan.paths.answers} and re-run: the deploy identities trust only tokens of that organization and project.`],
    configure: (plan) => [
      `Create the pipelines ${plan.name}-ci and ${deployPipelineName(plan)}, apply ${CHECKS_DIR} (approvals, locks) and create a variable group per environment (${plan.environments.map((e) => `${plan.name}-${e.name}`).join(', ')}) with ${Object.values(plan.identityVariables).join(', ')}.`,
    ],
  },
  guideContext: (plan) => {
    const { organization, project } = projectOf(plan);
    const identity = azureDevOpsIdentity(plan.answers);
    return {
      defaults: shCommand('az', 'devops', 'configure', '--defaults', `organization=https://dev.azure.com/${organization}`, `project=${project}`),
      createPipelines: createPipelines(plan),
      ciPipeline: `${plan.name}-ci`,
      deployPipeline: deployPipelineName(plan),
      checksDir: CHECKS_DIR,
      branch: plan.answers.branch,
      issuer: identity.issuer,
      subject: identity.subjects[0],
      audience: identity.audience,
      variableGroups: plan.environments.map((e) => ({
        command: shCommand('az', 'pipelines', 'variable-group', 'create', '--name', `${plan.name}-${e.name}`, '--authorize', 'true', '--variables', ...Object.values(plan.identityVariables).map((v) => `${v}=VALUE`)),
      })),
    };
  },
  paths,
  oidc: (answers) => azureDevOpsIdentity(answers),
  render: renderAzureDevOps,
  extract: extractAzureDevOps,
  deliverables: azureDeliverables,
};

/** The commands the setup guide quotes to create both pipelines (names the deploy identities trust). */
export function createPipelines(plan: Plan): string[] {
  const dir = plan.location.directory ? `${plan.location.directory}/` : '';
  return [
    shCommand('az', 'pipelines', 'create', '--name', `${plan.name}-ci`, '--yml-path', `${dir}${plan.paths.ciWorkflow}`, '--skip-first-run'),
    shCommand('az', 'pipelines', 'create', '--name', deployPipelineName(plan), '--yml-path', `${dir}${plan.paths.deployWorkflow}`, '--skip-first-run'),
  ];
}

export { tokenScript };
