/**
 * Google Cloud: GKE Autopilot clusters, Artifact Registry, a Cloud Storage state bucket, and per
 * environment two service accounts CI takes on through Workload Identity Federation: Terraform's
 * (the infrastructure) and the deploy jobs' (push to the environment's repository, roll out to its
 * cluster). Terraform for it is in terraform/; the names every other part reads are here.
 */
import type { Command, DeployTarget, Plan } from '../../../plan/types.js';
import { shCommand } from '../../../render/shell.js';
import type { CloudAdapter } from '../../types.js';
import { GMP_QUERY } from '../../../plan/conventions.js';
import { clusterName, repositoryId, serviceAccountEmail, serviceAccountId } from './names.js';
import { GCP_PROJECT_PLACEHOLDER, projectOf } from './project.js';
import { GCP_REGIONS } from './regions.js';
import { gcpSettings } from './settings.js';
import { gcpShell } from './shell.js';
import { CIDRS, GOOGLE_FRONT_ENDS, redis } from './terraform/shared.js';
import { projectWideServices } from './terraform/terraform-identity.js';

const CONNECT = /container clusters get-credentials\s+(\S+)/;
const LOCATION = /--location[= ](\S+)/;

function bootstrapCommands(plan: Plan): Command[] {
  const dir = `-chdir=${plan.paths.bootstrapDir}`;
  return [
    {
      description: 'Enable the two APIs Terraform needs to enable the others',
      run: shCommand('gcloud', 'services', 'enable', 'cloudresourcemanager.googleapis.com', 'serviceusage.googleapis.com', '--project', projectOf(plan)),
    },
    { description: 'Initialise the bootstrap stack (local state)', run: shCommand('terraform', dir, 'init') },
    { description: 'Create the state bucket, the CI identity pool and the service accounts', run: shCommand('terraform', dir, 'apply') },
    { description: 'Print the values to set as CI variables', run: shCommand('terraform', dir, 'output') },
  ];
}

/** Per stack below a repository root: the stacks of a repository share its CI environments. */
function identityVariables(app: string, directory: string): Record<string, string> {
  const suffix = directory ? `_${app.toUpperCase().replace(/-/g, '_')}` : '';
  // The service accounts' emails are known when generating: CI files name them (shell.ts accountFor).
  return { workloadIdentityProvider: `GCP_WORKLOAD_IDENTITY_PROVIDER${suffix}` };
}

export const gcp: CloudAdapter = {
  id: 'gcp',
  title: 'Google Cloud',
  knownPaths: [
    'infra/bootstrap/main.tf',
    'infra/terraform/{cluster|database|network|outputs|providers|redis|registry|security-monitoring|variables|versions}.tf',
    // An environment, or an environment and its second region (prod-us-east1): both DNS labels.
    'infra/terraform/environments/{label}.gcs.tfbackend',
  ],
  shell: gcpShell,
  guide: {
    tools: () => ['Google Cloud CLI (`gcloud`)'],
    prerequisites: (plan) => [
      `Google Cloud project \`${projectOf(plan)}\` with billing; Owner credentials for the one-time bootstrap only`,
    ],
    fixAnswers: (plan) =>
      projectOf(plan) === GCP_PROJECT_PLACEHOLDER
        ? [`Set gcp.project in ${plan.paths.answers} to your Google Cloud project id and re-run (--gcp-project ID): every resource and identity is created there.`]
        : [],
    check: (target) => `\`gcloud container clusters describe ${target.clusterName} --location ${target.region} --format 'value(status)'\` prints \`RUNNING\``,
    logs: (plan) => ({
      text: "GKE ships every container's stdout to Cloud Logging.",
      sink: 'Cloud Logging',
      commands: plan.environments.map((e) =>
        shCommand('gcloud', 'logging', 'read', `resource.type="k8s_container" AND resource.labels.cluster_name="${e.clusterName}" AND resource.labels.namespace_name="${plan.namespace}"`, '--project', projectOf(plan), '--freshness', '1h'),
      ),
    }),
    securityAlerts: (plan) =>
      `Kubernetes and project audit-log alerts are Cloud Monitoring alert policies on log-based metrics in \`${plan.paths.iacDir}\`; set \`notification_channels\` in the production tfvars to the security on-call's channels.`,
  },
  nouns: { identity: 'service account', registry: 'Artifact Registry repository', state: 'state bucket' },
  regions: GCP_REGIONS,
  admins: { pattern: /^(user|group|serviceAccount):[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}$/, example: 'user:alice@example.com' },
  kubernetes: {
    monitoring: 'managed-prometheus-gmp',
    // The GKE metadata server answers Workload Identity on 169.254.169.254:80; Dataplane V2 hands
    // those packets to the node's metadata server on port 988 before the policy sees them.
    credentialEndpoints: [
      { cidr: '169.254.169.254/32', port: 80 },
      { cidr: '169.254.169.252/32', port: 988 },
      { cidr: CIDRS.nodes, port: 988 },
    ],
    privateCidrs: [CIDRS.privateServices, CIDRS.pods],
    // GKE Ingress: an external Application Load Balancer sending to the pods' IPs (NEGs) from
    // Google's front ends and health checkers.
    ingress: { className: 'gce', sources: GOOGLE_FRONT_ENDS },
  },
  // Memorystore (T3): its guide section fills this Secret with the keys the app reads.
  managedSecrets: (plan) => (redis(plan) ? { redis: `${plan.name}-redis` } : {}),
  guideContext(plan) {
    const project = projectOf(plan);
    return {
      project,
      region: plan.region,
      redis: redis(plan),
      // Terraform's roles that IAM Conditions cannot confine (terraform-identity.ts), by service.
      projectWide: projectWideServices(plan),
      // Each target's cluster, and the deploy identity that gets cluster-admin in it (setup guide, stage 2).
      clusterAccess: plan.environments.flatMap((e) =>
        e.targets.map((t) => ({ connect: plan.commands.perTarget[t.id]!.connect.run, account: serviceAccountEmail(serviceAccountId(plan.name, e.name, 'deploy'), project) })),
      ),
      // The query frontend's Kubernetes identity, when the stack runs it (observability from T2).
      frontendMember: plan.features.slo ? `ns/${GMP_QUERY.namespace}/sa/${GMP_QUERY.service}` : false,
    };
  },
  clusterName,
  registryRepository: (app, environment) => `${repositoryId(app, environment)}/${app}`,
  deployIdentity: (app, environment) => serviceAccountId(app, environment, 'deploy'),
  identityVariables,
  connect: (target: DeployTarget, plan: Plan) => ({
    description: `Point kubectl at ${target.clusterName} in ${target.region}`,
    run: shCommand(
      'gcloud', 'container', 'clusters', 'get-credentials', target.clusterName, '--location', target.region, '--project', projectOf(plan),
      // From T2 the control plane has no public IP endpoint: CI reaches it by its DNS name, authorized by IAM.
      ...(plan.features.hardenedInfrastructure ? ['--dns-endpoint'] : []),
    ),
  }),
  parseConnect(line) {
    const cluster = CONNECT.exec(line)?.[1];
    return cluster ? { cluster, region: LOCATION.exec(line)?.[1] ?? '' } : undefined;
  },
  bootstrap: bootstrapCommands,
  registryEnv: 'GAR_REPOSITORY',
  settings: gcpSettings,
};
