/** What the CircleCI config must show, for the completeness report. */
import { escapeRegex, type DeliverableSpec } from '../../../completeness/deliverable.js';
import type { Plan } from '../../../plan/types.js';
import { approvalOf, contextOf } from './render.js';

/** Every executor image pinned to an exact tag or a digest (no `latest`, `current`, `edge`). */
function imagesPinned(content: string): boolean {
  const images = [...content.matchAll(/^\s*-?\s*image:\s*"?([^\s"]+)/gm)].map((m) => m[1]!);
  return images.length > 0 && images.every((i) => /@sha256:[0-9a-f]{64}$/.test(i) || /:(?!latest$|current$|edge$)[\w.-]+$/.test(i));
}

export function circleciDeliverables(plan: Plan): DeliverableSpec[] {
  const f = plan.features;
  const config = plan.paths.ciWorkflow;
  const production = plan.environments.find((e) => e.isProduction)!.name;
  return [
    { id: 'ci-workflow', what: 'CircleCI 2.1 config: tests and image build in pinned images, no orbs', path: config, checks: [/^version: 2\.1$/m, imagesPinned, (c) => !/^orbs:/m.test(c)] },
    { id: 'deploy-workflow', what: 'deploy workflow on the deploy branch only, cloud login by OIDC, one deploy at a time per target', path: config, checks: [/- << pipeline\.git\.branch >>/, /CIRCLE_OIDC_TOKEN_V2|circleci run oidc get/, /serial-group:/] },
    ...plan.environments.map((env) => ({ id: `deploy-job.${env.name}`, what: `deploy jobs bound to the ${env.name} context`, path: config, checks: [new RegExp(`context: ${escapeRegex(contextOf(plan, env.name))}\\s*$`, 'm')] })),
    { id: 'approval', what: `an approval job before ${production}`, path: config, checks: [new RegExp(`${escapeRegex(approvalOf(plan, production))}:\\s*\\n\\s+type: approval`)] },
    { id: 'code-scanning', what: 'static analysis (Semgrep) with the findings kept as an artifact', path: config, checks: [/semgrep scan/, /store_artifacts/], from: 'T2', applies: f.securityGates },
    { id: 'image-scan', what: 'container image scan before deploy', path: config, checks: [/trivy image/], from: 'T2', applies: f.securityGates },
    { id: 'sbom', what: 'SBOM for every pushed image', path: config, checks: [/spdx-json/], from: 'T3', applies: f.supplyChain },
    { id: 'signing', what: 'keyless signing of the image by digest', path: config, checks: [/cosign sign/], from: 'T3', applies: f.supplyChain },
    { id: 'provenance', what: 'build provenance attestation', path: config, checks: [/cosign attest/], from: 'T3', applies: f.supplyChain },
    { id: 'policy-check', what: 'policy checks (conftest) on the Terraform plan and manifests', path: config, checks: [/conftest/], from: 'T3', applies: f.policyAsCode },
  ];
}
