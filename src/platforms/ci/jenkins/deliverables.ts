/** What the Jenkins files must show, for the completeness report. */
import { escapeRegex, type DeliverableSpec } from '../../../completeness/deliverable.js';
import type { Plan } from '../../../plan/types.js';
import { cloudOf } from '../../registry.js';
import { tokenCredential } from './credentials.js';
import { gq } from './groovy.js';
import { AGENT_DOCKERFILE } from './images.js';
import { deployBranch } from './stages.js';

/** Every image a stage runs in, and every image the agent image copies from, names a version. */
const imagesVersioned = (content: string): boolean => {
  const images = [...content.matchAll(/\bimage '([^']+)'|^FROM (\S+)/gm)].map((m) => m[1] ?? m[2]!);
  return images.length > 0 && images.every((i) => /:[\w.-]+(@sha256:[0-9a-f]{64})?$|@sha256:[0-9a-f]{64}$/.test(i) && !/:latest$/.test(i));
};

export function jenkinsDeliverables(plan: Plan): DeliverableSpec[] {
  const f = plan.features;
  const file = plan.paths.ciWorkflow;
  const signs = Boolean(cloudOf(plan).shell.signingKey);
  return [
    { id: 'ci-workflow', what: 'Jenkinsfile: declarative, no agent held between stages, deploy stages on the deploy branch only', path: file, checks: [/^pipeline \{/m, /^ {2}agent none$/m, new RegExp(`when \\{ (?:beforeOptions true; )?branch ${escapeRegex(gq(deployBranch(plan.answers)))} \\}`), imagesVersioned] },
    { id: 'agent-image', what: 'agent image of the stages that reach the cloud, every tool pinned', path: AGENT_DOCKERFILE, checks: [imagesVersioned, /^ENTRYPOINT \[\]$/m] },
    ...plan.environments.map((env) => ({
      id: `deploy-job.${env.name}`,
      what: `the ${env.name} stages: its own id token credential, one deploy at a time`,
      path: file,
      checks: [new RegExp(`credentials\\('${escapeRegex(tokenCredential(env.name))}'\\)`), /options \{ lock\('/],
    })),
    { id: 'approval', what: 'approval before production by a submitter group, holding no executor', path: file, checks: [/input \{ message '[^']+'; submitter '[^']+' \}/] },
    { id: 'code-scanning', what: 'static analysis (Semgrep) with its SARIF archived', path: file, checks: [/semgrep scan/, /archiveArtifacts artifacts: 'semgrep\.sarif'/], from: 'T2', applies: f.securityGates },
    { id: 'image-scan', what: 'container image scan before deploy', path: file, checks: [/trivy image/], from: 'T2', applies: f.securityGates },
    { id: 'sbom', what: 'SBOM for every pushed image', path: file, checks: [/--format spdx-json/], from: 'T3', applies: f.supplyChain },
    { id: 'signing', what: "signing of the image by digest with a key in the cloud's key service", path: file, checks: [/cosign sign --yes --key /], from: 'T3', applies: f.supplyChain && signs },
    { id: 'provenance', what: 'build provenance attestation', path: file, checks: [/cosign attest /], from: 'T3', applies: f.supplyChain && signs },
    { id: 'policy-check', what: 'policy checks (conftest) on the Terraform plan and manifests', path: file, checks: [/conftest test/], from: 'T3', applies: f.policyAsCode },
  ];
}
