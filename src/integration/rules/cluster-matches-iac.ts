import type { ConsistencyRule } from '../rule.js';
import { iacTargetFor } from './iac-target.js';

/** The cluster each deploy job targets is the one Terraform creates for that environment. */
export const clusterMatchesIac: ConsistencyRule = {
  id: 'cluster-matches-iac',
  description: 'CI deploys each environment to the cluster, in the region, that IaC creates for it.',
  needs: ['cicd', 'iac'],
  check({ facts }) {
    return facts.cicd.deploys.flatMap((deploy) => {
      const env = iacTargetFor(facts, deploy);
      if (!env) {
        return [{
          message: `${deploy.file} deploys ${deploy.targetId || deploy.environment}, but IaC defines no such environment or region`,
          files: [deploy.file, facts.iac.iacDir],
          remedy: `Add ${deploy.environment} to environments in devops-stack.yaml and re-run, or remove its deploy job.`,
        }];
      }
      const problems = [];
      if (deploy.clusterName !== env.clusterName) {
        problems.push({
          message: `${deploy.file} deploys ${deploy.environment} to cluster "${deploy.clusterName}", but ${env.file} creates "${env.clusterName}"`,
          files: [deploy.file, env.file],
          remedy: `Deploy to "${env.clusterName}" in ${deploy.file} (aws eks update-kubeconfig --name), or re-run the generator to restore both files.`,
        });
      }
      if (deploy.region !== env.region) {
        problems.push({
          message: `${deploy.file} deploys ${deploy.environment} in region "${deploy.region}", but ${env.file} creates it in "${env.region}"`,
          files: [deploy.file, env.file],
          remedy: `Use one region: set region in devops-stack.yaml and re-run.`,
        });
      }
      return problems;
    });
  },
};
