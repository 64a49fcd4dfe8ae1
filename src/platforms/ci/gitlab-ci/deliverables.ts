/** What .gitlab-ci.yml must show, for the completeness report. */
import { escapeRegex, type DeliverableSpec } from '../../../completeness/deliverable.js';
import type { Plan } from '../../../plan/types.js';
import { CLOUD_TOKEN } from './glci.js';
import { SAST_TEMPLATE } from './render.js';

/** Every `image:` (a name, or `name:` under it) has a version or digest, none `latest`. */
export function imagesPinned(content: string): boolean {
  const images = [...content.matchAll(/^\s*(?:image|name):\s*"?([^\s"]+)"?\s*$/gm)].map((m) => m[1]!).filter((i) => /[/:]/.test(i));
  return images.length > 0 && images.every((i) => /@sha256:[0-9a-f]{64}$/.test(i) || (/:[\w.-]+$/.test(i) && !/:latest$/.test(i)));
}

export function gitlabDeliverables(plan: Plan): DeliverableSpec[] {
  const f = plan.features;
  const path = plan.paths.ciWorkflow;
  return [
    { id: 'ci-workflow', what: 'GitLab CI: one pipeline per change (workflow rules), CI jobs interruptible, images pinned', path, checks: [/^workflow:\n\s+rules:/m, /interruptible: true/, imagesPinned] },
    { id: 'deploy-workflow', what: 'deploy jobs: OIDC ID token per job, deploy branch only, one at a time per environment', path, checks: [new RegExp(`id_tokens:(?: &\\w+)?\\s*\\n\\s+${CLOUD_TOKEN}:\\s*\\n\\s+aud: `), /CI_COMMIT_BRANCH == "[^"]+"/, /resource_group: /] },
    ...plan.environments.map((env) => ({ id: `deploy-job.${env.name}`, what: `a deploy job bound to the ${env.name} environment`, path, checks: [new RegExp(`environment:\\s*\\n\\s+name: ${escapeRegex(env.name)}\\s*$`, 'm')] })),
    { id: 'approval', what: 'a manual, blocking approval before production', path, checks: [/when: manual\n\s+allow_failure: false/], from: 'T2', applies: f.multiEnvironment },
    { id: 'code-scanning', what: "static analysis (GitLab's SAST template) in CI", path, checks: [new RegExp(escapeRegex(SAST_TEMPLATE))], from: 'T2', applies: f.securityGates },
    { id: 'image-scan', what: 'container image scan before deploy', path, checks: [/trivy image /], from: 'T2', applies: f.securityGates },
    { id: 'sbom', what: 'SBOM for every pushed image', path, checks: [/sbom/i], from: 'T3', applies: f.supplyChain },
    { id: 'signing', what: 'keyless signing of the image by digest', path, checks: [/cosign sign/], from: 'T3', applies: f.supplyChain },
    { id: 'provenance', what: 'build provenance attestation', path, checks: [/cosign attest/], from: 'T3', applies: f.supplyChain },
    { id: 'policy-check', what: 'policy checks (conftest) on the Terraform plan and manifests', path, checks: [/conftest/], from: 'T3', applies: f.policyAsCode },
  ];
}
