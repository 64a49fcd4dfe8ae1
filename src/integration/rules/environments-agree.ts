import type { ConsistencyRule } from '../rule.js';

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/** CI, IaC and the manifests know the same environments, and CI promotes them in the answers' order. */
export const environmentsAgree: ConsistencyRule = {
  id: 'environments-agree',
  description: 'The environments in CI, IaC and the Kubernetes overlays are the same list, promoted in the answers order.',
  needs: ['cicd', 'iac', 'deployment'],
  check({ plan, facts }) {
    const expected = plan.environments.map((e) => e.name);
    const sources: [string, string[], string][] = [
      [plan.paths.deployWorkflow, unique(facts.cicd.environmentOrder), 'deploys'],
      [plan.paths.iacDir, unique(facts.iac.environments.map((e) => e.environment)).sort(), 'defines'],
      [facts.deployment.kustomizeDir, unique(facts.deployment.environments.map((e) => e.environment)).sort(), 'has manifests for'],
    ];
    const problems = [];
    for (const [file, found, verb] of sources) {
      const want = verb === 'deploys' ? expected : [...expected].sort();
      if (found.join(',') !== want.join(',')) {
        problems.push({
          message: `${file} ${verb} ${found.join(', ') || 'no environment'}, but the answers list ${expected.join(' → ')}`,
          files: [file, plan.paths.answers],
          remedy: 'Re-run the generator after changing environments in devops-stack.yaml, so that every part follows the same list.',
        });
      }
    }
    return problems;
  },
};
