import type { ConsistencyRule } from '../rule.js';

/**
 * The Terraform directory, backend config and var file CI passes all exist in the IaC output.
 * At T1 CI runs no Terraform (an administrator applies it): a deploy without it is expected there
 * only (Features.infrastructureInCi).
 */
export const terraformInputsExist: ConsistencyRule = {
  id: 'terraform-inputs-exist',
  description: 'CI runs Terraform in the directory IaC writes, with backend and variable files that exist.',
  needs: ['cicd', 'iac'],
  check({ facts, plan }) {
    const iac = facts.iac;
    return facts.cicd.deploys.flatMap((deploy) => {
      const problems = [];
      if (!deploy.iacDir && !deploy.backendConfig && !deploy.varFile) {
        if (!plan.features.infrastructureInCi) return [];
        return [{
          message: `${deploy.file} runs no Terraform for ${deploy.environment}, but from T2 CI applies each environment's infrastructure`,
          files: [deploy.file],
          remedy: 'Re-run the generator to restore the terraform job.',
        }];
      }
      if (deploy.iacDir !== iac.iacDir) {
        problems.push({
          message: `${deploy.file} runs Terraform in "${deploy.iacDir}", but the stack is in "${iac.iacDir}"`,
          files: [deploy.file, iac.iacDir],
          remedy: `Use -chdir=${iac.iacDir}.`,
        });
      }
      // CloudFormation keeps its state itself: no backend file on either side.
      if ((iac.backendConfigs.length || deploy.backendConfig) && !iac.backendConfigs.includes(deploy.backendConfig)) {
        problems.push({
          message: `${deploy.file} initialises ${deploy.environment} with -backend-config=${deploy.backendConfig || '(none)'}, which ${iac.iacDir} does not have (has: ${iac.backendConfigs.join(', ') || 'none'})`,
          files: [deploy.file, iac.iacDir],
          remedy: 'Re-run the generator so that every environment has its backend config.',
        });
      }
      if (!iac.varFiles.includes(deploy.varFile)) {
        problems.push({
          message: `${deploy.file} plans ${deploy.environment} with -var-file=${deploy.varFile || '(none)'}, which ${iac.iacDir} does not have (has: ${iac.varFiles.join(', ') || 'none'})`,
          files: [deploy.file, iac.iacDir],
          remedy: 'Re-run the generator so that every environment has its variables file.',
        });
      }
      return problems;
    });
  },
};
