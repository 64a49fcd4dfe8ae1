/**
 * How a GitHub Actions job logs in to each cloud and its image registry: the clouds' own actions,
 * pinned by SHA. One entry per cloud; the rest of the renderer is cloud-neutral.
 */
import type { Cloud } from '../../../config/answers.js';
import type { Plan } from '../../../plan/types.js';
import { projectOf } from '../../cloud/gcp/project.js';
import { accountFor, registryHost } from '../../cloud/gcp/shell.js';
import { roleVariable } from '../../cloud/aws/index.js';
import type { IdentityPurpose } from '../../../steps/cicd/model.js';
import { uses } from './action-pins.js';
import { expr, type GhaStep } from './gha.js';

type LoginPlan = Pick<Plan, 'identityVariables' | 'answers' | 'name'>;

export interface GhaCloud {
  /** The steps that exchange the job's OIDC token for the environment's identity of that purpose. */
  login(plan: LoginPlan, region: string, purpose: IdentityPurpose, environment: string): GhaStep[];
  /** Reads a login step back: whether a `uses:` is this cloud's login action, and the region it asks for. */
  isLogin(uses: string): boolean;
  loginRegion(inputs: Record<string, unknown>): string;
  /** Logs in to the registry in `region`; its host is `registryHost` afterwards. */
  registryLogin(plan: LoginPlan, region: string): GhaStep[];
  registryHost: string;
  /** Files the login writes into the workspace: they must stay out of an image built from it. */
  workspaceFiles?: string[];
  /** Files the deploy jobs' login reads (paths relative to the stack's directory). */
  files?: { path: string; content: string; summary: string; executable?: boolean }[];
}

/** Where the GCP kubectl credential plugin below lives, relative to the stack's directory. */
const GKE_PLUGIN_DIR = '.github/scripts/gke';

/**
 * Hosted runners have gcloud but not gke-gcloud-auth-plugin, which the kubeconfig of
 * `gcloud container clusters get-credentials` calls for a token: this stand-in answers kubectl
 * with gcloud's own access token for the service account the job took on, fresh at every call.
 */
export const GKE_PLUGIN = `#!/bin/sh
# In place of gke-gcloud-auth-plugin (not on hosted runners): gcloud's token, fresh per call.
set -e
token=$(gcloud auth print-access-token)
printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}\\n' "$token"
`;

export const GHA_CLOUDS: Record<Cloud, GhaCloud> = {
  aws: {
    // Terraform's jobs take on the infrastructure role, the push and deploy jobs the deploy role.
    login: (plan, region, purpose) => [{
      uses: uses('aws-actions/configure-aws-credentials'),
      with: { 'role-to-assume': expr(`vars.${plan.identityVariables[roleVariable(purpose)]}`), 'aws-region': region },
    }],
    isLogin: (action) => /^aws-actions\/configure-aws-credentials(@|$)/.test(action),
    loginRegion: (inputs) => (typeof inputs['aws-region'] === 'string' ? inputs['aws-region'] : ''),
    registryLogin: () => [{ id: 'ecr', uses: uses('aws-actions/amazon-ecr-login') }],
    registryHost: expr('steps.ecr.outputs.registry'),
  },
  gcp: {
    login: (plan, _region, purpose, environment) => [
      {
        uses: uses('google-github-actions/auth'),
        with: {
          workload_identity_provider: expr(`vars.${plan.identityVariables['workloadIdentityProvider']}`),
          service_account: accountFor(plan, environment, purpose),
        },
      },
      ...(purpose === 'deploy' ? [{ name: 'GKE token for kubectl', run: `echo "$PWD/${GKE_PLUGIN_DIR}" >> "$GITHUB_PATH"\n` }] : []),
    ],
    isLogin: (action) => /^google-github-actions\/auth(@|$)/.test(action),
    // The action takes no region: the deploy jobs' connect command names it (--location).
    loginRegion: () => '',
    registryLogin: (plan, region) => [{
      name: 'Log in to Artifact Registry',
      run: [
        `echo "REGISTRY=${registryHost(region)}/${projectOf(plan)}" >> "$GITHUB_ENV"`,
        `gcloud auth print-access-token | docker login -u oauth2accesstoken --password-stdin https://${registryHost(region)}`,
        '',
      ].join('\n'),
    }],
    registryHost: expr('env.REGISTRY'),
    // The credentials file google-github-actions/auth writes into the workspace.
    workspaceFiles: ['gha-creds-*.json'],
    files: [{ path: `${GKE_PLUGIN_DIR}/gke-gcloud-auth-plugin`, content: GKE_PLUGIN, summary: "kubectl's GKE token from gcloud (hosted runners lack gke-gcloud-auth-plugin)", executable: true }],
  },
};
