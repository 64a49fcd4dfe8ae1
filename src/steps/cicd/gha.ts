/** The subset of the GitHub Actions workflow schema we generate, and shared pieces. */
import { uses } from '../../data/action-pins.js';
import type { Command, DeployTarget, Plan } from '../../plan/types.js';

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
  /** A job that checks nothing out runs its steps in the workspace itself (steps/cicd/monorepo.ts). */
  defaults?: { run: { 'working-directory': string } };
  steps: GhaStep[];
}

export interface Workflow {
  name: string;
  on: Record<string, object>;
  permissions: Permissions;
  /** Below the repository root: `run:` steps run in the stack's directory (steps/cicd/monorepo.ts). */
  defaults?: { run: { 'working-directory': string } };
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, GhaJob>;
}

export const RUNNER = 'ubuntu-24.04';
export const READ_ONLY = { contents: 'read' } as const;
/** For jobs that assume the deploy role through OIDC, and only those. */
export const OIDC = { contents: 'read', 'id-token': 'write' } as const;
/** Exact version: CI must not float to a release nobody has tested. */
export const TERRAFORM_CI_VERSION = '1.14.8';

export const expr = (e: string): string => `\${{ ${e} }}`;

export const checkout = (): GhaStep => ({ uses: uses('actions/checkout'), with: { 'persist-credentials': false } });

export const buildx = (): GhaStep => ({ uses: uses('docker/setup-buildx-action') });

/**
 * The image build's layer cache in GitHub's cache service. Below the repository root each stack
 * has its own scope: with the default one, the stacks of a repository would overwrite each
 * other's cache at every build (mode=max).
 */
export const ghaCache = (plan: Pick<Plan, 'name' | 'location'>): Record<string, string> => {
  const scope = plan.location.directory ? `,scope=${plan.name}` : '';
  return { 'cache-from': `type=gha${scope}`, 'cache-to': `type=gha${scope},mode=max` };
};

export const terraformJobId = (env: string): string => `terraform-${env}`;
export const deployJobId = (env: string): string => `deploy-${env}`;
/** One label stays a plain string (the T1 output), several become a list. */
export const runsOn = (labels: readonly string[]): string | string[] => (labels.length === 1 ? labels[0]! : [...labels]);

/** needs: one job as a string, several as a list. */
export const needsOf = (jobs: readonly string[]): Pick<GhaJob, 'needs'> =>
  jobs.length === 0 ? {} : { needs: jobs.length === 1 ? jobs[0]! : [...jobs] };

export const gateJobId = (env: string): string => `gate-${env}`;
export const deployConcurrency = (target: Pick<DeployTarget, 'concurrencyGroup'>) => ({ group: target.concurrencyGroup, 'cancel-in-progress': false });

/**
 * A plan command as a step. Unnamed: GitHub shows the command itself, which already says what
 * the step does (and the token budget has no room for a second description of every step).
 */
export const named = (command: Command, extra: Omit<GhaStep, 'name' | 'run'> = {}): GhaStep => ({
  ...extra,
  run: command.run,
});

/** Assume the environment's deploy role through GitHub OIDC. */
export function login(plan: Pick<Plan, 'roleArnVariable'>, region: string): GhaStep {
  return {
    uses: uses('aws-actions/configure-aws-credentials'),
    with: { 'role-to-assume': expr(`vars.${plan.roleArnVariable}`), 'aws-region': region },
  };
}
