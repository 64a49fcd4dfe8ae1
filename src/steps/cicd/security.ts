/**
 * Security gates of the CI workflow (T2+): each one fails the pipeline on a finding, and each
 * job gets only the permissions it needs (CodeQL and SARIF uploads: security-events: write).
 */
import { uses } from '../../data/action-pins.js';
import type { Plan } from '../../plan/types.js';
import { VERSION } from '../../version.js';
import { RUNNER, checkout, type GhaJob, type GhaStep } from './gha.js';
import { LANGUAGES, setupStep } from './languages.js';
import { inStack } from './monorepo.js';

/** Trivy's gate settings: only HIGH/CRITICAL, and only what a fix exists for (else nobody can act). */
export const TRIVY_GATE = { severity: 'HIGH,CRITICAL', 'ignore-unfixed': true, 'exit-code': '1' } as const;

export const SARIF_WRITE = { contents: 'read', 'security-events': 'write' } as const;

/** Tag of the image CI builds and scans locally; never pushed. */
export const ciImage = (plan: Pick<Plan, 'image'>): string => `${plan.image.placeholder}:ci`;

/** The generated stack still matches devops-stack.yaml; exits 1 on drift. Pinned to the generating version. */
export function stackCheckJob(plan: Pick<Plan, 'features' | 'location' | 'name'>): GhaJob {
  const check = `npx --yes create-devops-stack@${VERSION} check`;
  if (!plan.features.securityGates) {
    return { 'runs-on': RUNNER, 'timeout-minutes': 10, steps: [checkout(), { run: check }] };
  }
  return {
    'runs-on': RUNNER,
    'timeout-minutes': 10,
    permissions: SARIF_WRITE,
    steps: [
      checkout(),
      { run: `${check} --sarif stack-check.sarif` },
      // Findings show up in the Security tab even when the check fails the job.
      // Below the repository root the file is written in the stack's directory, and each stack has its own category (else they replace each other's results).
      { if: '!cancelled()', uses: uses('github/codeql-action', 'upload-sarif'), with: { sarif_file: inStack(plan, 'stack-check.sarif'), category: perStack(plan, 'stack-check') } },
    ],
  };
}

function trivy(scan: Record<string, string | boolean>): GhaStep {
  return { uses: uses('aquasecurity/trivy-action'), with: { ...scan, ...TRIVY_GATE } };
}

/** A code-scanning category, per stack below the repository root: one repository, one result set per category. */
function perStack(plan: Pick<Plan, 'location' | 'name'>, category: string): string {
  return plan.location.directory ? `${category}-${plan.name}` : category;
}

export function securityJobs(plan: Pick<Plan, 'stack' | 'location' | 'name'>): Record<string, GhaJob> {
  const lang = LANGUAGES[plan.stack];
  const job = (steps: GhaStep[], permissions?: GhaJob['permissions']): GhaJob => ({
    'runs-on': RUNNER,
    'timeout-minutes': 15,
    ...(permissions ? { permissions } : {}),
    steps: [checkout(), ...steps],
  });
  return {
    audit: job(
      lang.audit
        ? [setupStep(plan), ...lang.audit.map((run) => ({ run }))]
        : [trivy({ 'scan-type': 'fs', 'scan-ref': inStack(plan, '.'), scanners: 'vuln' })],
    ),
    // actions: read lets CodeQL read the run's metadata in private repositories.
    codeql: job(
      [
        {
          uses: uses('github/codeql-action', 'init'),
          // Below the repository root, the analysis is limited with the configuration's `paths`,
          // not `source-root`, which would report every file relative to the stack's directory, so
          // that code scanning could not place the alerts (github/codeql-action#1147).
          with: { languages: lang.codeql.language, 'build-mode': lang.codeql.buildMode, ...(plan.location.directory ? { config: `paths: [${plan.location.directory}]` } : {}) },
        },
        plan.location.directory ? { uses: uses('github/codeql-action', 'analyze'), with: { category: perStack(plan, 'codeql') } } : { uses: uses('github/codeql-action', 'analyze') },
      ],
      { ...SARIF_WRITE, actions: 'read' },
    ),
    // Any committed secret fails, whatever severity Trivy gives it.
    'secret-scan': job([{ uses: uses('aquasecurity/trivy-action'), with: { 'scan-type': 'fs', 'scan-ref': inStack(plan, '.'), scanners: 'secret', 'exit-code': '1' } }]),
  };
}

/** Build the image into the local Docker engine and fail on a fixable HIGH/CRITICAL vulnerability. */
export function imageScanSteps(plan: Pick<Plan, 'image'>): GhaStep[] {
  return [trivy({ 'image-ref': ciImage(plan), scanners: 'vuln' })];
}
