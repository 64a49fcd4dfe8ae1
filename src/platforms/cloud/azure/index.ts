/**
 * Azure: AKS clusters (Azure CNI with a pod subnet, Cilium network policy, Entra ID RBAC, no local
 * accounts, workload identity), a container registry per environment, Application Gateway for
 * Containers as the way in, an azurerm state backend in a storage account with Entra ID auth, and
 * per environment user-assigned identities CI signs in as through federated credentials: the
 * deploy jobs' (push to the environment's registry, roll out to its cluster) and from T2
 * Terraform's. Terraform for it is in terraform/; the names every other part reads are here.
 */
import type { Command, DeployTarget, Plan } from '../../../plan/types.js';
import { shCommand, shQuote } from '../../../render/shell.js';
import type { CloudAdapter } from '../../types.js';
import { identityFor, identityVariables } from './identity.js';
import { INGRESS_FRONTEND, clusterName, resourceGroup } from './names.js';
import { AZURE_REGIONS } from './regions.js';
import { azureSettings } from './settings.js';
import { azureShell } from './shell.js';
import { AZURE_SUBSCRIPTION_PLACEHOLDER, subscriptionOf, tenantOf } from './subscription.js';
import { ALB_CONTROLLER, CIDRS } from './terraform/shared.js';

const CONNECT = /aks get-credentials\s+--resource-group\s+(\S+)\s+--name\s+(\S+)/;

/** A target's resource group: its environment's, named after its region (rg-APP-ENV-REGION). */
export const targetResourceGroup = (app: string, target: Pick<DeployTarget, 'environment' | 'region'>): string => resourceGroup(app, target.environment, target.region);

function bootstrapCommands(plan: Plan): Command[] {
  const dir = `-chdir=${plan.paths.bootstrapDir}`;
  return [
    { description: 'Sign in as an Owner of the subscription', run: shCommand('az', 'login', '--tenant', tenantOf(plan)) },
    { description: 'Initialise the bootstrap stack (local state)', run: shCommand('terraform', dir, 'init') },
    // Federated credentials on one identity cannot be written concurrently (409 ConcurrentFederatedIdentityCredentialsWrites).
    { description: 'Register the resource providers; create the state account, resource groups and CI identities', run: shCommand('terraform', dir, 'apply', '-parallelism=1') },
    { description: 'Print the values to set as CI variables', run: shCommand('terraform', dir, 'output') },
  ];
}

export const azure: CloudAdapter = {
  id: 'azure',
  title: 'Azure',
  knownPaths: [
    'infra/bootstrap/main.tf',
    'infra/terraform/{cluster|database|ingress|keyvault|network|outputs|providers|registry|security-monitoring|variables|versions}.tf',
    'infra/terraform/environments/{label}.azurerm.tfbackend',
  ],
  shell: azureShell,
  guide: {
    // Write-only arguments (the database password stays out of the state) need Terraform 1.11.
    tools: (plan) => ['Azure CLI (`az`)', 'kubelogin', ...(plan.features.database ? ['Terraform >= 1.11'] : [])],
    prerequisites: (plan) => [
      `Azure subscription \`${subscriptionOf(plan)}\`; Owner on it for the one-time bootstrap only`,
      ...(plan.features.privateApi ? ['A shell inside the virtual network for stages 2–3 (the Kubernetes API is private): Azure Bastion, or a VPN'] : []),
    ],
    fixAnswers: (plan) => [
      ...(subscriptionOf(plan) === AZURE_SUBSCRIPTION_PLACEHOLDER || tenantOf(plan) === AZURE_SUBSCRIPTION_PLACEHOLDER
        ? [`Set azure.subscription and azure.tenant in ${plan.paths.answers} and re-run (--azure-subscription ID --azure-tenant ID, from az account show --query '[id, tenantId]'): every resource and identity is created there.`]
        : []),
      ...(plan.answers.clusterAdmins.length
        ? []
        : [`Add your Entra ID object id to clusterAdmins in ${plan.paths.answers} and re-run (--cluster-admins ID, from az ad signed-in-user show --query id -o tsv): only listed principals and CI's deploy identities can use kubectl.`]),
    ],
    // The Ingress's load balancer comes from the ALB Controller, installed per cluster with the identity Terraform creates for it.
    clusterAddons: (plan) => [
      `helm upgrade --install alb-controller ${ALB_CONTROLLER.chart} --version ${ALB_CONTROLLER.version} -n ${ALB_CONTROLLER.namespace} --create-namespace --set albController.namespace=${ALB_CONTROLLER.namespace} --set albController.podIdentity.clientID="$(terraform -chdir=${plan.paths.iacDir} output -raw alb_controller_client_id)"`,
    ],
    check: (target) => `\`az aks list --query "[?name=='${target.clusterName}'].provisioningState" -o tsv\` prints \`Succeeded\``,
    logs: (plan) => ({
      text: "Container Insights ships every container's stdout to the environment's Log Analytics workspace (table ContainerLogV2).",
      sink: 'Log Analytics',
      commands: plan.environments.map((e) =>
        `az monitor log-analytics query --workspace "$(terraform -chdir=${plan.paths.iacDir} output -raw log_analytics_workspace_id)" --analytics-query ${shQuote(`ContainerLogV2 | where PodNamespace == "${plan.namespace}" and TimeGenerated > ago(1h) | project TimeGenerated, PodName, LogMessage`)} # ${e.name}`,
      ),
    }),
    securityAlerts: (plan) =>
      `Activity-log alerts (role assignments, Key Vault and cluster credential changes) and the cluster's audit logs in Log Analytics are in \`${plan.paths.iacDir}\`; they notify the action group of \`security_alert_emails\` in the production tfvars: set it to the security on-call.`,
  },
  nouns: { identity: 'managed identity', registry: 'container registry', state: 'state storage account' },
  regions: AZURE_REGIONS,
  // Entra ID object ids (users or groups): they get cluster admin through Azure RBAC.
  admins: { pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, example: '11111111-2222-3333-4444-555555555555' },
  kubernetes: {
    // Argo Rollouts' Prometheus provider cannot authenticate to Azure Monitor: Prometheus runs in the cluster.
    monitoring: 'prometheus-operator',
    // Workload identity needs no node-local endpoint: the token is a projected file, exchanged at Entra ID over HTTPS.
    credentialEndpoints: [],
    // The virtual network: pods (Azure CNI pod subnet), PostgreSQL's delegated subnet.
    privateCidrs: [CIDRS.vnet],
    // Application Gateway for Containers sends to the pods' IPs from its delegated subnet.
    ingress: {
      className: 'azure-alb-external',
      sources: [CIDRS.ingress],
      // The environment's gateway (ingress.tf) and its frontend; one region per environment (combinations.ts).
      annotations: (plan, env) => ({
        'alb.networking.azure.io/alb-id': `/subscriptions/${subscriptionOf(plan)}/resourceGroups/${resourceGroup(plan.name, env.name, env.targets[0]!.region)}/providers/Microsoft.ServiceNetworking/trafficControllers/${env.targets[0]!.clusterName}`,
        'alb.networking.azure.io/alb-frontend': INGRESS_FRONTEND,
      }),
    },
  },
  // exactSubjects: federated credentials match a subject exactly (no pattern for GitHub's repository ids).
  guideContext: (plan) => ({ subscription: subscriptionOf(plan), exactSubjects: true }),
  clusterName,
  // One registry per environment (names.ts registryName): the repository in it is the app's.
  registryRepository: (app) => app,
  deployIdentity: (app, environment) => identityFor(app, environment),
  identityVariables,
  connect: (target: DeployTarget, plan: Plan) => ({
    description: `Point kubectl at ${target.clusterName} in ${target.region}`,
    run: shCommand('az', 'aks', 'get-credentials', '--resource-group', targetResourceGroup(plan.name, target), '--name', target.clusterName, '--overwrite-existing'),
  }),
  parseConnect(line) {
    const m = CONNECT.exec(line);
    // The resource group names the region last (rg-APP-ENV-REGION; region names have no '-').
    return m ? { cluster: m[2]!, region: m[1]!.slice(m[1]!.lastIndexOf('-') + 1) } : undefined;
  },
  bootstrap: bootstrapCommands,
  registryEnv: 'ACR_REPOSITORY',
  settings: azureSettings,
};
