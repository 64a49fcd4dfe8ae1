/**
 * Azure login in plain shell, for CI platforms without Azure's own login: the platform writes its
 * OIDC token (requested for api://AzureADTokenExchange) to a file, and the Azure CLI signs in as
 * the environment's user-assigned identity with it (a federated credential on that identity
 * trusts the token's issuer and subject). Terraform's azurerm provider and backend read the same
 * file (ARM_OIDC_TOKEN_FILE_PATH), so each of them exchanges it itself.
 */
import type { ShellLogin } from '../../types.js';
import { clientIdVariable, registryFor } from './identity.js';
import { ENTRA_AUDIENCE, subscriptionOf, tenantOf } from './subscription.js';

export const azureShell: ShellLogin = {
  audience: () => ENTRA_AUDIENCE,
  login: (plan, env, region, tokenFile, purpose) => {
    const v = plan.identityVariables;
    const client = `\${${v[clientIdVariable(purpose)]}}`;
    const tenant = tenantOf(plan);
    return [
      `az login --service-principal --username "${client}" --tenant ${tenant} --federated-token "$(cat ${tokenFile})" --output none`,
      `az account set --subscription ${subscriptionOf(plan)}`,
      `export ARM_USE_OIDC=true ARM_CLIENT_ID="${client}" ARM_TENANT_ID=${tenant} ARM_SUBSCRIPTION_ID=${subscriptionOf(plan)} ARM_OIDC_TOKEN_FILE_PATH=${tokenFile}`,
      `export ACR_NAME=${registryFor(plan, env.name, region)}`,
    ];
  },
  // No docker CLI needed: an ACR access token for the identity goes into docker's config file.
  registryLogin: () => [
    'REGISTRY="$ACR_NAME.azurecr.io"',
    'mkdir -p "$HOME/.docker"',
    `printf '{"auths":{"%s":{"auth":"%s"}}}' "$REGISTRY" "$(printf '00000000-0000-0000-0000-000000000000:%s' "$(az acr login --name "$ACR_NAME" --expose-token --output tsv --query accessToken)" | base64 | tr -d '\\n')" > "$HOME/.docker/config.json"`,
  ],
  // Not pinned by digest yet: only the GitHub Actions path is generated for Azure so far
  // (src/config/combinations.ts refuses the others), and it does not use this image.
  cliImage: 'mcr.microsoft.com/azure-cli:2.89.1',
  cliTools: ['az', 'kubectl', 'kubelogin'],
};
