import type { CiDeployFact, IacEnvironmentFact, StackFacts } from '../../steps/facts.js';

/** The IaC facts of the target a deploy job deploys to (its environment, or `<env>-<region>`). */
export function iacTargetFor(facts: StackFacts, deploy: CiDeployFact): IacEnvironmentFact | undefined {
  const id = deploy.targetId || deploy.environment;
  return facts.iac.environments.find((e) => ((e as { targetId?: string }).targetId ?? e.environment) === id);
}
