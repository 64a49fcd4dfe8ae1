/**
 * What the runners of GitHub Actions jobs provide. Hosted: the tools the ubuntu-24.04 image lists
 * (actions/runner-images, images/ubuntu/Ubuntu2404-Readme.md); not Terraform, not Go on the PATH.
 * Self-hosted (deploy jobs at T3, inside the VPC): the image we generate for actions-runner-controller,
 * because the default actions-runner image has only curl, jq, unzip, git and docker.
 */
import type { Cloud } from '../../../config/answers.js';
import type { Plan } from '../../../plan/types.js';

export const HOSTED_TOOLS = [
  'aws', 'az', 'gcloud', 'gh', 'kubectl', 'kustomize', 'helm', 'skopeo', 'buildah', 'podman', 'docker',
  'git', 'jq', 'yq', 'zip', 'unzip', 'make', 'node', 'npm', 'npx', 'python', 'python3', 'pip', 'pip3',
  'java', 'mvn', 'gradle', 'shellcheck', 'yamllint', 'sqlite3', 'psql', 'zstd',
];

/** The default actions-runner image's tools (actions/runner, images/Dockerfile). */
export const RUNNER_IMAGE_BASE_TOOLS = ['jq', 'unzip', 'git', 'docker', 'sudo'];

export const RUNNER_IMAGE_PATH = '.github/runner/Dockerfile';

interface AddedTool {
  from: string;
  copy: string[];
  link?: string;
}

/** Tools added to the runner image, each from its project's own image (static binaries, or the AWS CLI's bundle). */
const ADDED = {
  kubectl: { from: 'registry.k8s.io/kubectl:v1.34.1', copy: ['/bin/kubectl /usr/local/bin/kubectl'] },
  kustomize: { from: 'registry.k8s.io/kustomize/kustomize:v5.8.1', copy: ['/app/kustomize /usr/local/bin/kustomize'] },
} as const satisfies Record<string, AddedTool>;

const AWS_CLI: AddedTool = { from: 'public.ecr.aws/aws-cli/aws-cli:2.37.1', copy: ['/usr/local/aws-cli /usr/local/aws-cli'], link: '/usr/local/aws-cli/v2/current/bin/aws' };

/**
 * The Google Cloud CLI and its kubectl credential plugin from Google's signed apt repository, at
 * one version: the SDK needs its whole installation (and Python), which no single binary carries.
 */
const GCLOUD_VERSION = '573.0.0-0';
const GCLOUD_RUN = [
  'RUN apt-get update && apt-get install -y --no-install-recommends gnupg \\',
  ' && curl -fsSL https://packages.cloud.google.com/apt/doc/apt-key.gpg | gpg --dearmor -o /usr/share/keyrings/cloud.google.gpg \\',
  ' && echo "deb [signed-by=/usr/share/keyrings/cloud.google.gpg] https://packages.cloud.google.com/apt cloud-sdk main" > /etc/apt/sources.list.d/google-cloud-sdk.list \\',
  ` && apt-get update && apt-get install -y --no-install-recommends google-cloud-cli=${GCLOUD_VERSION} google-cloud-cli-gke-gcloud-auth-plugin=${GCLOUD_VERSION} \\`,
  ' && rm -rf /var/lib/apt/lists/*',
];

/** The Azure CLI from Microsoft's apt repository (the runner image is Ubuntu), pinned by version. */
const AZ_VERSION = '2.89.1-1~';
const AZ_RUN = [
  'RUN apt-get update && apt-get install -y --no-install-recommends gnupg lsb-release \\',
  ' && curl -fsSL https://packages.microsoft.com/keys/microsoft.asc | gpg --dearmor -o /usr/share/keyrings/microsoft.gpg \\',
  ' && echo "deb [signed-by=/usr/share/keyrings/microsoft.gpg] https://packages.microsoft.com/repos/azure-cli/ $(lsb_release -cs) main" > /etc/apt/sources.list.d/azure-cli.list \\',
  ` && apt-get update && apt-get install -y --no-install-recommends azure-cli=${AZ_VERSION}$(lsb_release -cs) \\`,
  ' && rm -rf /var/lib/apt/lists/*',
];

/** Each cloud's CLI in the runner image: copied from its project's image, or installed. */
const CLOUD_CLI: Record<Cloud, { tool: string; image?: AddedTool; run?: string[] }> = {
  aws: { tool: 'aws', image: AWS_CLI },
  gcp: { tool: 'gcloud', run: GCLOUD_RUN },
  azure: { tool: 'az', run: AZ_RUN },
};

/** Tools the runner image declares it has: the base image's and what we add (read back by extract.ts). */
export const runnerImageTools = (cloud: Cloud): string[] => [...RUNNER_IMAGE_BASE_TOOLS, CLOUD_CLI[cloud].tool, ...Object.keys(ADDED)];

export const ACTIONS_RUNNER = 'ghcr.io/actions/actions-runner:2.336.0';

/**
 * The runner image of the deploy jobs that run inside the VPC: the actions-runner image plus the
 * cloud CLI, kubectl and kustomize. The image push (skopeo) stays on hosted runners.
 */
export function runnerImage(plan: Pick<Plan, 'name' | 'platforms'>): string {
  const cli = CLOUD_CLI[plan.platforms.cloud];
  const added: [string, AddedTool][] = [...(cli.image ? [[cli.tool, cli.image] as [string, AddedTool]] : []), ...Object.entries(ADDED)];
  const stages = added.map(([name, tool]) => `FROM ${tool.from} AS ${name}`);
  const copies = added.flatMap(([name, tool]) => [
    ...tool.copy.map((c) => `COPY --from=${name} ${c}`),
    ...(tool.link ? [`RUN ln -s ${tool.link} /usr/local/bin/${name}`] : []),
  ]);
  return [
    `# Runner image of ${plan.name}'s deploy jobs inside the VPC (actions-runner-controller).`,
    cli.run
      ? "# The default actions-runner image lacks these tools; each comes from its project's image or package repository."
      : '# The default actions-runner image lacks these tools; each comes from its project\'s image.',
    ...stages,
    '',
    `FROM ${ACTIONS_RUNNER}`,
    `LABEL dev.create-devops-stack.tools="${runnerImageTools(plan.platforms.cloud).join(' ')}"`,
    'USER root',
    ...(cli.run ?? []),
    ...copies,
    'USER runner',
    '',
  ].join('\n');
}
