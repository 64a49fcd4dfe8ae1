/** What each CI variable of the AWS deploy jobs is, and where its value comes from. */
import type { Plan } from '../../../plan/types.js';
import { shCommand } from '../../../render/shell.js';
import type { SettingInfo } from '../../types.js';

/** Known names; `environment` is the CI environment of the job that references it ('' when none). */
export function awsSettings(plan: Pick<Plan, 'identityVariables' | 'environments' | 'paths'>): Record<string, (environment: string) => SettingInfo> {
  const roleArns = shCommand('terraform', `-chdir=${plan.paths.bootstrapDir}`, 'output', 'deploy_role_arns');
  return {
    [plan.identityVariables['roleArn']!]: (environment) => {
      const role = plan.environments.find((e) => e.name === environment)?.deployIdentity;
      return {
        description: `ARN of the ${environment || 'target'} deploy role${role ? ` (${role})` : ''}`,
        source: roleArns,
      };
    },
  };
}
