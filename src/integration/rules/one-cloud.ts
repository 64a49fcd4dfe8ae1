import type { ConsistencyRule } from '../rule.js';

/** Every step targets the cloud of the answers: no AWS pipeline deploying to another cloud's stack. */
export const oneCloud: ConsistencyRule = {
  id: 'one-cloud',
  description: 'CI/CD and IaC target one cloud, the one in the answers.',
  needs: ['iac', 'cicd'],
  check({ plan, facts }) {
    const problems = [];
    if (facts.iac.cloud.value !== plan.cloud) {
      problems.push({
        message: `${facts.iac.cloud.file} configures cloud "${facts.iac.cloud.value}", but the answers choose "${plan.cloud}"`,
        files: [facts.iac.cloud.file, plan.paths.answers],
        remedy: 'Re-run the generator with one cloud.',
      });
    }
    for (const deploy of facts.cicd.deploys) {
      if (deploy.cloud !== plan.cloud) {
        problems.push({
          message: `${deploy.file} authenticates to cloud "${deploy.cloud}" for ${deploy.environment}, but the answers choose "${plan.cloud}"`,
          files: [deploy.file, plan.paths.answers],
          remedy: 'Re-run the generator with one cloud.',
        });
      }
    }
    return problems;
  },
};
