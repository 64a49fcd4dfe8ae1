/**
 * Supply chain (T3): scan and SBOM of the exact image archive that is promoted, then per
 * registry a keyless signature and a build provenance attestation, both bound to the digest.
 */
import { uses } from '../../data/action-pins.js';
import type { Plan } from '../../plan/types.js';
import { expr, type GhaStep, type Permissions } from './gha.js';
import { inStack } from './monorepo.js';
import { TRIVY_GATE } from './security.js';

/** Deploy jobs sign and attest: OIDC for AWS and Sigstore, attestations: write for the provenance. */
export const SUPPLY_CHAIN_PERMISSIONS: Permissions = { contents: 'read', 'id-token': 'write', attestations: 'write' };

/** In the build job, after the archive is written: Trivy and Syft read it as an OCI layout. */
export function archiveGateSteps(plan: Pick<Plan, 'location'>, archive: string): GhaStep[] {
  const layout = 'image-oci';
  return [
    { name: 'Unpack the archive as an OCI layout for the scanners', run: `mkdir -p ${layout} && tar -xf ${archive} -C ${layout}\n` },
    { id: 'scan', uses: uses('aquasecurity/trivy-action'), with: { 'scan-type': 'image', input: inStack(plan, layout), scanners: 'vuln', ...TRIVY_GATE } },
    {
      id: 'sbom',
      uses: uses('anchore/sbom-action'),
      with: { image: `oci-dir:${inStack(plan, layout)}`, format: 'spdx-json', 'output-file': inStack(plan, 'sbom.spdx.json'), 'artifact-name': 'sbom.spdx.json' },
    },
  ];
}

/** In each deploy job, once the image is in that registry ($IMAGE is REGISTRY/REPOSITORY@DIGEST). */
export function signSteps(repositoryExpr: string, digestExpr: string): GhaStep[] {
  return [
    { uses: uses('sigstore/cosign-installer') },
    // Keyless: the certificate binds the signature to this workflow's GitHub OIDC identity.
    { run: 'cosign sign --yes "$IMAGE"' },
    {
      uses: uses('actions/attest-build-provenance'),
      with: { 'subject-name': repositoryExpr, 'subject-digest': digestExpr, 'push-to-registry': true },
    },
  ];
}

/** Header of deploy.yml: how to check a deployed image's signature and provenance (YAML from objects carries no other comments). */
export function verificationHeader(plan: Pick<Plan, 'repository'>): string {
  return [
    'Verify a deployed image (IMAGE=REGISTRY/REPOSITORY@sha256:...):',
    `  cosign verify "$IMAGE" --certificate-oidc-issuer https://token.actions.githubusercontent.com --certificate-identity-regexp '^https://github.com/${plan.repository}/'`,
    `  gh attestation verify "oci://$IMAGE" --repo ${plan.repository}`,
  ].join('\n');
}

export const registryRepository = `${expr('steps.ecr.outputs.registry')}/${expr('env.ECR_REPOSITORY')}`;
