/** What each CI variable of the AWS jobs is, and where its value comes from. */
import type { Plan } from '../../../plan/types.js';
import { shCommand } from '../../../render/shell.js';
import type { SettingInfo } from '../../types.js';
import { infrastructureRoleName } from './terraform/iam-names.js';

/** Known names; `environment` is the CI environment of the job that references it ('' when none). */
export function awsSettings(plan: Pick<Plan, 'identityVariables' | 'environments' | 'paths' | 'name' | 'platforms'>): Record<string, (environment: string) => SettingInfo> {
  const output = (name: string) => shCommand('terraform', `-chdir=${plan.paths.bootstrapDir}`, 'output', name);
  const role = (noun: string, roleName: (env: string) => string, use: string, source: string) => (environment: string): SettingInfo => {
    const known = plan.environments.some((e) => e.name === environment);
    return { description: `ARN of ${known ? roleName(environment) : `the ${environment || 'target'} ${noun}`} (${use})`, source };
  };
  return {
    [plan.identityVariables['infrastructureRoleArn']!]: role('infrastructure role', (env) => infrastructureRoleName(plan.name, env), 'Terraform', output('infrastructure_role_arns')),
    [plan.identityVariables['roleArn']!]: role('deploy role', (env) => plan.environments.find((e) => e.name === env)!.deployIdentity, plan.platforms.target === 'kubernetes' ? 'image push, kubectl' : 'image push, deploy', output('deploy_role_arns')),
  };
}
