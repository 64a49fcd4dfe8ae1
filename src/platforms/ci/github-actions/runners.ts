/**
 * What the runners of GitHub Actions jobs provide. Hosted: the tools the ubuntu-24.04 image lists
 * (actions/runner-images, images/ubuntu/Ubuntu2404-Readme.md); not Terraform, not Go on the PATH.
 * Self-hosted (deploy jobs at T3, inside the VPC): the image we generate for actions-runner-controller,
 * because the default actions-runner image has only curl, jq, unzip, git and docker.
 */
import type { Plan } from '../../../plan/types.js';

export const HOSTED_TOOLS = [
  'aws', 'az', 'gcloud', 'gh', 'kubectl', 'kustomize', 'helm', 'skopeo', 'buildah', 'podman', 'docker',
  'git', 'jq', 'yq', 'zip', 'unzip', 'make', 'node', 'npm', 'npx', 'python', 'python3', 'pip', 'pip3',
  'java', 'mvn', 'gradle', 'shellcheck', 'yamllint', 'sqlite3', 'psql', 'zstd',
];

/** The default actions-runner image's tools (actions/runner, images/Dockerfile). */
export const RUNNER_IMAGE_BASE_TOOLS = ['jq', 'unzip', 'git', 'docker', 'sudo'];

export const RUNNER_IMAGE_PATH = '.github/runner/Dockerfile';

/** Tools added to the runner image, each from its project's own image (static binaries, or the AWS CLI's bundle). */
const ADDED = {
  aws: { from: 'public.ecr.aws/aws-cli/aws-cli:2.37.1', copy: ['/usr/local/aws-cli /usr/local/aws-cli'], link: '/usr/local/aws-cli/v2/current/bin/aws' },
  kubectl: { from: 'registry.k8s.io/kubectl:v1.34.1', copy: ['/bin/kubectl /usr/local/bin/kubectl'] },
  kustomize: { from: 'registry.k8s.io/kustomize/kustomize:v5.8.1', copy: ['/app/kustomize /usr/local/bin/kustomize'] },
} as const;

/** Tools the runner image declares it has: the base image's and what we add (read back by extract.ts). */
export const RUNNER_IMAGE_TOOLS = [...RUNNER_IMAGE_BASE_TOOLS, ...Object.keys(ADDED)];

export const ACTIONS_RUNNER = 'ghcr.io/actions/actions-runner:2.336.0';

/**
 * The runner image of the deploy jobs that run inside the VPC: the actions-runner image plus the
 * cloud CLI, kubectl and kustomize. The image push (skopeo) stays on hosted runners.
 */
export function runnerImage(plan: Pick<Plan, 'name'>): string {
  const stages = Object.entries(ADDED).map(([name, tool]) => `FROM ${tool.from} AS ${name}`);
  const copies = Object.entries(ADDED).flatMap(([name, tool]) => [
    ...tool.copy.map((c) => `COPY --from=${name} ${c}`),
    ...('link' in tool ? [`RUN ln -s ${tool.link} /usr/local/bin/${name}`] : []),
  ]);
  return [
    `# Runner image of ${plan.name}'s deploy jobs inside the VPC (actions-runner-controller).`,
    '# The default actions-runner image lacks these tools; each comes from its project\'s image.',
    ...stages,
    '',
    `FROM ${ACTIONS_RUNNER}`,
    `LABEL dev.create-devops-stack.tools="${RUNNER_IMAGE_TOOLS.join(' ')}"`,
    'USER root',
    ...copies,
    'USER runner',
    '',
  ].join('\n');
}
