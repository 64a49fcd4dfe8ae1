/** Dependabot (T2+): weekly, one grouped pull request per ecosystem, so pins and base images stay current. */
import type { Plan } from '../../../plan/types.js';
import { ECOSYSTEMS } from '../../../steps/cicd/languages.js';

export const DEPENDABOT_PATH = '.github/dependabot.yml';

type DependabotPlan = Pick<Plan, 'toolchain' | 'paths' | 'location'> & Partial<Pick<Plan, 'platforms'>>;

function update(ecosystem: string, directories: string[]): object {
  return {
    'package-ecosystem': ecosystem,
    ...(directories.length === 1 ? { directory: directories[0] } : { directories }),
    schedule: { interval: 'weekly' },
    groups: { [ecosystem]: { patterns: ['*'] } },
  };
}

/**
 * The stack's own entries (Dependabot directories are from the repository root). GitHub reads one
 * .github/dependabot.yml per repository: a stack below the root documents these for that file
 * (integration guide) instead of writing it, since each stack would overwrite the others'.
 */
export function stackUpdates(plan: DependabotPlan): object[] {
  const root = plan.location.directory ? `/${plan.location.directory}` : '';
  return [
    update('docker', [root || '/']),
    // Terraform's providers and modules; CloudFormation templates pin nothing Dependabot updates.
    ...(plan.platforms?.iac === 'cloudformation' ? [] : [update('terraform', [`${root}/${plan.paths.iacDir}`, `${root}/${plan.paths.bootstrapDir}`])]),
    update(ECOSYSTEMS[plan.toolchain.packageManager], [root || '/']),
  ];
}

export function dependabotConfig(plan: DependabotPlan): object {
  return { version: 2, updates: [update('github-actions', ['/']), ...stackUpdates(plan)] };
}
