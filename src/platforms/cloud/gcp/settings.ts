/** What each CI variable of the Google Cloud deploy jobs is, and where its value comes from. */
import type { Plan } from '../../../plan/types.js';
import { shCommand } from '../../../render/shell.js';
import type { SettingInfo } from '../../types.js';
import { serviceAccountId } from './names.js';

/** Known names; `environment` is the CI environment of the job that references it ('' when none). */
export function gcpSettings(plan: Pick<Plan, 'identityVariables' | 'paths' | 'name'>): Record<string, (environment: string) => SettingInfo> {
  const output = (...args: string[]) => shCommand('terraform', `-chdir=${plan.paths.bootstrapDir}`, 'output', ...args);
  const v = plan.identityVariables;
  const account = (use: 'tf' | 'deploy', what: string) => (environment: string): SettingInfo => ({
    description: `Email of the ${environment || 'target'} ${what} service account${environment ? ` (${serviceAccountId(plan.name, environment, use)})` : ''}`,
    source: output('-json', 'service_accounts'),
  });
  return {
    [v['workloadIdentityProvider']!]: () => ({
      description: 'The Workload Identity Federation provider CI tokens are exchanged at (one for all environments)',
      source: output('-raw', 'workload_identity_provider'),
    }),
    [v['terraformServiceAccount']!]: account('tf', 'Terraform'),
    [v['deployServiceAccount']!]: account('deploy', 'deploy'),
  };
}
