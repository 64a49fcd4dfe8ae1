/** CI/CD on GitHub Actions: test and build on every change, Terraform then rollout per environment. */
import type { VirtualFile } from '../../core/files.js';
import type { Plan } from '../../plan/types.js';
import { yamlFile } from '../../render/yaml.js';
import type { Step } from '../step.js';
import { ciWorkflow } from './ci-workflow.js';
import { deployWorkflow } from './deploy-workflow.js';
import { dockerfile, dockerignore } from './dockerfile.js';
import { extractCicd } from './extract.js';

function render(plan: Plan): VirtualFile[] {
  const file = (path: string, content: string, summary: string): VirtualFile => ({ path, content, producer: 'cicd', summary });
  const envs = plan.environments.map((e) => e.name).join(' → ');
  return [
    file(plan.paths.ciWorkflow, yamlFile(ciWorkflow(plan)), 'CI: tests and a container build on every pull request and push to main'),
    file(plan.paths.deployWorkflow, yamlFile(deployWorkflow(plan)), `Deploy on push to main: Terraform, image push and rollout, ${envs}`),
    file(plan.paths.dockerfile, dockerfile(plan), `Multi-stage ${plan.stack} image, running as uid ${plan.app.uid}`),
    file(plan.paths.dockerignore, dockerignore(plan), 'Keeps history, secrets and infrastructure out of the image'),
  ];
}

export const cicdStep: Step<'cicd'> = {
  id: 'cicd',
  title: 'CI/CD pipeline',
  dependsOn: ['iac', 'deployment'],
  render,
  extract: extractCicd,
};
