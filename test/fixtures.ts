import { withDefaults, type PartialAnswers } from '../src/config/defaults.js';
import { derivePlan } from '../src/plan/derive-plan.js';
import type { Plan } from '../src/plan/types.js';

/** The reference default stack: node service, GitHub Actions, AWS, Terraform, EKS, rolling, T1. */
export const DEFAULT_ANSWERS: PartialAnswers = { name: 'shop-api', repository: 'acme/shop-api' };

export function planFor(overrides: PartialAnswers = {}): Plan {
  return derivePlan(withDefaults({ ...DEFAULT_ANSWERS, ...overrides }));
}
