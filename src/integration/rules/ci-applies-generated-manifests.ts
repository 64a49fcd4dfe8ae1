import type { ConsistencyRule } from '../rule.js';

/** What a directory CI applies holds: a kustomization (Kubernetes), or a task definition it registers (ECS). */
const WORKLOAD_ENTRIES = ['kustomization.yaml', 'task-definition.json'];

/** CI applies exactly the kustomize directories the deployment and observability steps write. */
export const ciAppliesGeneratedManifests: ConsistencyRule = {
  id: 'ci-applies-generated-manifests',
  description: 'Every kustomize directory CI applies exists, and the workload and monitoring directories are applied.',
  needs: ['cicd', 'deployment', 'observability'],
  check({ facts, tree }) {
    return facts.cicd.deploys.flatMap((deploy) => {
      const workloadDir = facts.deployment.environments.find((e) => e.environment === deploy.environment)?.kustomizeDir ?? facts.deployment.kustomizeDir;
      // The observability directory is '' where the target applies nothing of it (ECS: alarms are Terraform's).
      const expected = [workloadDir, facts.observability.kustomizeDir].filter(Boolean);
      const problems = [];
      for (const dir of deploy.applies) {
        if (!WORKLOAD_ENTRIES.some((entry) => tree.has(`${dir}/${entry}`))) {
          problems.push({
            message: `${deploy.file} applies ${dir}, which has no ${WORKLOAD_ENTRIES.join(' or ')}`,
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
