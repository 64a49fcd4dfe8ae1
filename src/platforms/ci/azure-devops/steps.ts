/**
 * Each neutral step as Azure Pipelines steps. Commands run in `bash:` steps, each its own shell,
 * so what a login sets is passed on with `##vso[task.setvariable]`; the semantic steps become
 * built-in tasks pinned by major version (toolchains, Cache@2, artifacts) or commands of the
 * hosted image (docker buildx, skopeo) and of scanners' images pinned by digest (Trivy, Semgrep).
 * Signing and provenance are left out: Sigstore's public Fulcio accepts no Azure DevOps token
 * (sigstore/fulcio#1803), so there is no keyless signature to make.
 */
import { cacheKeyFile, workspaceCaches } from '../../../plan/toolchain.js';
import type { Stack } from '../../../config/answers.js';
import type { Plan } from '../../../plan/types.js';
import type { Job, ScanTarget, Step, Value } from '../../../steps/cicd/model.js';
import { cloudOf } from '../../registry.js';
import { signLines } from '../key-signing.js';
import { type AzInputs, type AzStep, IMAGES, gkePluginDir, identifier, terraformScript, tokenScript } from './azp.js';

/** Where each model job went: its stage, and whether it is a deployment job (their outputs are named differently). */
export type JobPlaces = Map<string, { stage: string; deployment: boolean; job: Job }>;

export interface StepContext {
  plan: Plan;
  job: Job;
  places: JobPlaces;
  /** The region of the job's last cloud login (the registry login's). */
  region: string;
}

/** What one model step becomes: scripts and tasks, and variables its job must declare (runtime expressions live there). */
export interface Rendered {
  steps: (Script | AzStep)[];
  variables?: Record<string, string>;
}

/** Where the cloud login keeps the pipeline's OIDC token (kept fresh by the token script). */
export const TOKEN_FILE = '"$AGENT_TEMPDIRECTORY/oidc-token"';
const TRIVY_GATE = '--severity HIGH,CRITICAL --ignore-unfixed --exit-code 1';
/** A run's own image tag: registry tags are immutable, and a failed deploy can be re-run. */
const RUN_TAG = '$BUILD_SOURCEVERSION-$BUILD_BUILDID-$SYSTEM_JOBATTEMPT';
const DIGEST_OF_BUILD = `$(jq -r '."containerimage.digest"' build.json)`;

const setVariable = (name: string, value: string, output = false): string => `echo "##vso[task.setvariable variable=${name}${output ? ';isOutput=true' : ''}]${value}"`;

/** The variable a step sets as it starts, so that its failure handling knows the step ran (and failed). */
export const startedVariable = (stepId: string): string => `${identifier(stepId).toUpperCase()}_STARTED`;

/** Below the repository root: the pipeline variable holding the stack's directory, where every script runs. */
export const STACK_DIR = 'STACK_DIR';

/** A script step before merging: its lines, and whether a `cd` in it must stay inside it. */
export interface Script extends Omit<AzStep, 'bash'> {
  lines: string[];
}

/** A bash step; several lines stop at the first failure, as a GitHub `run:` step does. */
export function bash(plan: Pick<Plan, 'location'>, script: Script): AzStep {
  const { lines, ...extra } = script;
  const text = lines.length > 1 ? `set -e\n${lines.join('\n')}\n` : lines[0]!;
  return { bash: text, ...extra, ...(plan.location.directory ? { workingDirectory: `$(${STACK_DIR})` } : {}) };
}

/**
 * Consecutive scripts as one step where nothing tells them apart (no condition, output or name):
 * each step is a new shell and a line of YAML more, and GitHub's steps stop at their first
 * failure just as one `set -e` script does. A step's `cd` stays in it (a subshell).
 */
export function mergeScripts(pieces: (Script | AzStep)[]): (Script | AzStep)[] {
  const out: (Script | AzStep)[] = [];
  const merged = new Set<Script>();
  const plain = (p: Script | AzStep): p is Script => 'lines' in p && !p.condition && !p.name && !p.displayName;
  const own = (s: Script): string[] =>
    merged.has(s) || !s.lines.some((l) => /^cd\s/.test(l)) ? s.lines : s.lines.length === 1 ? [`(${s.lines[0]})`] : ['(', ...s.lines, ')'];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (last && plain(last) && plain(piece) && !Object.keys(piece.env ?? {}).some((k) => last.env?.[k] !== undefined && last.env[k] !== piece.env![k])) {
      const env = { ...last.env, ...piece.env };
      const next: Script = { ...last, lines: [...own(last), ...own(piece)], ...(Object.keys(env).length ? { env } : {}) };
      merged.add(next);
      out[out.length - 1] = next;
      continue;
    }
    out.push(piece);
  }
  return out;
}

/** A path as tasks and artifacts take it, from the repository root: the stack's is below it. */
export const fromRepo = (plan: Pick<Plan, 'location'>, path: string): string => (plan.location.directory ? `${plan.location.directory}/${path}` : path);

/** A line that passes variables on to the job's later steps (not an output): useless in its last step. */
export const isPassOn = (line: string): boolean => /^(?:for v in [\w ]+; do )?echo "##vso\[task\.setvariable variable=[^;\]]+\]/.test(line);

/** Lines that pass the variables `lines` assign on to the job's later steps (each step is its own shell). */
function passOn(lines: string[]): string[] {
  const names = [...new Set(lines.flatMap((l) => /^(?:export\s+)?([A-Za-z_]\w*)=/.exec(l)?.[1] ?? []))];
  if (names.length < 2) return names.map((n) => setVariable(n, `$${n}`));
  return [`for v in ${names.join(' ')}; do ${setVariable('$v', '${!v}')}; done`];
}

/**
 * Another job's output, as a runtime expression: valid in job variables only, so every such value
 * is declared there. A deployment job's outputs carry its name as a prefix (runOnce).
 */
export function jobOutput(ctx: Pick<StepContext, 'job' | 'places'>, v: Extract<Value, { from: 'job' }>): string {
  const place = ctx.places.get(v.job);
  const job = identifier(v.job);
  const step = identifier(place?.job.outputs?.[v.output]?.step ?? v.output);
  const ref = place?.deployment ? `${job}.${step}.${v.output}` : `${step}.${v.output}`;
  const here = ctx.places.get(ctx.job.id)?.stage;
  return place && place.stage !== here ? `$[ stageDependencies.${place.stage}.${job}.outputs['${ref}'] ]` : `$[ dependencies.${job}.outputs['${ref}'] ]`;
}

/** Step env and the job variables it needs: values from other jobs become job variables of the same name. */
function envOf(ctx: StepContext, env: Record<string, Value> | undefined): { env?: Record<string, string>; variables?: Record<string, string> } {
  const stepEnv: Record<string, string> = {};
  const variables: Record<string, string> = {};
  for (const [key, v] of Object.entries(env ?? {})) {
    if (typeof v === 'string') stepEnv[key] = v;
    else if (v.from === 'job') variables[key] = jobOutput(ctx, v);
    // The pushed image is the job's variable IMAGE, an environment variable of every later step.
    else if (key !== 'IMAGE') stepEnv[key] = '$(IMAGE)';
  }
  return { ...(Object.keys(stepEnv).length ? { env: stepEnv } : {}), ...(Object.keys(variables).length ? { variables } : {}) };
}

/** Lines that export this job's outputs that a step sets, at its end (reached only when it succeeded). */
function outputLines(ctx: StepContext, stepId: string | undefined, values: { digest?: string; image?: string }): string[] {
  if (!stepId) return [];
  return Object.entries(ctx.job.outputs ?? {})
    .filter(([, o]) => o.step === stepId)
    .map(([name, o]) => setVariable(name, o.value === 'outcome' ? 'success' : (values[o.value] ?? ''), true));
}

const stepName = (ctx: StepContext, id: string | undefined): Pick<AzStep, 'name'> =>
  id && Object.values(ctx.job.outputs ?? {}).some((o) => o.step === id) ? { name: identifier(id) } : {};

/** The toolchain tasks (built-in, pinned by major version) at the version the image uses (plan.toolchain). */
const TOOL_TASKS: Record<Stack, (version: string) => AzStep> = {
  node: (v) => ({ task: 'NodeTool@0', inputs: { versionSpec: /^\d+$/.test(v) ? `${v}.x` : v } }),
  python: (v) => ({ task: 'UsePythonVersion@0', inputs: { versionSpec: v } }),
  go: (v) => ({ task: 'GoTool@0', inputs: { version: v } }),
  java: (v) => ({ task: 'JavaToolInstaller@0', inputs: { versionSpec: v, jdkArchitectureOption: 'x64', jdkSourceOption: 'PreInstalled' } }),
};

/**
 * The toolchain at the image's version, the package manager put on the PATH where the runtime
 * lacks it, and its download cache (one Cache@2 per directory, moved under the pipeline workspace
 * through the package manager's own variable) keyed on its lockfile.
 */
function toolchain(ctx: StepContext, stack: Stack): Rendered {
  const t = ctx.plan.toolchain;
  const lockfile = cacheKeyFile(t);
  const key = (i: number, of: number) => [of > 1 ? `${t.packageManager}-${i + 1}` : t.packageManager, '"$(Agent.OS)"', ...(lockfile ? [fromRepo(ctx.plan, lockfile)] : [])].join(' | ');
  const dirs = workspaceCaches(t);
  const caches: AzStep[] = dirs.map(({ dir }, i) => ({ task: 'Cache@2', inputs: { key: key(i, dirs.length), path: `$(Pipeline.Workspace)/${dir}` } }));
  const setup: Script[] = t.setup.length ? [{ lines: t.setup }] : [];
  return { steps: [TOOL_TASKS[stack](t.version), ...setup, ...caches], variables: Object.fromEntries(dirs.map(({ env, dir }) => [env, `$(Pipeline.Workspace)/${dir}`])) };
}

/** Trivy from its image: the workspace mounted, the docker socket for an image of the local engine. */
function scan(target: ScanTarget, scanners: 'vuln' | 'secret'): string {
  const gate = scanners === 'secret' ? '--exit-code 1' : TRIVY_GATE;
  if (target.kind === 'image') return `docker run --rm -v /var/run/docker.sock:/var/run/docker.sock ${IMAGES.trivy} image --scanners ${scanners} ${gate} ${target.ref}`;
  const run = `docker run --rm -v "$PWD:/src" -w /src ${IMAGES.trivy}`;
  if (target.kind === 'filesystem') return `${run} fs --scanners ${scanners} ${gate} ${target.path}`;
  return `${run} image --input ${target.path} --scanners ${scanners} ${gate}`;
}

/** A variable for the rest of this script (it may be merged with the next steps) and for the job's later steps. */
const keep = (name: string, value: string): string[] => [`${name}="${value}"`, setVariable(name, `$${name}`)];

function imageBuild(ctx: StepContext, step: Extract<Step, { kind: 'image-build' }>): string[] {
  const out = step.output;
  const repo = `$REGISTRY/$${cloudOf(ctx.plan).registryEnv}`;
  switch (out.kind) {
    case 'none':
      return ['docker buildx build .'];
    case 'local':
      return [`docker buildx build --load -t ${out.tag} .`];
    case 'archive':
      // The default driver cannot write an OCI archive; provenance off keeps one manifest, whose digest every push preserves.
      return [
        'docker buildx create --use',
        `docker buildx build --provenance=false --output type=oci,dest=${out.path} --metadata-file build.json .`,
        ...outputLines(ctx, step.id, { digest: DIGEST_OF_BUILD }),
      ];
    case 'registry':
      return [
        `docker buildx build --push --provenance=false -t "${repo}:${RUN_TAG}" --metadata-file build.json .`,
        ...keep('IMAGE', `${repo}@${DIGEST_OF_BUILD}`),
        ...outputLines(ctx, step.id, { digest: DIGEST_OF_BUILD }),
      ];
  }
}

/** The tested archive pushed with its manifest unchanged: the digest every environment runs is the one built and scanned. */
function imagePush(ctx: StepContext, step: Extract<Step, { kind: 'image-push' }>): Rendered {
  const repo = `$REGISTRY/$${cloudOf(ctx.plan).registryEnv}`;
  const digest = typeof step.digest === 'string' ? step.digest : '$DIGEST';
  const variables = typeof step.digest === 'object' && step.digest.from === 'job' ? { DIGEST: jobOutput(ctx, step.digest) } : undefined;
  const lines = [
    `skopeo copy --preserve-digests oci-archive:${step.archive} "docker://${repo}:${RUN_TAG}"`,
    ...keep('IMAGE', `${repo}@${digest}`),
    ...outputLines(ctx, step.id, { image: '$IMAGE' }),
  ];
  return { steps: [{ lines, ...stepName(ctx, step.id) }], ...(variables ? { variables } : {}) };
}

/** The compliance report (T3): each job's result and the gates' outcomes, from the jobs' outputs. */
function complianceReport(ctx: StepContext, step: Extract<Step, { kind: 'compliance-report' }>): Rendered {
  const variables: Record<string, string> = {};
  const rows: string[] = [];
  for (const id of step.jobs) {
    const place = ctx.places.get(id);
    if (!place) continue;
    const name = identifier(id).toUpperCase();
    variables[`RESULT_${name}`] = `$[ stageDependencies.${place.stage}.${identifier(id)}.result ]`;
    const gates = Object.entries(place.job.outputs ?? {}).filter(([, o]) => o.value === 'outcome');
    for (const [gate] of gates) variables[`${name}_${gate.toUpperCase()}`] = jobOutput(ctx, { from: 'job', job: id, output: gate });
    const cells = gates.map(([gate]) => `${gate}: \${${name}_${gate.toUpperCase()}:-not passed}`).join(', ');
    rows.push(`  printf '| %s | %s | %s |\\n' ${id} "$RESULT_${name}" "${cells}"`);
  }
  if (typeof step.digest === 'object' && step.digest.from === 'job') variables['DIGEST'] = jobOutput(ctx, step.digest);
  const lines = [
    '{',
    `  printf '# Compliance report\\n\\nImage: %s\\n\\n| job | result | gates |\\n| --- | --- | --- |\\n' "\${DIGEST:-not built}"`,
    ...rows,
    '} > compliance-report.md',
  ];
  return { steps: [{ lines }, { publish: fromRepo(ctx.plan, 'compliance-report.md'), artifact: 'compliance-report' }], variables };
}

/** SLSA provenance (v0.2) from the run's predefined variables, which every script step has in its environment. */
const PROVENANCE =
  `printf '{"buildType":"https://learn.microsoft.com/azure/devops/pipelines/","builder":{"id":"%s%s/_build"},"invocation":{"configSource":{"uri":"git+%s","digest":{"sha1":"%s"},"entryPoint":"%s"}},"metadata":{"buildInvocationId":"%s"}}' "$SYSTEM_COLLECTIONURI" "$SYSTEM_TEAMPROJECT" "$BUILD_REPOSITORY_URI" "$BUILD_SOURCEVERSION" "$BUILD_DEFINITIONNAME" "$BUILD_BUILDID" > provenance.json`;

/** The tools script's directory, for the rest of the script it runs in (later steps get it by prependpath). */
const TOOLS_ON_PATH = 'export PATH="$AGENT_TEMPDIRECTORY/bin:$PATH"';

export function azSteps(ctx: StepContext, step: Step): Rendered {
  const plan = ctx.plan;
  const one = (s: Script | AzStep): Rendered => ({ steps: [s] });
  switch (step.kind) {
    case 'checkout':
      return one({ checkout: 'self' });
    case 'toolchain':
      return toolchain(ctx, step.language);
    case 'run': {
      const { env, variables } = envOf(ctx, step.env);
      const lines = step.run.split('\n').filter((l) => l.trim());
      const watched = step.id && ctx.job.steps.some((s) => s.kind === 'run' && s.onFailureOf === step.id);
      const script: Script = {
        lines: watched ? [setVariable(startedVariable(step.id!), 'true'), ...lines] : lines,
        ...(step.name ? { displayName: step.name } : {}),
        ...(step.onFailureOf ? { condition: `and(failed(), eq(variables['${startedVariable(step.onFailureOf)}'], 'true'))` } : {}),
        ...(env ? { env } : {}),
      };
      return { steps: [script], ...(variables ? { variables } : {}) };
    }
    case 'cloud-login': {
      const env = plan.environments.find((e) => e.name === ctx.job.environment) ?? plan.environments[0]!;
      const login = cloudOf(plan).shell.login(plan, env, step.region, TOKEN_FILE, step.purpose);
      // kubectl's GKE token from gcloud, for this step and the later ones.
      const plugin = plan.platforms.cloud === 'gcp' && step.purpose !== 'infrastructure' ? [`export PATH="$PWD/${gkePluginDir(plan)}:$PATH"`, `echo "##vso[task.prependpath]$PWD/${gkePluginDir(plan)}"`] : [];
      return one({ lines: [`${tokenScript(plan)} ${TOKEN_FILE}`, ...login, ...passOn(login), ...plugin], env: { SYSTEM_ACCESSTOKEN: '$(System.AccessToken)' } });
    }
    case 'registry-login': {
      const lines = cloudOf(plan).shell.registryLogin(plan, ctx.region);
      return one({ lines: [...lines, ...passOn(lines)] });
    }
    case 'terraform':
      return one({ lines: [terraformScript(plan)] });
    case 'install-tools':
      return one({ lines: [`${plan.paths.toolsScript} ${step.tools.join(' ')}`, TOOLS_ON_PATH] });
    case 'image-build':
      return one({ lines: imageBuild(ctx, step), ...stepName(ctx, step.id) });
    case 'image-push':
      return imagePush(ctx, step);
    case 'scan':
      return one({ lines: [scan(step.target, step.scanners), ...outputLines(ctx, step.id, {})], ...stepName(ctx, step.id) });
    case 'sbom':
      return {
        steps: [
          { lines: [`docker run --rm -v "$PWD:/src" -w /src ${IMAGES.trivy} image --input ${step.layout} --format spdx-json --output ${step.output}`, ...outputLines(ctx, step.id, {})], ...stepName(ctx, step.id) },
          { publish: fromRepo(plan, step.output), artifact: 'sbom' },
        ],
      };
    case 'sast':
      // Semgrep's community rules run anywhere (CodeQL for Azure DevOps needs a GitHub Advanced Security licence).
      return {
        steps: [
          { lines: [`docker run --rm -v "$PWD:/src" -w /src ${IMAGES.semgrep} semgrep scan --config p/default --metrics=off --error --sarif-output=semgrep.sarif`] },
          { publish: fromRepo(plan, 'semgrep.sarif'), artifact: 'findings-sast', condition: 'succeededOrFailed()' },
        ],
      };
    case 'upload-findings':
      return one({ publish: fromRepo(plan, step.file), artifact: `findings-${step.category}`, condition: 'succeededOrFailed()' });
    case 'upload-artifact':
      return one({ publish: fromRepo(plan, step.path), artifact: step.name });
    case 'download-artifact':
      // Into the stack's directory, where the steps after read it.
      return one({ task: 'DownloadPipelineArtifact@2', inputs: { artifactName: step.name, targetPath: `$(Build.SourcesDirectory)${plan.location.directory ? `/${plan.location.directory}` : ''}` } });
    case 'sign':
      // Fulcio accepts no Azure DevOps issuer: the cloud's key signs (cosign from the tools script, checksum verified).
      return one({ lines: [`${plan.paths.toolsScript} cosign`, TOOLS_ON_PATH, ...signLines(plan, 'sign', '')] });
    case 'attest':
      return one({ lines: signLines(plan, 'attest', PROVENANCE) });
    case 'compliance-report':
      return complianceReport(ctx, step);
  }
}
