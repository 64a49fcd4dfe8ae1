/** What each CI variable of the Azure jobs is, and where its value comes from. */
import type { Plan } from '../../../plan/types.js';
import { shCommand } from '../../../render/shell.js';
import type { SettingInfo } from '../../types.js';
import { identityName } from './names.js';

export function azureSettings(plan: Pick<Plan, 'identityVariables' | 'paths' | 'name'>): Record<string, (environment: string) => SettingInfo> {
  const output = (name: string) => shCommand('terraform', `-chdir=${plan.paths.bootstrapDir}`, 'output', name);
  const client = (purpose: 'deploy' | 'tf', use: string, source: string) => (environment: string): SettingInfo => ({
    description: `Client id of ${environment ? identityName(plan.name, environment, purpose) : `the ${purpose} identity`} (${use})`,
    source,
  });
  return {
    [plan.identityVariables['clientId']!]: client('deploy', 'image push, kubectl', output('deploy_client_ids')),
    [plan.identityVariables['infrastructureClientId']!]: client('tf', 'Terraform', output('terraform_client_ids')),
  };
}
