/** CI/CD on GitHub Actions: test and build on every change, Terraform then rollout per environment. */
import type { VirtualFile } from '../../core/files.js';
import type { Plan } from '../../plan/types.js';
import { toYaml, yamlFile } from '../../render/yaml.js';
import type { Step } from '../step.js';
import { ACTIONLINT_CONFIG, actionlintConfig, selfHostedLabels } from './actionlint.js';
import { ciWorkflow } from './ci-workflow.js';
import { DEPENDABOT_PATH, dependabotConfig, stackUpdates } from './dependabot.js';
import { deployWorkflow } from './deploy-workflow.js';
import { dockerfile, dockerignore } from './dockerfile.js';
import { extractCicd } from './extract.js';
import { policyFiles } from './policy/index.js';
import { verificationHeader } from './supply-chain.js';
import { INSTALL_SCRIPT, installScript, toolsFor } from './tools.js';

function render(plan: Plan): VirtualFile[] {
  const file = (path: string, content: string, summary: string): VirtualFile => ({ path, content, producer: 'cicd', summary });
  const envs = plan.environments.map((e) => e.name).join(' → ');
  return [
    file(
      plan.paths.ciWorkflow,
      yamlFile(ciWorkflow(plan)),
      plan.features.securityGates
        ? 'CI: tests, image build and scan, dependency audit, CodeQL, secret scan and stack check on every change'
        : 'CI: tests and a container build on every pull request and push to main',
    ),
    file(
      plan.paths.deployWorkflow,
      plan.features.supplyChain ? yamlFile(deployWorkflow(plan), verificationHeader(plan)) : yamlFile(deployWorkflow(plan)),
      plan.features.multiEnvironment
        ? `Deploy on push to main: one image build, then Terraform and rollout of the same digest, ${envs}`
        : `Deploy on push to main: Terraform, image push and rollout, ${envs}`,
    ),
    file(plan.paths.dockerfile, dockerfile(plan), `Multi-stage ${plan.stack} image, running as uid ${plan.app.uid}`),
    file(plan.paths.dockerignore, dockerignore(plan), 'Keeps history, secrets and infrastructure out of the image'),
    // Read once per repository: a stack below the root leaves them to it (see repositoryFiles).
    ...(plan.features.securityGates && !plan.location.directory
      ? [file(DEPENDABOT_PATH, yamlFile(dependabotConfig(plan)), 'Dependabot: weekly grouped updates of actions, base images, Terraform and dependencies')]
      : []),
    ...(plan.features.policyAsCode ? policyFiles(plan).map((p) => file(p.path, p.content, p.summary)) : []),
    ...(selfHostedLabels(plan).length && !plan.location.directory
      ? [file(ACTIONLINT_CONFIG, yamlFile(actionlintConfig(selfHostedLabels(plan))), 'actionlint: the self-hosted runner labels of the deploy jobs')]
      : []),
    ...(toolsFor(plan).length
      ? [{ ...file(INSTALL_SCRIPT, installScript(toolsFor(plan)), `Installs ${toolsFor(plan).join(', ')} in CI at pinned versions, checksum verified`), executable: true }]
      : []),
  ];
}

/**
 * What a stack below the repository root adds to the files GitHub and actionlint read once per
 * repository, for its integration guide: the Dependabot entries (from the root) and its runner labels.
 */
export function repositoryFiles(plan: Plan): { dependabot: string; labels: string[] } | undefined {
  if (!plan.location.directory || plan.answers.skip.includes('cicd')) return undefined;
  const dependabot = plan.features.securityGates ? toYaml(stackUpdates(plan)) : '';
  const labels = selfHostedLabels(plan);
  return dependabot || labels.length ? { dependabot, labels } : undefined;
}

export const cicdStep: Step<'cicd'> = {
  id: 'cicd',
  title: 'CI/CD pipeline',
  dependsOn: ['iac', 'deployment'],
  render,
  extract: extractCicd,
};
