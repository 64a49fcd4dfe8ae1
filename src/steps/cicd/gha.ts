/** The subset of the GitHub Actions workflow schema we generate, and shared pieces. */
import { uses } from '../../data/action-pins.js';

export interface GhaStep {
  id?: string;
  if?: string;
  name?: string;
  uses?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  run?: string;
}

export interface GhaJob {
  needs?: string;
  'runs-on': string;
  'timeout-minutes': number;
  environment?: string;
  permissions?: Record<string, 'read' | 'write'>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  env?: Record<string, string>;
  steps: GhaStep[];
}

export interface Workflow {
  name: string;
  on: Record<string, object>;
  permissions: Record<string, 'read' | 'write'>;
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

export const GHA_CACHE = { 'cache-from': 'type=gha', 'cache-to': 'type=gha,mode=max' } as const;

export const terraformJobId = (env: string): string => `terraform-${env}`;
export const deployJobId = (env: string): string => `deploy-${env}`;
export const deployConcurrency = (env: string) => ({ group: `deploy-${env}`, 'cancel-in-progress': false });
