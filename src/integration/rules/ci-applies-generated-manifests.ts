import type { ConsistencyRule } from '../rule.js';

/** CI applies exactly the kustomize directories the deployment and observability steps write. */
export const ciAppliesGeneratedManifests: ConsistencyRule = {
  id: 'ci-applies-generated-manifests',
  description: 'Every kustomize directory CI applies exists, and the workload and monitoring directories are applied.',
  needs: ['cicd', 'deployment', 'observability'],
  check({ facts, tree }) {
    return facts.cicd.deploys.flatMap((deploy) => {
      const workloadDir = facts.deployment.environments.find((e) => e.environment === deploy.environment)?.kustomizeDir ?? facts.deployment.kustomizeDir;
      const expected = [workloadDir, facts.observability.kustomizeDir];
      const problems = [];
      for (const dir of deploy.applies) {
        if (!tree.has(`${dir}/kustomization.yaml`)) {
          problems.push({
            message: `${deploy.file} applies ${dir}, which has no kustomization.yaml`,
            files: [deploy.file],
            remedy: `Apply one of ${expected.join(', ')}.`,
          });
        }
      }
      for (const dir of expected) {
        if (!deploy.applies.includes(dir)) {
          problems.push({
            message: `${deploy.file} never applies ${dir} in ${deploy.environment}`,
            files: [deploy.file, `${dir}/kustomization.yaml`],
            remedy: `Add \`kubectl apply -k ${dir}\` to the deploy job, or re-run the generator.`,
          });
        }
      }
      return problems;
    });
  },
};
