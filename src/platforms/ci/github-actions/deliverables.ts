/** What the GitHub Actions files must show, for the completeness report. */
import { actionsPinned, escapeRegex, type DeliverableSpec } from '../../../completeness/deliverable.js';
import type { Plan } from '../../../plan/types.js';

export function githubDeliverables(plan: Plan): DeliverableSpec[] {
  const f = plan.features;
  // Below the repository root the workflows are the root's (plan.location).
  const workflows = `${plan.location.toRoot}.github/workflows`;
  return [
    { id: 'ci-workflow', what: 'CI workflow: tests and image build, read-only token, cancelled when superseded', path: plan.paths.ciWorkflow, checks: [/^permissions:\s*\n\s+contents: read/m, /cancel-in-progress: true/, actionsPinned] },
    { id: 'deploy-workflow', what: 'deploy workflow: OIDC identity per environment, actions pinned by SHA', path: plan.paths.deployWorkflow, checks: [/id-token: write/, /role-to-assume:|workload_identity_provider:|client-id:/, actionsPinned] },
    ...plan.environments.map((env) => ({ id: `deploy-job.${env.name}`, what: `a deploy job bound to the ${env.name} environment`, path: plan.paths.deployWorkflow, checks: [new RegExp(`environment: ${escapeRegex(env.name)}\\s*$`, 'm')] })),
    { id: 'dependabot', what: 'Dependabot keeps action pins and dependencies fresh', path: '.github/dependabot.yml', checks: [/package-ecosystem: "?github-actions/], from: 'T2', applies: f.securityGates && !plan.location.directory },
    { id: 'code-scanning', what: 'code scanning (CodeQL) in CI', under: workflows, checks: [/codeql-action/], from: 'T2', applies: f.securityGates },
    { id: 'image-scan', what: 'container image scan before deploy', under: workflows, checks: [/trivy|grype|scan/i], from: 'T2', applies: f.securityGates },
    { id: 'sbom', what: 'SBOM for every pushed image', under: workflows, checks: [/sbom/i], from: 'T3', applies: f.supplyChain },
    { id: 'signing', what: 'keyless signing of the image by digest', under: workflows, checks: [/cosign/], from: 'T3', applies: f.supplyChain },
    { id: 'provenance', what: 'build provenance attestation', under: workflows, checks: [/attest/], from: 'T3', applies: f.supplyChain },
    { id: 'policy-check', what: 'policy checks (conftest) on the Terraform plan and manifests', under: workflows, checks: [/conftest/], from: 'T3', applies: f.policyAsCode },
  ];
}
