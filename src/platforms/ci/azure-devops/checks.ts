/**
 * infra/azure-devops/main.tf: what Azure Pipelines YAML cannot express, as checks on the
 * environments the deploy jobs name (microsoft/azuredevops provider, arguments as its docs give
 * them for 1.x: azuredevops_environment, _check_exclusive_lock, _check_branch_control,
 * _check_approval). Applied once by a person with a personal access token, local state like the
 * cloud's bootstrap. Approvals and locks are evaluated when a stage starts, for every resource
 * its jobs use: one approval per environment, one deploy at a time per environment.
 */
import type { VirtualFile } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import { attr, block, comment, expr, renderHcl } from '../../../render/hcl.js';
import { CHECKS_DIR } from './azp.js';

/** The provider's major line: checks and environments have kept their arguments across 1.x. */
const PROVIDER = { source: 'microsoft/azuredevops', version: '~> 1.8' } as const;

export const CHECKS_FILE = `${CHECKS_DIR}/main.tf`;

/** Placeholders until the answers name the organization and project (ciProject). */
export const projectOf = (plan: Pick<Plan, 'answers'>) => ({
  organization: plan.answers.ciProject?.organization ?? 'ORGANIZATION',
  project: plan.answers.ciProject?.project ?? 'PROJECT',
  organizationId: plan.answers.ciProject?.organizationId ?? 'ORGANIZATION_ID',
});

const HEADER = 'Environment checks pipeline YAML cannot hold: apply once, AZDO_PERSONAL_ACCESS_TOKEN set.';

export function checksFile(plan: Plan, branch: string): VirtualFile {
  const { organization, project } = projectOf(plan);
  const production = plan.environments.find((e) => e.isProduction) ?? plan.environments[0]!;
  const projectId = expr('data.azuredevops_project.this.id');
  const onEnvironment = [attr('project_id', projectId), attr('target_resource_id', expr('each.value.id')), attr('target_resource_type', 'environment')];
  const nodes = [
    block('terraform', [], [attr('required_version', '>= 1.10'), block('required_providers', [], [attr('azuredevops', { ...PROVIDER })])]),
    block('provider', ['azuredevops'], [attr('org_service_url', `https://dev.azure.com/${organization}`)]),
    block('data', ['azuredevops_project', 'this'], [attr('name', project)]),
    block('data', ['azuredevops_group', 'approvers'], [
      comment(`Approves ${production.name} deploys (any group of the project will do).`),
      attr('project_id', projectId),
      attr('name', 'Project Administrators'),
    ]),
    block('resource', ['azuredevops_environment', 'env'], [
      attr('for_each', expr(`toset([${plan.environments.map((e) => JSON.stringify(e.name)).join(', ')}])`)),
      attr('project_id', projectId),
      // The app's name is a DNS label (schema): safe inside the template string.
      attr('name', expr(`"${plan.name}-\${each.key}"`)),
    ]),
    block('resource', ['azuredevops_check_exclusive_lock', 'env'], [
      comment('One deploy at a time (lockBehavior: sequential queues the next).'),
      attr('for_each', expr('azuredevops_environment.env')),
      ...onEnvironment,
    ]),
    // With several environments, none takes a deploy from another branch (at T1 the approval sees every deploy).
    plan.features.multiEnvironment &&
      block('resource', ['azuredevops_check_branch_control', 'env'], [
        comment("From the deploy branch only, whatever a branch's pipeline file says."),
        attr('for_each', expr('azuredevops_environment.env')),
        ...onEnvironment,
        attr('allowed_branches', `refs/heads/${branch}`),
      ]),
    block('resource', ['azuredevops_check_approval', production.name], [
      attr('project_id', projectId),
      attr('target_resource_id', expr(`azuredevops_environment.env[${JSON.stringify(production.name)}].id`)),
      attr('target_resource_type', 'environment'),
      attr('approvers', [expr('data.azuredevops_group.approvers.origin_id')]),
    ]),
  ];
  return { path: CHECKS_FILE, content: renderHcl(nodes, HEADER), producer: 'cicd', summary: `Azure DevOps environments with an exclusive lock and branch control each, and a required approval on ${production.name}` };
}

/** The environments (by the neutral name, the `env` key) whose approval check this file declares. */
export function approvalsIn(content: string): string[] {
  const blocks = content.split(/^resource\s+/m).filter((b) => /^"azuredevops_check_approval"/.test(b));
  return blocks.flatMap((b) => {
    const target = /target_resource_id\s*=\s*azuredevops_environment\.\w+\["([^"]+)"\]\.id/.exec(b)?.[1];
    const type = /target_resource_type\s*=\s*"([^"]+)"/.exec(b)?.[1];
    return target && type === 'environment' && /approvers\s*=\s*\[\s*\S/.test(b) ? [target] : [];
  });
}
