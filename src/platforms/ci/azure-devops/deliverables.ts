/** What the Azure Pipelines files must show, for the completeness report. */
import { escapeRegex, type DeliverableSpec } from '../../../completeness/deliverable.js';
import type { Plan } from '../../../plan/types.js';
import { adoEnvironment } from './azp.js';
import { CHECKS_FILE } from './checks.js';

/** Every `task:` is pinned to a major version (Name@N). */
const tasksPinned = (content: string): boolean => [...content.matchAll(/^\s*(?:- )?task: (\S+)$/gm)].every((m) => /^[\w.-]+@\d+$/.test(m[1]!));

export function azureDeliverables(plan: Plan): DeliverableSpec[] {
  const f = plan.features;
  const production = plan.environments.find((e) => e.isProduction) ?? plan.environments[0]!;
  const branch = plan.answers.branch;
  return [
    { id: 'ci-workflow', what: `CI pipeline: tests and image build on pull requests and pushes to ${branch}, tasks pinned`, path: plan.paths.ciWorkflow, checks: [/^trigger:/m, /^pr:/m, tasksPinned] },
    {
      id: 'deploy-workflow',
      what: `deploy pipeline: OIDC sign-in per environment, one deploy at a time, from ${branch} only, tasks pinned`,
      path: plan.paths.deployWorkflow,
      checks: [/^lockBehavior: sequential$/m, /oidc-token\.sh/, new RegExp(`refs/heads/${escapeRegex(branch)}'`), tasksPinned],
    },
    ...plan.environments.map((env) => ({
      id: `deploy-job.${env.name}`,
      what: `deployment jobs bound to the ${adoEnvironment(plan, env.name)} environment`,
      path: plan.paths.deployWorkflow,
      checks: [new RegExp(`environment: ${escapeRegex(adoEnvironment(plan, env.name))}\\s*$`, 'm')],
    })),
    {
      id: 'environment-checks',
      what: `an exclusive lock on every environment and a required approval on ${production.name}, as Terraform`,
      path: CHECKS_FILE,
      checks: [/resource "azuredevops_check_exclusive_lock"/, new RegExp(`resource "azuredevops_check_approval" "${escapeRegex(production.name)}"`)],
      applies: f.multiEnvironment,
    },
    { id: 'image-scan', what: 'container image scan before deploy', path: plan.paths.ciWorkflow, checks: [/trivy/], from: 'T2', applies: f.securityGates },
    { id: 'sast', what: 'static analysis (Semgrep) in CI, findings kept as a build artifact', path: plan.paths.ciWorkflow, checks: [/semgrep scan/, /artifact: findings-sast/], from: 'T2', applies: f.securityGates },
    { id: 'sbom', what: 'SBOM for every pushed image', path: plan.paths.deployWorkflow, checks: [/spdx-json/], from: 'T3', applies: f.supplyChain },
    { id: 'policy-check', what: 'policy checks (conftest) on the Terraform plan and manifests', path: plan.paths.deployWorkflow, checks: [/conftest/], from: 'T3', applies: f.policyAsCode },
  ];
}
