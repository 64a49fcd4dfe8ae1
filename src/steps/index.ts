/** The four steps, in the order they run. */
import { cicdStep } from './cicd/index.js';
import { deploymentStep } from './deployment/index.js';
import { iacStep } from './iac/index.js';
import { observabilityStep } from './observability/index.js';
import type { Step, StepId } from './step.js';

export const STEPS: readonly Step[] = [cicdStep, iacStep, observabilityStep, deploymentStep] as const;

export function stepTitle(id: StepId): string {
  return STEPS.find((s) => s.id === id)?.title ?? id;
}
