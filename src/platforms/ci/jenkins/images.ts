/**
 * The images Jenkins stages run in (docker agents, docker-workflow plugin), and what each one
 * provides (read back by extract.ts for the commands-available rule). Each image is pinned by
 * digest where the same digest is pinned in several independent public projects (none was pulled
 * from this sandbox), else by its exact version tag, as marked.
 *
 * Stages that talk to the cloud run in an agent image built from .jenkins/agent/Dockerfile (the
 * `dockerfile` agent): the cloud's CLI image with Terraform, kubectl, kustomize and crane (cosign
 * at T3) copied in from their projects' images, and the tools script's tools installed at build time.
 * No public image has them all, and building it on the agent keeps every pin in the repository.
 */
import type { Cloud } from '../../../config/answers.js';
import type { Plan } from '../../../plan/types.js';
import { toolImageTools } from '../../../steps/cicd/alert-tests-job.js';
import { toolsFor } from '../../../steps/cicd/tools.js';
import { cloudOf, registry } from '../../registry.js';
import { languageImageTools } from '../toolchain-images.js';

export const IMAGES = {
  /** Rootless BuildKit: builds without a Docker daemon or a privileged container (digest pinned). */
  builder: 'moby/buildkit:v0.33.0-rootless@sha256:80b15f0735e87bab7bf59ec4d695dfb4a7cfb25521cf56dc75d6f256285b63ef',
  /** Trivy: vulnerability and secret scans, the SBOM (digest pinned). */
  scanner: 'aquasec/trivy:0.74.0@sha256:62b1e65e8869bc4b4c6aa4fa2b21595256c7c2f6018a9d9ad61caf87187c1969',
  /** Semgrep CE: static analysis of every language we generate for (digest pinned). */
  sast: 'semgrep/semgrep:1.179.0@sha256:93963d9295a366f59e4850127b1550400ee7b388f04fe144e4a1f6325d96e01b',
} as const;

/**
 * BuildKit's rootless daemon needs user namespaces, which Docker's default seccomp and AppArmor
 * profiles refuse; without a process sandbox it needs nothing else (moby/buildkit rootless docs).
 * The image's entrypoint is the daemon: the agent's `cat` must run instead.
 */
export const BUILDER_ARGS = '--entrypoint= --security-opt seccomp=unconfined --security-opt apparmor=unconfined';
/** The daemon's flags, as buildctl-daemonless.sh reads them (the pipeline's environment: every stage has it). */
export const BUILDKITD_FLAGS = '--oci-worker-no-process-sandbox';

/** Single-binary images whose entrypoint is their tool: the agent's `cat` must run instead. */
export const SHELL_ARGS = '--entrypoint=';

/** Tools copied into the agent image: the binary's path in its project's image. */
const COPIED = [
  // The version CI applies Terraform with everywhere (TERRAFORM_CI_VERSION); only where CI runs it (T2+).
  { name: 'terraform', from: 'hashicorp/terraform:1.14.8@sha256:42ecfb253183ec823646dd7859c5652039669409b44daa72abf57112e622849a', path: '/bin/terraform', infrastructureInCi: true },
  { name: 'kubectl', from: 'registry.k8s.io/kubectl:v1.34.1@sha256:59bafa07ff3a6d4b417e7633ddb9d79a9606ca98bf64bac080b3e65748669250', path: '/bin/kubectl' },
  { name: 'kustomize', from: 'registry.k8s.io/kustomize/kustomize:v5.8.1@sha256:899fcd3bc898160e62bcaf82932b0cb29ba38d16272353db2e7acbba82129429', path: '/app/kustomize' },
  // Pushes an OCI layout with its manifest bytes unchanged: the digest CI tested is the one deployed.
  { name: 'crane', from: 'gcr.io/go-containerregistry/crane:v0.22.1@sha256:1f968817b95790bed063f71175aa6b8ff879fa17064020415f3e18bb6e6a36e1', path: '/ko-app/crane' },
  { name: 'cosign', from: 'ghcr.io/sigstore/cosign/cosign:v2.4.1@sha256:b03690aa52bfe94054187142fba24dc54137650682810633901767d8a3e15b31', path: '/ko-app/cosign', supplyChain: true },
] as const;

/** The agent image's directory (the `dockerfile` agent's build context), relative to the stack. */
export const AGENT_DIR = '.jenkins/agent';
export const AGENT_DOCKERFILE = `${AGENT_DIR}/Dockerfile`;
/** The tools script, inside the agent's build context so that the image build can run it. */
export const AGENT_TOOLS_SCRIPT = `${AGENT_DIR}/install-tools.sh`;

type Copied = (typeof COPIED)[number];
const copied = (plan: Pick<Plan, 'features'>): Copied[] =>
  COPIED.filter((t) => (!('supplyChain' in t) || plan.features.supplyChain) && (!('infrastructureInCi' in t) || plan.features.infrastructureInCi));

/** What the agent image provides: the cloud's CLI, the copied tools, the tools script's. */
export function agentTools(plan: Pick<Plan, 'features' | 'platforms'>): string[] {
  return [...CLI_IMAGES[plan.platforms.cloud]!.tools, ...copied(plan).map((t) => t.name), ...toolsFor(plan)];
}

/**
 * Per cloud CLI image (ShellLogin.cliImage): the commands it provides, and how it gets tar and
 * gzip (the image archive is unpacked for the push), which minimal CLI images lack.
 */
// Google's is the full Debian image (tar and gzip are essential packages there): it lacks only jq.
const CLI_IMAGES: Partial<Record<Cloud, { tools: string[]; setup: string }>> = {
  aws: { tools: ['aws', 'jq'], setup: 'RUN yum install -y -q tar gzip jq && yum clean all' },
  gcp: { tools: ['gcloud', 'gsutil', 'kubectl', 'gke-gcloud-auth-plugin', 'docker', 'jq'], setup: 'RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*' },
};

export function agentDockerfile(plan: Pick<Plan, 'features' | 'platforms'>): string {
  const tools = copied(plan);
  const installed = toolsFor(plan);
  return [
    ...tools.map((t) => `FROM ${t.from} AS ${t.name}`),
    '',
    `FROM ${cloudOf(plan).shell.cliImage}`,
    CLI_IMAGES[plan.platforms.cloud]!.setup,
    ...tools.map((t) => `COPY --from=${t.name} ${t.path} /usr/local/bin/${t.name}`),
    ...(installed.length ? ['COPY install-tools.sh /usr/local/bin/', `RUN install-tools.sh ${installed.join(' ')}`] : []),
    // The CLI image's entrypoint is its CLI: Jenkins starts the agent container with `cat`.
    'ENTRYPOINT []',
    '',
  ].join('\n');
}

/**
 * What an agent image provides, read back from its Dockerfile as it is on disk: its base image's
 * commands (a cloud's CLI image), each binary copied to /usr/local/bin, each tool the tools script installs.
 */
export function declaredTools(dockerfile: string): string[] {
  const base = [...dockerfile.matchAll(/^FROM (\S+)\s*$/gm)].at(-1)?.[1];
  const cloud = (Object.keys(CLI_IMAGES) as Cloud[]).find((c) => registry().cloud[c].shell.cliImage === base);
  return [
    ...(cloud ? CLI_IMAGES[cloud]!.tools : []),
    ...[...dockerfile.matchAll(/^COPY --from=\S+ \S+ \/usr\/local\/bin\/(\S+)$/gm)].map((m) => m[1]!),
    ...[...dockerfile.matchAll(/^RUN install-tools\.sh (.+)$/gm)].flatMap((m) => m[1]!.split(/\s+/)),
  ];
}


export function imageTools(image: string): string[] {
  if (image === IMAGES.builder) return ['buildctl-daemonless.sh', 'buildctl', 'buildkitd'];
  if (image === IMAGES.scanner) return ['trivy'];
  if (image === IMAGES.sast) return ['semgrep'];
  return [...languageImageTools(image), ...toolImageTools(image)];
}
