import type { ConsistencyRule } from '../rule.js';

/** The Terraform directory, backend config and var file CI passes all exist in the IaC output. */
export const terraformInputsExist: ConsistencyRule = {
  id: 'terraform-inputs-exist',
  description: 'CI runs Terraform in the directory IaC writes, with backend and variable files that exist.',
  needs: ['cicd', 'iac'],
  check({ facts }) {
    const iac = facts.iac;
    return facts.cicd.deploys.flatMap((deploy) => {
      const problems = [];
      if (deploy.terraformDir !== iac.terraformDir) {
        problems.push({
          message: `${deploy.file} runs Terraform in "${deploy.terraformDir}", but the stack is in "${iac.terraformDir}"`,
          files: [deploy.file, iac.terraformDir],
          remedy: `Use -chdir=${iac.terraformDir}.`,
        });
      }
      if (!iac.backendConfigs.includes(deploy.backendConfig)) {
        problems.push({
          message: `${deploy.file} initialises ${deploy.environment} with -backend-config=${deploy.backendConfig || '(none)'}, which ${iac.terraformDir} does not have (has: ${iac.backendConfigs.join(', ') || 'none'})`,
          files: [deploy.file, iac.terraformDir],
          remedy: 'Re-run the generator so that every environment has its backend config.',
        });
      }
      if (!iac.varFiles.includes(deploy.varFile)) {
        problems.push({
          message: `${deploy.file} plans ${deploy.environment} with -var-file=${deploy.varFile || '(none)'}, which ${iac.terraformDir} does not have (has: ${iac.varFiles.join(', ') || 'none'})`,
          files: [deploy.file, iac.terraformDir],
          remedy: 'Re-run the generator so that every environment has its variables file.',
        });
      }
      return problems;
    });
  },
};
