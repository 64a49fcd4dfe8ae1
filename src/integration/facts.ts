import { skippedSteps } from '../config/answers.js';
import { buildTree, type FileTree } from '../core/files.js';
import type { Plan } from '../plan/types.js';
import type { StackFacts } from '../steps/facts.js';
import { cicdStep } from '../steps/cicd/index.js';
import { deploymentStep } from '../steps/deployment/index.js';
import { iacStep } from '../steps/iac/index.js';
import { observabilityStep } from '../steps/observability/index.js';
import type { StepId } from '../steps/step.js';

/**
 * Reads every step's facts back from a tree: the generated one, or the files on disk.
 * A step left out (answers `skip`) reads an empty tree, so its facts are empty even when
 * the repository holds files of that kind written by hand.
 */
export function extractFacts(tree: FileTree, plan: Plan): StackFacts {
  const skipped: readonly StepId[] = skippedSteps(plan.answers);
  const from = (id: StepId): FileTree => (skipped.includes(id) ? buildTree([]) : tree);
  return {
    cicd: cicdStep.extract(from('cicd'), plan),
    iac: iacStep.extract(from('iac'), plan),
    observability: observabilityStep.extract(from('observability'), plan),
    deployment: deploymentStep.extract(from('deployment'), plan),
  };
}
