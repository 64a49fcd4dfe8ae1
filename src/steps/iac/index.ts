/**
 * Infrastructure as code: rendered by the chosen IaC tool's adapter (src/platforms/iac/<id>/) with
 * the chosen cloud's resources, for every deploy target; facts read back by the same adapter.
 */
import { iacOf } from '../../platforms/registry.js';
import type { Step } from '../step.js';

export const iacStep: Step<'iac'> = {
  id: 'iac',
  title: 'infrastructure as code',
  dependsOn: [],
  render: (plan) => iacOf(plan).render(plan),
  extract: (tree, plan) => iacOf(plan).extract(tree, plan),
};
