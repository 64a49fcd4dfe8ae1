/** What each CI variable of the AWS jobs is, and where its value comes from. */
import type { Plan } from '../../../plan/types.js';
import { shCommand } from '../../../render/shell.js';
import type { SettingInfo } from '../../types.js';
import { bootstrapStackName } from './cloudformation/cfn.js';
import { stackOutput, usesCloudFormation } from './cloudformation/commands.js';
import { infrastructureRoleName } from './terraform/iam-names.js';

/** Known names; `environment` is the CI environment of the job that references it ('' when none). */
export function awsSettings(plan: Pick<Plan, 'identityVariables' | 'environments' | 'paths' | 'name' | 'platforms'> & Partial<Pick<Plan, 'region'>>): Record<string, (environment: string) => SettingInfo> {
  // CloudFormation: the outputs of the environment's bootstrap stack.
  const output = (name: string) => (environment: string) => {
    const env = plan.environments.find((e) => e.name === environment) ?? plan.environments[0]!;
    return usesCloudFormation(plan) ? stackOutput(bootstrapStackName(plan.name, env.name), env.region) : shCommand('terraform', `-chdir=${plan.paths.bootstrapDir}`, 'output', name);
  };
  const role = (noun: string, roleName: (env: string) => string, use: string, source: (environment: string) => string) => (environment: string): SettingInfo => {
    const known = plan.environments.some((e) => e.name === environment);
    return { description: `ARN of ${known ? roleName(environment) : `the ${environment || 'target'} ${noun}`} (${use})`, source: source(environment) };
  };
  return {
    [plan.identityVariables['infrastructureRoleArn']!]: role('infrastructure role', (env) => infrastructureRoleName(plan.name, env), usesCloudFormation(plan) ? 'CloudFormation change sets' : 'Terraform', output('infrastructure_role_arns')),
    [plan.identityVariables['roleArn']!]: role('deploy role', (env) => plan.environments.find((e) => e.name === env)!.deployIdentity, plan.platforms.target === 'kubernetes' ? 'image push, kubectl' : 'image push, deploy', output('deploy_role_arns')),
  };
}
