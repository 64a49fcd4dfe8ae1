/**
 * The images CircleCI jobs run in, pinned, and what each provides, as data: the renderer picks
 * an image per job from what its steps need, the extractor reads a job's tools back from its
 * image. CircleCI's convenience images (cimg/*) are cached on its hosts, so they start fastest;
 * single-purpose tools come from their projects' images. Digests where one was found pinned in
 * several public projects (not pulled from here); otherwise the exact tag.
 */
import type { Cloud, Stack } from '../../../config/answers.js';
import { toolImageTools } from '../../../steps/cicd/alert-tests-job.js';

/** What a job's steps need from the image it runs in. */
export type Need = 'docker' | 'cloud' | 'toolchain' | 'node' | 'scanner' | 'sast';

export interface Image {
  /** The executor's name in the config (`executors:`). */
  name: string;
  image: string;
  needs: readonly Need[];
  /** Commands the image provides, for the commands-available rule (read back by the extractor). */
  tools: readonly string[];
}

/** cimg/base and everything built on it: Ubuntu, the docker CLI (with buildx) for setup_remote_docker, and the basics. */
const BASE_TOOLS = ['docker', 'git', 'jq', 'yq', 'curl', 'tar', 'gzip', 'unzip', 'zip', 'make', 'python3', 'python', 'ssh', 'shellcheck'];

const cimg = (name: string, image: string, needs: Need[], tools: string[] = []): Image => ({ name, image, needs: ['docker', ...needs], tools: [...BASE_TOOLS, ...tools] });

export const BASE = cimg('base', 'cimg/base:2026.07@sha256:6b53042171c5eec83d8a9b14206b8483195dde2f3265a85a3d18fe4b778329f3', []);

/** The language images, at the versions of the Dockerfile's build stage (cimg-* repositories). */
export const TOOLCHAINS: Record<Stack, Image> = {
  node: cimg('node', 'cimg/node:22.23.3', ['node'], ['node', 'npm', 'npx', 'yarn', 'pnpm']),
  python: cimg('python', 'cimg/python:3.13.13', [], ['pip', 'pip3', 'pipenv', 'poetry']),
  go: cimg('go', 'cimg/go:1.25.6', [], ['go', 'gotestsum', 'govulncheck']),
  java: cimg('java', 'cimg/openjdk:21.0.8', [], ['java', 'javac', 'mvn', 'gradle']),
};

/** The stack's language image, the one that meets the `toolchain` need. */
const toolchain = (stack: Stack): Image => ({ ...TOOLCHAINS[stack], needs: [...TOOLCHAINS[stack].needs, 'toolchain'] });

/**
 * The clouds' CircleCI images: cimg/aws is cimg/deploy (Terraform, kubectl, Helm, Node.js) with
 * the AWS CLI. The jobs still install Terraform and kubectl at the pinned versions (the image's
 * kubectl is too old for the clusters). A cloud without one runs in its own CLI image
 * (ShellLogin.cliImage), whose tools are not known here beyond a shell and curl.
 */
export const CLOUD_IMAGES: Record<string, Image> = {
  aws: cimg('cloud', 'cimg/aws:2026.10', ['cloud', 'node'], ['aws', 'node', 'npm', 'npx', 'terraform', 'kubectl', 'helm']),
  // For Google Cloud, when it is a cloud of the answers: gcloud with GKE's auth plugin.
  gcp: cimg('cloud', 'cimg/gcp:2026.10', ['cloud', 'node'], ['gcloud', 'gke-gcloud-auth-plugin', 'node', 'npm', 'npx', 'terraform', 'kubectl', 'helm']),
};

export function cloudImage(cloud: Cloud, cliImage: string): Image {
  return CLOUD_IMAGES[cloud] ?? { name: 'cloud', image: cliImage, needs: ['cloud'], tools: ['bash', 'curl'] };
}

/** Trivy scans images, file systems and writes the SBOM; an Alpine image with a POSIX shell. */
export const SCANNER: Image = { name: 'scanner', image: 'aquasec/trivy:0.74.0@sha256:62b1e65e8869bc4b4c6aa4fa2b21595256c7c2f6018a9d9ad61caf87187c1969', needs: ['scanner'], tools: ['trivy', 'tar'] };

/** Semgrep CE: static analysis that runs anywhere (GitHub's CodeQL needs GitHub's code scanning). */
export const SAST: Image = { name: 'sast', image: 'semgrep/semgrep:1.179.0@sha256:93963d9295a366f59e4850127b1550400ee7b388f04fe144e4a1f6325d96e01b', needs: ['sast'], tools: ['semgrep', 'git'] };

/** Every image a stack's config may use, for reading a job's tools back from its image. */
export function knownImages(cloud: Cloud, cliImage: string): Image[] {
  return [BASE, ...Object.values(TOOLCHAINS), cloudImage(cloud, cliImage), SCANNER, SAST];
}

/**
 * The image for a set of needs: the first that has them all, in this order, or
 * undefined when none does (the steps go to two jobs).
 */
export function imageFor(needs: ReadonlySet<Need>, stack: Stack, cloud: Cloud, cliImage: string): Image | undefined {
  // The stack's language image first: every cimg image has the docker CLI, and one image fewer is one executor fewer.
  const candidates = [toolchain(stack), TOOLCHAINS.node, cloudImage(cloud, cliImage), SCANNER, SAST, BASE];
  return candidates.find((image) => [...needs].every((n) => image.needs.includes(n)));
}

/**
 * A tool's own image (Job.container), its executor named after the image. CircleCI ignores the
 * primary container's entrypoint when no command is given, and checks out with its own git client
 * where the image has none.
 */
export function toolImage(image: string): Image {
  const name = image.split('@')[0]!.split(':')[0]!.split('/').at(-1)!;
  return { name, image, needs: [], tools: toolImageTools(image) };
}
