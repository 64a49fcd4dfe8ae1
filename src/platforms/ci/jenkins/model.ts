/** The subset of a declarative Jenkinsfile we generate (render.ts writes it, extract.ts reads it back). */

export type Agent =
  | { kind: 'docker'; image: string; args?: string; label?: string }
  /** Built on the agent from a Dockerfile in the repository (docker-workflow). */
  | { kind: 'dockerfile'; dir: string; label?: string };

/** A stage variable: a literal, or a credential's value (a secret file's path) by id. */
export type EnvValue = { literal: string } | { credential: string };

export type GroovyStep =
  | { kind: 'sh'; lines: string[] }
  | { kind: 'stash'; name: string; includes: string }
  | { kind: 'unstash'; name: string }
  | { kind: 'archive'; path: string }
  /** A file's content into a build environment variable, for the stages after this one. */
  | { kind: 'output'; variable: string; file: string }
  /** Builds older than one passing this point are aborted: a newer approved release wins. */
  | { kind: 'milestone'; ordinal: number }
  /** Steps that need a workspace where the stage has none (the pipeline's post). */
  | { kind: 'node'; steps: GroovyStep[] };

export interface Stage {
  name: string;
  agent?: Agent;
  /** Runs only on this branch (multibranch BRANCH_NAME), decided before its options, input and agent. */
  branch?: string;
  environment?: [string, EnvValue][];
  /** lock(resource) is taken before the timeout starts, so waiting for another deploy does not count. */
  lock?: string;
  timeout?: { time: number; unit: 'MINUTES' | 'HOURS' };
  input?: { message: string; submitter: string };
  steps?: GroovyStep[];
  stages?: Stage[];
  parallel?: Stage[];
  post?: { failure?: GroovyStep[]; always?: GroovyStep[] };
}

export interface Jenkinsfile {
  header: string[];
  environment: [string, string][];
  stages: Stage[];
  post?: { always: GroovyStep[] };
  /** The stack's directory below the repository root: every stage's steps run in it. */
  directory: string;
}
