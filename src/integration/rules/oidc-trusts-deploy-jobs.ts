import type { ConsistencyRule } from '../rule.js';

/** Each environment CI deploys has a role whose OIDC trust admits exactly that repository and environment. */
export const oidcTrustsDeployJobs: ConsistencyRule = {
  id: 'oidc-trusts-deploy-jobs',
  description: "The cloud role of each deploy environment trusts the repository's OIDC token for that environment.",
  needs: ['cicd', 'iac'],
  check({ plan, facts }) {
    return facts.cicd.deploys.flatMap((deploy) => {
      const subject = `repo:${plan.repository}:environment:${deploy.environment}`;
      if (facts.iac.oidcSubjects.some((s) => s.value === subject)) return [];
      return [{
        message: `${deploy.file} deploys ${deploy.environment} with OIDC subject "${subject}", but no role in ${plan.paths.bootstrapDir} trusts it (trusted: ${facts.iac.oidcSubjects.map((s) => s.value).join(', ') || 'none'})`,
        files: [deploy.file, plan.paths.bootstrapDir],
        remedy: 'Check repository in devops-stack.yaml (OWNER/NAME of the GitHub repository) and re-run, then re-apply infra/bootstrap.',
      }];
    });
  },
};
