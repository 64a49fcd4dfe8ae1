/**
 * Each neutral step as GitHub Actions steps: the semantic ones become the field's pinned actions
 * (docker/build-push-action, Trivy, CodeQL, Syft, cosign, actions/attest), `run` steps stay commands.
 */
import type { Stack } from '../../../config/answers.js';
import type { Plan } from '../../../plan/types.js';
import { LANGUAGES } from '../../../steps/cicd/languages.js';
import type { ScanTarget, Step, Value } from '../../../steps/cicd/model.js';
import { cloudOf } from '../../registry.js';
import { uses } from './action-pins.js';
import { GHA_CLOUDS } from './clouds.js';
import { TERRAFORM_CI_VERSION, checkout, expr, type GhaStep } from './gha.js';
import { inStack } from './monorepo.js';

export type StepPlan = Pick<Plan, 'location' | 'name' | 'identityVariables' | 'platforms' | 'paths' | 'stack' | 'image' | 'answers'>;

/** Trivy's gate settings: only HIGH/CRITICAL, and only what a fix exists for (else nobody can act). */
export const TRIVY_GATE = { severity: 'HIGH,CRITICAL', 'ignore-unfixed': true, 'exit-code': '1' } as const;

/** The setup action and its inputs per language; `anywhere`: its default cache glob already finds the key file in any directory. */
const SETUP: Record<Stack, { action: Parameters<typeof uses>[0]; with: Record<string, string | boolean>; anywhere: boolean }> = {
  node: { action: 'actions/setup-node', with: { 'node-version': '22', cache: 'npm' }, anywhere: false },
  python: { action: 'actions/setup-python', with: { 'python-version': '3.13', cache: 'pip' }, anywhere: true },
  go: { action: 'actions/setup-go', with: { 'go-version-file': 'go.mod', cache: true }, anywhere: false },
  java: { action: 'actions/setup-java', with: { distribution: 'temurin', 'java-version': '21', cache: 'maven' }, anywhere: true },
};

/**
 * The setup step, for a stack below the repository root too: the setup actions look for the
 * cache key file (and go.mod) from the workspace, not from the run steps' working directory;
 * where their default globs the whole repository, it is left to them (fewer tokens, same cache).
 */
export function setupStep(plan: Pick<Plan, 'stack' | 'location'>): GhaStep {
  const setup = SETUP[plan.stack];
  const step: GhaStep = { uses: uses(setup.action), with: setup.with };
  if (!plan.location.directory) return step;
  const versionFile = setup.with['go-version-file'];
  return {
    ...step,
    with: {
      ...setup.with,
      ...(typeof versionFile === 'string' ? { 'go-version-file': inStack(plan, versionFile) } : {}),
      ...(setup.anywhere ? {} : { 'cache-dependency-path': inStack(plan, LANGUAGES[plan.stack].cacheFile) }),
    },
  };
}

/**
 * The image build's layer cache in GitHub's cache service. Below the repository root each stack
 * has its own scope: with the default one, the stacks of a repository would overwrite each
 * other's cache at every build (mode=max).
 */
export const ghaCache = (plan: Pick<Plan, 'name' | 'location'>): Record<string, string> => {
  const scope = plan.location.directory ? `,scope=${plan.name}` : '';
  return { 'cache-from': `type=gha${scope}`, 'cache-to': `type=gha${scope},mode=max` };
};

/** A code-scanning category, per stack below the repository root: one repository, one result set per category. */
function perStack(plan: Pick<Plan, 'location' | 'name'>, category: string): string {
  return plan.location.directory ? `${category}-${plan.name}` : category;
}

export function value(plan: StepPlan, v: Value): string {
  if (typeof v === 'string') return v;
  if (v.from === 'job') return expr(`needs.${v.job}.outputs.${v.output}`);
  return `${repositoryRef(plan)}@${expr('steps.build.outputs.digest')}`;
}

/** The registry repository as the deploy jobs see it: the registry host, then the repository named in the job's env. */
export function repositoryRef(plan: StepPlan): string {
  const cloud = GHA_CLOUDS[plan.platforms.cloud];
  return `${cloud.registryHost}/${expr(`env.${registryEnv(plan)}`)}`;
}

export function registryEnv(plan: Pick<Plan, 'platforms'>): string {
  return cloudOf(plan).registryEnv;
}

function scan(plan: StepPlan, target: ScanTarget, scanners: 'vuln' | 'secret', id?: string): GhaStep {
  const input: Record<string, string> =
    target.kind === 'image'
      ? { 'image-ref': target.ref }
      : target.kind === 'filesystem'
        ? { 'scan-type': 'fs', 'scan-ref': inStack(plan, target.path) }
        : { 'scan-type': 'image', input: inStack(plan, target.path) };
  // Any committed secret fails, whatever severity Trivy gives it.
  const gate: Record<string, string | boolean> = scanners === 'secret' ? { 'exit-code': '1' } : TRIVY_GATE;
  return { ...(id ? { id } : {}), uses: uses('aquasecurity/trivy-action'), with: { ...input, scanners, ...gate } };
}

function imageBuild(plan: StepPlan, step: Extract<Step, { kind: 'image-build' }>): GhaStep[] {
  const context = inStack(plan, '.');
  const cache = step.cache === 'read' ? { 'cache-from': ghaCache(plan)['cache-from']! } : ghaCache(plan);
  const out = step.output;
  const inputs: GhaStep['with'] =
    out.kind === 'none'
      ? { context, push: false, ...cache }
      : out.kind === 'local'
        ? { context, push: false, load: true, tags: out.tag, ...cache }
        : out.kind === 'archive'
          ? // provenance: false keeps a single manifest, whose digest the deploy jobs preserve.
            { context, outputs: `type=oci,dest=${inStack(plan, out.path)}`, provenance: false, ...cache }
          : // Registry tags are immutable: a tag unique to the run attempt lets a failed deploy be re-run.
            { context, push: true, tags: `${repositoryRef(plan)}:${['github.sha', 'github.run_id', 'github.run_attempt'].map(expr).join('-')}`, provenance: false, ...cache };
  return [{ uses: uses('docker/setup-buildx-action') }, { ...(step.id ? { id: step.id } : {}), uses: uses('docker/build-push-action'), with: inputs }];
}

function complianceReport(plan: StepPlan, digest: Value): GhaStep[] {
  // One row per job: its result, then the outcomes it exports (scan, sbom, conftest); a job that
  // never ran (an earlier gate stopped the pipeline) shows as skipped.
  const rows = 'to_entries[] | "| \\(.key) | \\(.value.result) | \\(.value.outputs | del(.digest) | to_entries | map("\\(.key): \\(.value)") | join(", ")) |"';
  return [
    {
      name: 'Write the compliance report',
      env: { NEEDS: expr('toJSON(needs)'), DIGEST: value(plan, digest) },
      run: [
        '{',
        '  printf "# Compliance report\\n\\nImage: %s\\n\\n| job | result | gates |\\n| --- | --- | --- |\\n" "${DIGEST:-not built}"',
        `  jq -r '${rows}' <<< "$NEEDS"`,
        '} > compliance-report.md',
        'cat compliance-report.md >> "$GITHUB_STEP_SUMMARY"',
        '',
      ].join('\n'),
    },
    // Written by the run step above in the workspace: this job checks nothing out, so even below
    // the repository root it runs there (monorepo.ts), not in the stack's directory.
    { uses: uses('actions/upload-artifact'), with: { name: 'compliance-report', path: 'compliance-report.md' } },
  ];
}

/** `environment`: the job's, whose identity a cloud login takes on. */
export function ghaSteps(plan: StepPlan, step: Step, environment = ''): GhaStep[] {
  const cloud = GHA_CLOUDS[plan.platforms.cloud];
  switch (step.kind) {
    case 'checkout':
      return [checkout()];
    case 'toolchain':
      return [setupStep(plan)];
    case 'run': {
      const env = step.env ? Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, value(plan, v)])) : undefined;
      return [{
        ...(step.name ? { name: step.name } : {}),
        ...(step.id ? { id: step.id } : {}),
        ...(step.onFailureOf ? { if: `failure() && steps.${step.onFailureOf}.outcome == 'failure'` } : {}),
        ...(env ? { env } : {}),
        run: step.run,
      }];
    }
    case 'cloud-login':
      return cloud.login(plan, step.region, step.purpose, environment);
    case 'registry-login':
      return cloud.registryLogin(plan, step.region);
    case 'terraform':
      return [{ uses: uses('hashicorp/setup-terraform'), with: { terraform_version: TERRAFORM_CI_VERSION, ...(step.plainOutput ? { terraform_wrapper: false } : {}) } }];
    case 'install-tools':
      return [{ run: `${plan.paths.toolsScript} ${step.tools.join(' ')}` }];
    case 'image-build':
      return imageBuild(plan, step);
    case 'image-push': {
      const ref = `\${REGISTRY}/\${${registryEnv(plan)}}`;
      return [{
        name: 'Push the tested image, digest unchanged',
        ...(step.id ? { id: step.id } : {}),
        env: { REGISTRY: cloud.registryHost },
        run: [
          // Registry tags are immutable: a tag unique to the run attempt lets a failed deploy be re-run.
          `skopeo copy --preserve-digests oci-archive:${step.archive} "docker://${ref}:\${GITHUB_SHA}-\${GITHUB_RUN_ID}-\${GITHUB_RUN_ATTEMPT}"`,
          `echo "IMAGE=${ref}@\${DIGEST}" >> "$GITHUB_ENV"`,
          ...(step.id ? [`echo "image=${ref}@\${DIGEST}" >> "$GITHUB_OUTPUT"`] : []),
          '',
        ].join('\n'),
      }];
    }
    case 'scan':
      return [scan(plan, step.target, step.scanners, step.id)];
    case 'sbom':
      return [{
        id: step.id,
        uses: uses('anchore/sbom-action'),
        with: { image: `oci-dir:${inStack(plan, step.layout)}`, format: 'spdx-json', 'output-file': inStack(plan, step.output), 'artifact-name': step.output },
      }];
    case 'sast': {
      const sast = LANGUAGES[step.language].sast;
      const dir = plan.location.directory;
      return [
        {
          uses: uses('github/codeql-action', 'init'),
          // Below the repository root, the analysis is limited with the configuration's `paths`,
          // not `source-root`, which would report every file relative to the stack's directory, so
          // that code scanning could not place the alerts (github/codeql-action#1147).
          with: { languages: sast.language, 'build-mode': sast.buildMode, ...(dir ? { config: `paths: [${dir}]` } : {}) },
        },
        dir ? { uses: uses('github/codeql-action', 'analyze'), with: { category: perStack(plan, 'codeql') } } : { uses: uses('github/codeql-action', 'analyze') },
      ];
    }
    case 'upload-findings':
      // Below the repository root the file is in the stack's directory, and each stack has its own category.
      return [{ if: '!cancelled()', uses: uses('github/codeql-action', 'upload-sarif'), with: { sarif_file: inStack(plan, step.file), category: perStack(plan, step.category) } }];
    case 'upload-artifact':
      return [{ uses: uses('actions/upload-artifact'), with: { name: step.name, path: inStack(plan, step.path), 'if-no-files-found': 'error' } }];
    case 'download-artifact':
      // Artifacts land in the workspace; the run steps that read them run in the stack's directory.
      return [{ uses: uses('actions/download-artifact'), with: { name: step.name, ...(plan.location.directory ? { path: plan.location.directory } : {}) } }];
    case 'sign':
      // Keyless: the certificate binds the signature to this workflow's GitHub OIDC identity.
      return [{ uses: uses('sigstore/cosign-installer') }, { run: 'cosign sign --yes "$IMAGE"' }];
    case 'attest':
      return [{ uses: uses('actions/attest-build-provenance'), with: { 'subject-name': repositoryRef(plan), 'subject-digest': value(plan, step.digest), 'push-to-registry': true } }];
    case 'compliance-report':
      return complianceReport(plan, step.digest);
  }
}
