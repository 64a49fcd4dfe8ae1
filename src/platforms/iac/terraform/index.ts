/**
 * Terraform: one root stack (infra/terraform) that CI applies once per deploy target, each with
 * its own variables file and backend config (so its own state), and a bootstrap (infra/bootstrap)
 * a human applies once. The resources are each cloud's (src/platforms/cloud/<id>/terraform/).
 */
import type { Cloud } from '../../../config/answers.js';
import { shCommand } from '../../../render/shell.js';
import { awsTerraform } from '../../cloud/aws/terraform/index.js';
import { azureTerraform } from '../../cloud/azure/terraform/index.js';
import { gcpTerraform } from '../../cloud/gcp/terraform/index.js';
import type { IacAdapter } from '../../types.js';
import { extractTerraform } from './extract.js';
import type { TerraformCloud } from './types.js';

/** Each cloud's Terraform, built on first use (see registry.ts: adapters and this module import each other). */
const terraformClouds = (): Record<Cloud, TerraformCloud> => ({ aws: awsTerraform, gcp: gcpTerraform, azure: azureTerraform });

const DIR = 'infra/terraform';

export const terraform: IacAdapter = {
  id: 'terraform',
  title: 'Terraform',
  knownPaths: ['infra/terraform/environments/{label}.tfvars'],
  guide: {
    tools: () => ['Terraform >= 1.10'],
    prerequisites: () => [],
  },
  // The checklist's first line: what proves the IaC sound before anything is applied.
  checklist: (plan) => [`In \`${plan.paths.iacDir}\`, \`terraform fmt -check\` and \`terraform validate\` pass`],
  clouds: ['aws', 'gcp', 'azure'],
  dir: DIR,
  targetFiles: (cloud, id) => ({ varsPath: `environments/${id}.tfvars`, backendConfigPath: `environments/${id}.${terraformClouds()[cloud].backend}.tfbackend` }),
  commands(plan, env, target) {
    const tf = `-chdir=${plan.paths.iacDir}`;
    const where = target.primary ? env.name : `${env.name} in ${target.region}`;
    return {
      infraInit: {
        description: `Initialise Terraform with the ${where} state`,
        run: shCommand('terraform', tf, 'init', '-input=false', '-reconfigure', `-backend-config=${target.backendConfigPath}`),
      },
      infraPlan: {
        description: `Plan the ${where} infrastructure`,
        run: shCommand('terraform', tf, 'plan', '-input=false', `-var-file=${target.varsPath}`, '-out=tfplan'),
      },
      infraApply: {
        description: `Apply the reviewed ${where} plan`,
        run: shCommand('terraform', tf, 'apply', '-input=false', 'tfplan'),
      },
    };
  },
  render: (plan) => terraformClouds()[plan.platforms.cloud].render(plan),
  extract: (tree, plan) => extractTerraform(tree, plan, terraformClouds()),
  deliverables: (plan) => terraformClouds()[plan.platforms.cloud].deliverables(plan),
};
