/** The subset of the GitHub Actions workflow schema we generate, and shared pieces. */
import { uses } from './action-pins.js';

export interface GhaStep {
  id?: string;
  if?: string;
  name?: string;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  run?: string;
}

export type Permissions = Record<string, 'read' | 'write'>;

export interface GhaJob {
  needs?: string | string[];
  if?: string;
  'runs-on': string | string[];
  'timeout-minutes': number;
  environment?: string;
  permissions?: Permissions;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  /** A job that checks nothing out runs its steps in the workspace itself (monorepo.ts). */
  defaults?: { run: { 'working-directory': string } };
  steps: GhaStep[];
}

export interface Workflow {
  name: string;
  on: Record<string, object>;
  permissions: Permissions;
  /** Below the repository root: `run:` steps run in the stack's directory (monorepo.ts). */
  defaults?: { run: { 'working-directory': string } };
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, GhaJob>;
}

/** The hosted runner image: pinned to a version, not `-latest`, so a new image is a deliberate change. */
export const RUNNER = 'ubuntu-24.04';
export const READ_ONLY = { contents: 'read' } as const;
/** Exact version: CI must not float to a release nobody has tested. */
export const TERRAFORM_CI_VERSION = '1.14.8';

export const expr = (e: string): string => `\${{ ${e} }}`;

export const checkout = (): GhaStep => ({ uses: uses('actions/checkout'), with: { 'persist-credentials': false } });

/** needs: one job as a string, several as a list. */
export const needsOf = (jobs: readonly string[]): Pick<GhaJob, 'needs'> =>
  jobs.length === 0 ? {} : { needs: jobs.length === 1 ? jobs[0]! : [...jobs] };

/** One label stays a plain string, several become a list. */
export const runsOn = (labels: readonly string[]): string | string[] => (labels.length === 1 ? labels[0]! : [...labels]);
