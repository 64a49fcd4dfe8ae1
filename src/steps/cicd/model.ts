/**
 * The CI/CD pipeline in terms every CI platform shares, built once from the plan by the CI/CD
 * step (pipeline.ts) and turned into files by one renderer per platform (src/platforms/ci/<id>/).
 *
 * Jobs depend on jobs, deploy one environment, log in to the cloud as that environment's deploy
 * identity, wait for approval, run one at a time per group, pass values and artifacts on; steps
 * are shell commands or semantic actions (build the image, scan it, sign it) that each platform
 * expresses its own way: a pinned action on GitHub, a command in a pinned image elsewhere.
 *
 * Paths in steps are relative to the stack's directory; a renderer that resolves some inputs from
 * the repository root (GitHub action inputs) prefixes them for a stack below the root.
 */
import type { Stack } from '../../config/answers.js';
import type { Runner, Toolchain } from '../../plan/types.js';
import type { ToolName } from './tools.js';

export type { Runner };

/** What an identity is for: Terraform's plan and apply, or the app's deploy (push, roll out). */
export type IdentityPurpose = 'infrastructure' | 'deploy';

/** What a job may do beyond reading the repository: each platform maps these to its permissions. */
export type Grant = 'oidc' | 'code-scanning' | 'attestations' | 'read-actions';

/** A value a job or step reads that another job or the platform provides. */
export type Value =
  | string
  /** An output of a job this one needs (the image digest of the build job). */
  | { from: 'job'; job: string; output: string }
  /** The image this job's image-build step pushed: REGISTRY/REPOSITORY@DIGEST. */
  | { from: 'pushed-image' };

/** How a step that builds the image disposes of it. */
export type ImageOutput =
  /** Built and discarded: proves the Dockerfile builds. */
  | { kind: 'none' }
  /** Loaded into the local engine under a tag, for a scanner to read. */
  | { kind: 'local'; tag: string }
  /** Written to an OCI archive, promoted later with its digest unchanged. */
  | { kind: 'archive'; path: string }
  /** Pushed to the environment's registry repository; IMAGE is set to REGISTRY/REPOSITORY@DIGEST. */
  | { kind: 'registry'; repository: string };

export type ScanTarget = { kind: 'image'; ref: string } | { kind: 'filesystem'; path: string } | { kind: 'oci-layout'; path: string };

export type Step =
  | { kind: 'checkout' }
  /**
   * The language toolchain (plan.toolchain): the runtime at `version` (the image's), then the
   * `setup` commands that put the package manager on the PATH, then the package manager's
   * download directories (`cache`) restored, keyed on the `lockfiles` that exist. Every CI
   * platform renders all of it: the version and the package manager are the repository's.
   */
  | ({ kind: 'toolchain' } & Toolchain)
  | { kind: 'run'; id?: string; name?: string; run: string; env?: Record<string, Value>; onFailureOf?: string }
  /**
   * Log in to the cloud by OIDC as one of the job's environment's identities: the one that applies
   * the infrastructure, or the narrower one that deploys the app (the cloud may make them one).
   */
  | { kind: 'cloud-login'; region: string; purpose: IdentityPurpose }
  /** Log in to the environment's image registry in `region` (after cloud-login); REGISTRY is its host. */
  | { kind: 'registry-login'; region: string }
  /** Terraform at the pinned CI version; `plainOutput` when a step parses its output (no wrapper). */
  | { kind: 'terraform'; plainOutput: boolean }
  /** Pinned command-line tools, checksum-verified, on the PATH of the steps after (steps/cicd/tools.ts). */
  | { kind: 'install-tools'; tools: ToolName[] }
  | { kind: 'image-build'; id?: string; output: ImageOutput; cache: 'read-write' | 'read' }
  /**
   * Push an OCI archive to the registry with its digest preserved; IMAGE (REGISTRY/REPOSITORY@DIGEST)
   * is set for the steps after, and is the step's output `image`.
   */
  | { kind: 'image-push'; id?: string; archive: string; repository: string; digest: Value }
  /** A scanner that fails the job: fixable HIGH/CRITICAL vulnerabilities, or any secret. */
  | { kind: 'scan'; id?: string; target: ScanTarget; scanners: 'vuln' | 'secret' }
  | { kind: 'sbom'; id: string; layout: string; output: string }
  /** Static analysis of the source (CodeQL on GitHub, SAST elsewhere). */
  | { kind: 'sast'; language: Stack }
  /** A SARIF file into the platform's code-scanning view, even when the job failed. */
  | { kind: 'upload-findings'; file: string; category: string }
  | { kind: 'upload-artifact'; name: string; path: string }
  | { kind: 'download-artifact'; name: string }
  /** Keyless signature of $IMAGE bound to the pipeline's OIDC identity. */
  | { kind: 'sign' }
  /** Build provenance of the image in `repository` with `digest`, pushed to the registry. */
  | { kind: 'attest'; repository: string; digest: Value }
  /** A report of every job's result and gate outcomes (T3). */
  | { kind: 'compliance-report'; jobs: string[]; digest: Value };

export interface Job {
  id: string;
  needs: string[];
  /** Runs whatever the result of the jobs it needs (a report). */
  always?: boolean;
  runner: Runner;
  /**
   * The image the job's commands run in, its entrypoint replaced (a tool's own image, pinned by
   * digest): the job's image where the platform runs jobs in images; elsewhere each command runs
   * in it with `docker run` on the runner, the checkout mounted read-only.
   */
  container?: { image: string };
  timeoutMinutes: number;
  /** The environment this job deploys: its approvals, protections and OIDC subject. */
  environment?: string;
  /** Jobs of one group run one at a time, in order; a running one is never cancelled. */
  serialGroup?: string;
  grants: Grant[];
  /** Values later jobs read (`{ from: 'job' }`): a step's output or outcome. */
  outputs?: Record<string, { step: string; value: 'digest' | 'outcome' | 'image' }>;
  env?: Record<string, Value>;
  steps: Step[];
}

export interface Workflow {
  id: 'ci' | 'deploy';
  title: string;
  /** On pull requests; on pushes to these branches; by hand. */
  trigger: { pullRequests: boolean; branches: string[]; manual: boolean };
  /** A newer run of the same ref cancels this one (CI); deploys are never cancelled. */
  cancelSuperseded: boolean;
  /** Comment lines at the top of the file. */
  header?: string;
  jobs: Job[];
}

export interface Pipeline {
  ci: Workflow;
  deploy: Workflow;
}
