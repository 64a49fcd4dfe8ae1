/**
 * Infrastructure as code, tier T1: AWS with Terraform. infra/terraform is the stack
 * CI applies once per environment (VPC, EKS, ECR); infra/bootstrap is what a human
 * applies once before that (state bucket, GitHub OIDC provider, deploy roles).
 */
import type { VirtualFile } from '../../core/files.js';
import type { Plan } from '../../plan/types.js';
import type { Step } from '../step.js';
import { bootstrapMainTf } from './bootstrap.js';
import { eksTf, vpcTf } from './cluster.js';
import { environmentFiles } from './environments.js';
import { extractIacFacts } from './extract.js';
import { ecrTf } from './registry.js';
import { outputsTf, providersTf, variablesTf, versionsTf } from './root-stack.js';

function render(plan: Plan): VirtualFile[] {
  return [
    versionsTf(plan),
    providersTf(plan),
    variablesTf(plan),
    vpcTf(plan),
    eksTf(plan),
    ecrTf(plan),
    outputsTf(plan),
    ...plan.environments.flatMap((env) => environmentFiles(plan, env)),
    bootstrapMainTf(plan),
  ];
}

export const iacStep: Step<'iac'> = {
  id: 'iac',
  title: 'infrastructure as code',
  dependsOn: [],
  render,
  extract: extractIacFacts,
};
