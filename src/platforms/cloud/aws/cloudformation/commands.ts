/** What a person runs for the CloudFormation stacks: the bootstrap, and reading a stack's outputs. */
import type { Command, Plan } from '../../../../plan/types.js';
import { shCommand, shQuote } from '../../../../render/shell.js';
import { bootstrapStackName, platformStackName } from './cfn.js';
import { bootstrapParameters } from './bootstrap.js';
import { CFN_FILES } from './index.js';

type BootstrapPlan = Pick<Plan, 'paths' | 'name' | 'region'>;

/** Whether a plan's IaC is CloudFormation (the AWS adapter's guides and settings read its stacks then). */
export const usesCloudFormation = (plan: Partial<Pick<Plan, 'platforms'>>): boolean => plan.platforms?.iac === 'cloudformation';

/** `aws cloudformation describe-stacks` printing one output, by its index (or all of them as a table). */
export function stackOutput(stack: string, region: string, output?: number): string {
  return output !== undefined
    ? shCommand('aws', 'cloudformation', 'describe-stacks', '--stack-name', stack, '--region', region, '--query', `Stacks[0].Outputs[${output}].OutputValue`, '--output', 'text')
    : shCommand('aws', 'cloudformation', 'describe-stacks', '--stack-name', stack, '--region', region, '--query', 'Stacks[0].Outputs', '--output', 'table');
}

type EnvironmentsPlan = BootstrapPlan & Pick<Plan, 'environments'>;

/** Every environment's bootstrap stack by change set, in promotion order (the first creates the OIDC provider), then their role ARNs. */
export function cfnBootstrapCommands(plan: EnvironmentsPlan): Command[] {
  const script = shCommand('bash', `${plan.paths.iacDir}/${CFN_FILES.script}`);
  const envs = plan.environments.map((e) => shQuote(e.name)).join(' ');
  return [
    { description: "Create each environment's CI roles (IAM names: CAPABILITY_NAMED_IAM)", run: `for env in ${envs}; do ${script} plan bootstrap "$env" && ${script} apply bootstrap "$env"; done` },
    {
      description: 'Print the role ARNs to set as CI variables',
      run: `for env in ${envs}; do ${shCommand('aws', 'cloudformation', 'describe-stacks', '--region', plan.region, '--query', 'Stacks[0].Outputs', '--output', 'table', '--stack-name')} ${shQuote(`${plan.name}-bootstrap-`)}"$env"; done`,
    },
  ];
}

/** The account already has the issuer's OIDC provider (one per URL): the first environment's stack uses it instead of creating it. */
export function cfnExistingOidcProvider(plan: EnvironmentsPlan): Command {
  const file = `${plan.paths.bootstrapDir}/${bootstrapParameters(plan.environments[0]!.name)}`;
  return { description: "Use the account's existing OIDC provider", run: shCommand('sed', '-i', 's/"yes"/"no"/', file) };
}

/** Per deploy target, the command printing its image repository's URI. */
export function repositoryUris(plan: Pick<Plan, 'name' | 'environments'>): Record<string, string> {
  return Object.fromEntries(plan.environments.flatMap((e) => e.targets.map((t) => [t.id, stackOutput(platformStackName(plan.name, t.id), t.region, 0)])));
}
