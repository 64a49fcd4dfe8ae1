/**
 * How a GitHub Actions job logs in to each cloud and its image registry: the clouds' own actions,
 * pinned by SHA. One entry per cloud; the rest of the renderer is cloud-neutral.
 */
import type { Cloud } from '../../../config/answers.js';
import type { Plan } from '../../../plan/types.js';
import { projectOf } from '../../cloud/gcp/project.js';
import { accountFor, registryHost } from '../../cloud/gcp/shell.js';
import { roleVariable } from '../../cloud/aws/index.js';
import { clientIdVariable, registryFor } from '../../cloud/azure/identity.js';
import { tenantOf } from '../../cloud/azure/subscription.js';
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

/** Where the AKS kubectl credential plugin below lives, relative to the stack's directory. */
const AKS_PLUGIN_DIR = '.github/scripts/aks';

/**
 * AKS clusters without local accounts give kubeconfigs that call kubelogin, which hosted runners
 * lack: this stand-in answers kubectl with an Entra ID token for the AKS server application
 * (6dae42f8-…, the same for every cluster), from the az session the job signed in with.
 */
const AKS_PLUGIN = `#!/bin/sh
set -e
t=$(az account get-access-token --resource 6dae42f8-4368-4678-94ff-3960e28e3630 --query accessToken -o tsv)
printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}\\n' "$t"
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
  azure: {
    // The environment's identity (Terraform's or the deploy's) by its client id. No subscription-id:
    // the identity holds roles in the stack's subscription only, which az then selects (Terraform
    // names it in its variables). Terraform's azurerm
    // provider and backend then request GitHub's OIDC token themselves (ARM_USE_OIDC), fresh per call.
    login: (plan, region, purpose, environment) => [
      {
        uses: uses('azure/login'),
        with: {
          'client-id': expr(`vars.${plan.identityVariables[clientIdVariable(purpose)]}`),
          'tenant-id': tenantOf(plan),
        },
      },
      purpose === 'deploy'
        ? { run: `echo "REGISTRY=${registryFor(plan, environment, region)}.azurecr.io" >> "$GITHUB_ENV"\necho "$PWD/${AKS_PLUGIN_DIR}" >> "$GITHUB_PATH"\n` }
        : { run: `printf 'ARM_USE_OIDC=true\\nARM_TENANT_ID=${tenantOf(plan)}\\nARM_CLIENT_ID=%s\\n' "$(az account show --query user.name -o tsv)" >> "$GITHUB_ENV"\n` },
    ],
    isLogin: (action) => /^azure\/login(@|$)/.test(action),
    // The action takes no region: the resource group in the connect command names it.
    loginRegion: () => '',
    registryLogin: () => [{ run: 'az acr login --name "${REGISTRY%%.*}"\n' }],
    registryHost: expr('env.REGISTRY'),
    files: [{ path: `${AKS_PLUGIN_DIR}/kubelogin`, content: AKS_PLUGIN, summary: "kubectl's AKS token from the az session (hosted runners lack kubelogin)", executable: true }],
  },
};
