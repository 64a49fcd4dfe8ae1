/** What detection found in an existing repository, each value with the file it came from. */
import type { Stack } from '../config/answers.js';
import type { Repo } from './repo.js';

export interface Detected {
  /**
   * The answers field it pre-fills ("stack", "app.port", "app.commands.test", "branch"), or a
   * fact for the summary and the generation half ("ci", "kubernetes", "framework", "workspace",
   * "dockerfile"): see ANSWER_FIELDS in index.ts.
   */
  field: string;
  value: unknown;
  /** The file (or files, comma-separated) it came from, relative to the stack's directory. */
  file: string;
  /** Why this value: the key, dependency or rule that decided it. */
  reason?: string;
  /** Why a found value was not used, when it was not. */
  ignored?: string;
}

export type CiId =
  | 'github-actions'
  | 'gitlab-ci'
  | 'jenkins'
  | 'circleci'
  | 'azure-pipelines'
  | 'travis'
  | 'bitbucket-pipelines'
  | 'drone'
  | 'buildkite';

export interface CiSystem {
  id: CiId;
  title: string;
  /** The first file that configures it. */
  file: string;
  /** Every file that configures it (several workflows for GitHub Actions). */
  files: string[];
}

/** Kubernetes configuration the repository already has: plain manifests, Helm charts, kustomizations. */
export interface ExistingKubernetes {
  kind: 'manifests' | 'helm' | 'kustomize';
  /** The directory (or file) that holds it, relative to the stack's directory. */
  path: string;
}

export interface Detection {
  /** Answers to pre-fill, in answers-file shape; flags and the answers file override them. */
  answers: Record<string, unknown>;
  /**
   * Answers that hold only for the detected stack (package manager, runtime version, commands,
   * native needs, metrics library): applied below everything else, and only while the stack
   * stays the detected one (see applyStackAnswers).
   */
  stackAnswers?: { stack: Stack; app: Record<string, unknown> };
  detected: Detected[];
  ci: CiSystem[];
  kubernetes: ExistingKubernetes[];
  /** Existing local orchestration (compose files, Makefiles): kept, never replaced. */
  orchestration: string[];
}

/**
 * One language, Railpack-style: `detect` says whether the repository is this language's (and
 * by which file); `plan` then records every decision with the file it came from.
 */
export interface Provider {
  stack: Stack;
  /** The build manifest that makes this provider apply, or undefined. */
  detect(repo: Repo): string | undefined;
  plan(repo: Repo): Detected[];
}
