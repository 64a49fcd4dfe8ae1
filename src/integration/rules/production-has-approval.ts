import { ciOf } from '../../platforms/registry.js';
import type { ConsistencyRule } from '../rule.js';

/**
 * Every deploy to production waits for a person: the approval must be declared somewhere the
 * platform reads (its own files, or the setup guide where only its settings can hold it), for
 * the environment the deploy jobs name. Read from the CI/CD facts, whatever the platform.
 */
export const productionHasApproval: ConsistencyRule = {
  id: 'production-has-approval',
  description: 'Each deploy to the production environment waits for a required approval declared for that environment.',
  needs: ['cicd'],
  check({ plan, facts }) {
    const production = plan.environments.find((e) => e.isProduction)?.name;
    if (!production) return [];
    const approved = new Set(facts.cicd.approvals.map((a) => a.environment));
    const deploys = [...new Set(facts.cicd.deploys.filter((d) => d.environment === production).map((d) => d.file))];
    if (approved.has(production)) return [];
    return deploys.map((file) => ({
      message: `${file} deploys ${production} (production), but no required approval is declared for it (approvals found: ${[...approved].join(', ') || 'none'}; ${ciOf(plan).title} keeps them in ${ciOf(plan).capabilities.approvals.handledBy})`,
      files: [file, plan.paths.answers],
      remedy: `Re-run the generator to restore the approval on ${production}, or add one yourself (${ciOf(plan).capabilities.approvals.handledBy}).`,
    }));
  },
};
