/** The subset of the .gitlab-ci.yml schema we generate, the pinned images, and the names jobs share. */
import type { Plan } from '../../../plan/types.js';
import { toolImageTools } from '../../../steps/cicd/alert-tests-job.js';
import { registry } from '../../registry.js';
import { NODE_IMAGE, languageImageTools } from '../toolchain-images.js';

export type GlImage = string | { name: string; entrypoint: string[] };
export type GlNeed = string | { job: string; artifacts: boolean };

export interface GlRule {
  if?: string;
  changes?: string[];
  when?: 'always' | 'manual' | 'on_success';
  allow_failure?: boolean;
}

export interface GlJob {
  stage: Stage;
  image: GlImage;
  needs?: GlNeed[];
  rules?: GlRule[];
  interruptible?: boolean;
  timeout: string;
  environment?: { name: string; deployment_tier: string; action?: 'prepare' };
  /** Self-hosted runners that carry this tag (inside the VPC, for a private Kubernetes API). */
  tags?: string[];
  resource_group?: string;
  id_tokens?: Record<string, { aud: string }>;
  variables?: Record<string, string>;
  cache?: { key?: { files: string[] }; paths: string[] };
  manual_confirmation?: string;
  before_script?: string[];
  script: string[];
  artifacts?: { paths?: string[]; expire_in?: string; when?: 'always'; reports?: { dotenv: string } };
}

/** Declared in this order in every file, so that the files of a repository's stacks agree. */
export const STAGES = ['test', 'build', 'security', 'deploy'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Pipelines of the deploy branch (the answers' `branch`, the branch the cloud identities trust);
 * merge request pipelines have no CI_COMMIT_BRANCH. Branch names are letters, digits and . _ / -
 * (schema): nothing to escape in the double quotes.
 */
export const onBranch = (plan: Pick<Plan, 'answers'>): string => `$CI_COMMIT_BRANCH == "${plan.answers.branch}"`;

/**
 * Single-purpose images, pinned by digest (each found pinned so in public projects; their
 * entrypoint is the tool, so jobs reset it). BuildKit rootless is GitLab's documented
 * replacement for Kaniko (archived in 2025); Trivy scans and writes the SBOM.
 */
export const IMAGES = {
  builder: 'moby/buildkit:v0.33.0-rootless@sha256:80b15f0735e87bab7bf59ec4d695dfb4a7cfb25521cf56dc75d6f256285b63ef',
  scanner: 'aquasec/trivy:0.74.0@sha256:62b1e65e8869bc4b4c6aa4fa2b21595256c7c2f6018a9d9ad61caf87187c1969',
} as const;

export const withShell = (name: string): GlImage => ({ name, entrypoint: [''] });


export function imageTools(plan: Pick<Plan, 'stack'>, image: string): string[] {
  if (image === IMAGES.builder) return ['buildctl-daemonless.sh', 'buildctl', 'buildkitd'];
  if (image === IMAGES.scanner) return ['trivy'];
  const cloud = Object.values(registry().cloud).find((c) => c.shell.cliImage === image);
  if (cloud) return cloud.shell.cliTools ?? [];
  return [...languageImageTools(image), ...toolImageTools(image)];
}

/** Jobs that only run commands (the stack check, reports): Node.js, for npx. */
export const plainImage = (): string => NODE_IMAGE;

/** The token a cloud login reads, and the one Sigstore reads for keyless signing. */
export const CLOUD_TOKEN = 'OIDC_TOKEN';
export const SIGSTORE_TOKEN = 'SIGSTORE_ID_TOKEN';

/** Tools the jobs install (steps/cicd/tools.ts), in a directory of the job's own checkout. */
export const TOOLS_BIN = '$CI_PROJECT_DIR/.tools/bin';

type Located = Pick<Plan, 'location' | 'name'>;

/** A path the runner resolves from the repository root (artifacts, cache keys): the stack's below it. */
export const fromCheckout = (plan: Pick<Plan, 'location'>, path: string): string => (plan.location.directory ? `${plan.location.directory}/${path}` : path);

/**
 * A job's name: the model's id, the deploy workflow's prefixed with `deploy:` where the CI
 * workflow has a job of the same id (one file holds both); below the repository root, prefixed
 * with the stack's name, since the root pipeline includes every stack's jobs.
 */
export function jobName(plan: Located, base: string): string {
  return plan.location.directory ? `${plan.name}:${base}` : base;
}

/** The dotenv variable that carries a job's output to the jobs that need it: DEPLOY_BUILD_DIGEST. */
export const outputVariable = (base: string, output: string): string => `${base}_${output}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/** GitLab infers tiers from names; production is said explicitly (protected environments key on it). */
export function deploymentTier(name: string, isProduction: boolean): string {
  if (isProduction) return 'production';
  if (/stag|pre|model|demo/.test(name)) return 'staging';
  if (/test|qa/.test(name)) return 'testing';
  if (/dev|review|trunk/.test(name)) return 'development';
  return 'other';
}
