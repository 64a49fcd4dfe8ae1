/** What the CI variable of the Google Cloud deploy jobs is, and where its value comes from. */
import type { Plan } from '../../../plan/types.js';
import { shCommand } from '../../../render/shell.js';
import type { SettingInfo } from '../../types.js';

/** Known names; `environment` is the CI environment of the job that references it ('' when none). */
export function gcpSettings(plan: Pick<Plan, 'identityVariables' | 'paths'>): Record<string, (environment: string) => SettingInfo> {
  return {
    [plan.identityVariables['workloadIdentityProvider']!]: () => ({
      description: 'The Workload Identity Federation provider CI tokens are exchanged at (one for all environments)',
      source: shCommand('terraform', `-chdir=${plan.paths.bootstrapDir}`, 'output', '-raw', 'workload_identity_provider'),
    }),
  };
}
