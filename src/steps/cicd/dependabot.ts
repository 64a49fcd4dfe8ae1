/** Dependabot (T2+): weekly, one grouped pull request per ecosystem, so pins and base images stay current. */
import type { Plan } from '../../plan/types.js';
import { LANGUAGES } from './languages.js';

export const DEPENDABOT_PATH = '.github/dependabot.yml';

export function dependabotConfig(plan: Pick<Plan, 'stack' | 'paths'>): object {
  const update = (ecosystem: string, directories: string[]) => ({
    'package-ecosystem': ecosystem,
    ...(directories.length === 1 ? { directory: directories[0] } : { directories }),
    schedule: { interval: 'weekly' },
    groups: { [ecosystem]: { patterns: ['*'] } },
  });
  return {
    version: 2,
    updates: [
      update('github-actions', ['/']),
      update('docker', ['/']),
      update('terraform', [`/${plan.paths.terraformDir}`, `/${plan.paths.bootstrapDir}`]),
      update(LANGUAGES[plan.stack].ecosystem, ['/']),
    ],
  };
}
