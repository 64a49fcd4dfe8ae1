import { ciOf } from '../../platforms/registry.js';
import type { ConsistencyRule } from '../rule.js';

/** Each environment CI deploys has an identity whose OIDC trust admits the tokens its deploy jobs present. */
export const oidcTrustsDeployJobs: ConsistencyRule = {
  id: 'oidc-trusts-deploy-jobs',
  description: "The cloud identity of each deploy environment trusts the CI platform's OIDC token for that environment.",
  needs: ['cicd', 'iac'],
  check({ plan, facts }) {
    const trusted = new Set(facts.iac.oidcSubjects.map((s) => s.value));
    const claimSets = facts.iac.oidcClaims ?? [];
    return facts.cicd.deploys.flatMap((deploy) => {
      // An environment the answers do not plan is still checked, against what its jobs would present.
      const token = plan.environments.find((e) => e.name === deploy.environment)?.trust ?? ciOf(plan).oidc(plan.answers, deploy.environment);
      const subjects = token.subjects;
      if (subjects.some((s) => trusted.has(s))) return [];
      // A cloud that binds on claims trusts the token when one admitted set is all in its claims.
      const claims = token.claims?.values ?? {};
      if (claimSets.some((set) => Object.entries(set.value).every(([k, v]) => claims[k] === v))) return [];
      return [{
        message: `${deploy.file} deploys ${deploy.environment} with OIDC subject "${subjects.join('" or "')}", but no identity in ${plan.paths.bootstrapDir} trusts it (trusted: ${[...trusted, ...claimSets.map((c) => Object.entries(c.value).map(([k, v]) => `${k}=${v}`).join(' '))].join(', ') || 'none'})`,
        files: [deploy.file, plan.paths.bootstrapDir],
        remedy: 'Check repository in devops-stack.yaml (the repository or project CI runs in) and re-run, then re-apply infra/bootstrap.',
      }];
    });
  },
};
