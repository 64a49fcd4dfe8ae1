import type { ConsistencyRule } from '../rule.js';
import { iacTargetFor } from './iac-target.js';

/** CI pushes to the container registry repository that Terraform creates. */
export const registryMatchesIac: ConsistencyRule = {
  id: 'registry-matches-iac',
  description: 'The registry repository CI pushes to is the one IaC creates.',
  needs: ['cicd', 'iac'],
  check({ facts }) {
    return facts.cicd.deploys.flatMap((deploy) => {
      const env = iacTargetFor(facts, deploy);
      if (!env || env.registryRepository === deploy.registryRepository) return [];
      return [{
        message: `${deploy.file} pushes the ${deploy.environment} image to repository "${deploy.registryRepository}", but ${env.file} creates "${env.registryRepository}"`,
        files: [deploy.file, env.file],
        remedy: `Set ECR_REPOSITORY to "${env.registryRepository}" in ${deploy.file}, or re-run the generator.`,
      }];
    });
  },
};
