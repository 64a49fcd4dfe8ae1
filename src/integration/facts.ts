import type { FileTree } from '../core/files.js';
import type { Plan } from '../plan/types.js';
import type { StackFacts } from '../steps/facts.js';
import { cicdStep } from '../steps/cicd/index.js';
import { deploymentStep } from '../steps/deployment/index.js';
import { iacStep } from '../steps/iac/index.js';
import { observabilityStep } from '../steps/observability/index.js';

/** Reads every step's facts back from a tree: the generated one, or the files on disk. */
export function extractFacts(tree: FileTree, plan: Plan): StackFacts {
  return {
    cicd: cicdStep.extract(tree, plan),
    iac: iacStep.extract(tree, plan),
    observability: observabilityStep.extract(tree, plan),
    deployment: deploymentStep.extract(tree, plan),
  };
}
