/**
 * Google Cloud login in plain shell, for every CI platform without Google's own action: the
 * platform writes its OIDC token (requested for `audience`) to a file, and a Workload Identity
 * Federation credential configuration points gcloud, Terraform and the client libraries at it.
 * They exchange the token themselves and refresh the access token as it expires (a long
 * Terraform apply outlives one access token), as the environment's service account.
 */
import type { Plan } from '../../../plan/types.js';
import type { IdentityPurpose } from '../../../steps/cicd/model.js';
import type { ShellLogin } from '../../types.js';
import { serviceAccountEmail, serviceAccountId } from './names.js';
import { projectOf, wifAudience } from './project.js';
import { gcpSigningKey } from './terraform/signing.js';

/**
 * The service account a job of `environment` takes on for `purpose`: Terraform's, or the deploy
 * jobs'. Its email is known when generating (account id and project), so CI files name it
 * directly: only the provider, whose name holds the project's number, is a CI variable.
 */
export const accountFor = (plan: Pick<Plan, 'name' | 'answers'>, environment: string, purpose: IdentityPurpose = 'deploy'): string =>
  serviceAccountEmail(serviceAccountId(plan.name, environment, purpose === 'infrastructure' ? 'tf' : 'deploy'), projectOf(plan));

/** Artifact Registry's Docker host in a region: pushes and pulls go to REGION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE. */
export const registryHost = (region: string): string => `${region}-docker.pkg.dev`;

export const gcpShell: ShellLogin = {
  // A CI platform that fixes its tokens' audience (CircleCI: the organization id) is trusted with it (allowed_audiences).
  audience: (plan) => plan.environments[0]!.trust.audience ?? wifAudience(plan),
  login: (plan, env, _region, tokenFile, purpose) => {
    const v = plan.identityVariables;
    const config = `${tokenFile}.json`;
    return [
      // --credential-source-type=text: the file holds the raw token, nothing else.
      `gcloud iam workload-identity-pools create-cred-config "\${${v['workloadIdentityProvider']}}" --service-account=${accountFor(plan, env.name, purpose)} --credential-source-file=${tokenFile} --credential-source-type=text --output-file=${config}`,
      `export GOOGLE_APPLICATION_CREDENTIALS=${config}`,
      'export CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE="$GOOGLE_APPLICATION_CREDENTIALS"',
      `export CLOUDSDK_CORE_PROJECT=${projectOf(plan)}`,
      'gcloud auth print-access-token >/dev/null',
    ];
  },
  // Written as docker's config.json, not by `docker login`: skopeo reads the same file, and images
  // with skopeo or BuildKit have no docker CLI (nor gcloud's credential helper).
  registryLogin: (plan, region) => [
    `REGISTRY=${registryHost(region)}/${projectOf(plan)}`,
    'mkdir -p "$HOME/.docker"',
    `printf '{"auths":{"${registryHost(region)}":{"auth":"%s"}}}' "$(printf 'oauth2accesstoken:%s' "$(gcloud auth print-access-token)" | base64 | tr -d '\\n')" > "$HOME/.docker/config.json"`,
  ],
  // The full Debian image: gcloud with kubectl, gke-gcloud-auth-plugin and the docker CLI, by
  // version and digest (the same digest pinned in several public projects; not pulled from this sandbox).
  cliImage: 'gcr.io/google.com/cloudsdktool/google-cloud-cli:573.0.0@sha256:f0b4abeb30773243f9ae95abe201ec01de07d5ed582b56ca52879eb3dbe209c3',
  cliTools: ['gcloud', 'gsutil', 'kubectl', 'gke-gcloud-auth-plugin', 'docker'],
  // Cloud KMS, through GOOGLE_APPLICATION_CREDENTIALS (the login's): no region or other setting needed.
  signingKey: gcpSigningKey,
};
