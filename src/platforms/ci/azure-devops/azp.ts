/** The subset of the Azure Pipelines YAML schema we generate, the pinned versions, and names shared by render and extract. */
import type { Plan } from '../../../plan/types.js';
import { HOSTED_TOOLS } from '../github-actions/runners.js';

export type AzInputs = Record<string, string | boolean>;

/** One step: a script, a pinned task, a checkout or an artifact download. */
export interface AzStep {
  checkout?: 'self';
  download?: 'none';
  bash?: string;
  task?: string;
  publish?: string;
  artifact?: string;
  name?: string;
  displayName?: string;
  condition?: string;
  inputs?: AzInputs;
  env?: Record<string, string>;
  workingDirectory?: string;
}

export type AzPool = { vmImage: string } | { name: string; demands: string[] };

export interface AzJob {
  job?: string;
  deployment?: string;
  dependsOn?: string | string[];
  condition?: string;
  timeoutInMinutes: number;
  pool?: AzPool;
  environment?: string;
  variables?: Record<string, string>;
  steps?: AzStep[];
  strategy?: { runOnce: { deploy: { steps: AzStep[] } } };
}

export interface AzStage {
  stage: string;
  dependsOn?: string | string[];
  condition?: string;
  variables?: { group: string }[];
  jobs: AzJob[];
}

interface Trigger {
  batch?: boolean;
  branches: { include: string[] };
  paths?: { include: string[] };
}

export interface AzPipeline {
  trigger: Trigger;
  pr: Trigger | 'none';
  lockBehavior?: 'sequential';
  pool: AzPool;
  variables?: Record<string, string>;
  stages?: AzStage[];
  jobs?: AzJob[];
}

/**
 * The Microsoft-hosted image, by version (not `-latest`): built from the same actions/runner-images
 * sources as GitHub's ubuntu-24.04, so it has the same tools (runners.ts of the GitHub adapter).
 */
export const VM_IMAGE = 'ubuntu-24.04';
/** What that image provides: GitHub's list, and passwordless sudo (as on GitHub's runners). */
export const HOSTED_AGENT_TOOLS = [...HOSTED_TOOLS, 'sudo'];

/** Terraform in CI at the version the GitHub workflows use, checked against HashiCorp's SHA256SUMS. */
export const TERRAFORM = {
  version: '1.14.8',
  sha256: '56a5d12f47cbc1c6bedb8f5426ae7d5df984d1929572c24b56f4c82e9f9bf709',
} as const;

/**
 * Scanners run from their publishers' images, pinned by digest (each pin found identical in
 * several public projects; not pulled from this sandbox): no marketplace task, nothing to install.
 */
export const IMAGES = {
  trivy: 'aquasec/trivy:0.74.0@sha256:62b1e65e8869bc4b4c6aa4fa2b21595256c7c2f6018a9d9ad61caf87187c1969',
  semgrep: 'semgrep/semgrep:1.172.0@sha256:65dcd4408adda7c183a6b4550cb1e9b19f7f627a6fbb7e0559bd466bedc44d7b',
} as const;

/** Azure DevOps issues every pipeline OIDC token for this audience; a job cannot ask for another. */
export const AZURE_DEVOPS_AUDIENCE = 'api://AzureADTokenExchange';

/** Stage, job and step names are identifiers: letters, digits and underscores. */
export const identifier = (id: string): string => id.replace(/[^A-Za-z0-9_]/g, '_');

/** Environments are project-wide in Azure DevOps: named after the stack, so that a monorepo's stacks never share one. */
export const adoEnvironment = (plan: Pick<Plan, 'name'>, environment: string): string => `${plan.name}-${environment}`;

/** The neutral environment an Azure DevOps environment name stands for (a hand-written name is taken as it is). */
export const neutralEnvironment = (plan: Pick<Plan, 'name'>, name: string): string => (name.startsWith(`${plan.name}-`) ? name.slice(plan.name.length + 1) : name);

/** The stage of an environment's jobs: one approval and one lock for all of them. */
export const environmentStage = (environment: string): string => `deploy_${identifier(environment)}`;
export const BUILD_STAGE = 'build';
export const REPORT_STAGE = 'report';

/** The deploy pipeline's name in Azure DevOps: its runs' OIDC subject names it, so the deploy identities trust it. */
export const deployPipelineName = (plan: Pick<Plan, 'name'>): string => `${plan.name}-deploy`;

/** Deploys run from the deploy branch only (a stage condition here, a branch-control check on each environment). */
export const onBranch = (branch: string): string => `and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/${branch}'))`;

/** The script that writes the pipeline's OIDC token to a file and keeps it fresh, beside the tools script. */
export const tokenScript = (plan: Pick<Plan, 'paths'>): string => plan.paths.toolsScript.replace(/[^/]+$/, 'oidc-token.sh');
/** The script that installs the pinned Terraform, beside it: one line in each job that applies (a job per environment). */
export const terraformScript = (plan: Pick<Plan, 'paths'>): string => plan.paths.toolsScript.replace(/[^/]+$/, 'terraform.sh');

/** The Terraform root of the environments' checks (approvals, exclusive locks, branch control), applied once. */
export const CHECKS_DIR = 'infra/azure-devops';

/**
 * Where a stand-in for gke-gcloud-auth-plugin lives (Google Cloud): hosted agents have gcloud but
 * not the plugin the kubeconfig of `gcloud container clusters get-credentials` calls.
 */
export const gkePluginDir = (plan: Pick<Plan, 'paths'>): string => plan.paths.toolsScript.replace(/[^/]+$/, 'gke');
