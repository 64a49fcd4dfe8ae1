/**
 * Each neutral step as the script lines of a GitLab job. Semantic steps become commands of the
 * pinned image their segment runs in (BuildKit, Trivy, the cloud's CLI with tools installed by
 * the tools script); cloud login is the cloud's own shell login from the job's ID token.
 */
import type { Plan } from '../../../plan/types.js';
import type { ScanTarget, Step, Value } from '../../../steps/cicd/model.js';
import { TOOLS, type ToolName } from '../../../steps/cicd/tools.js';
import { cloudOf } from '../../registry.js';
import { CLOUD_TOKEN, SIGSTORE_TOKEN, TOOLS_BIN, outputVariable } from './glci.js';
import type { Segment } from './segments.js';

/** What a segment's script needs to know about the rest of its workflow. */
export interface ScriptContext {
  plan: Plan;
  /** The file name of the job a model job id is in this workflow (deploy:build). */
  base(jobId: string): string;
  /** The dotenv file this segment writes its outputs to (each job uploads its own). */
  dotenv: string;
}

const TRIVY_GATE = '--severity HIGH,CRITICAL --ignore-unfixed --exit-code 1';

export function value(ctx: ScriptContext, v: Value): string {
  if (typeof v === 'string') return v;
  if (v.from === 'job') return `$${outputVariable(ctx.base(v.job), v.output)}`;
  return '$IMAGE';
}

/** A variable's value, or `fallback` where it is unset (a job that did not run or pass). */
const orElse = (variable: string, fallback: string): string => `"\${${variable.slice(1)}:-${fallback}}"`;

/** Tools a command line calls by name, among those the tools script can install. */
const CALLED: readonly ToolName[] = ['terraform', 'kubectl', 'kustomize', 'jq', 'conftest', 'opa'];

/** What the cloud segment installs before its first step: what its steps and commands use. */
export function toolsOf(segment: Segment): ToolName[] {
  const needed = new Set<ToolName>();
  for (const step of segment.steps) {
    if (step.kind === 'terraform') needed.add('terraform');
    if (step.kind === 'image-push') needed.add('crane');
    if (step.kind === 'sign' || step.kind === 'attest') needed.add('cosign');
    if (step.kind === 'install-tools') step.tools.forEach((t) => needed.add(t));
    if (step.kind === 'run') for (const tool of CALLED) if (new RegExp(`(^|[\\s|;&(])${tool}(\\s|$)`, 'm').test(step.run)) needed.add(tool);
  }
  return (Object.keys(TOOLS) as ToolName[]).filter((t) => needed.has(t));
}

function scan(target: ScanTarget, scanners: 'vuln' | 'secret'): string {
  const gate = scanners === 'secret' ? '--exit-code 1' : TRIVY_GATE;
  if (target.kind === 'filesystem') return `trivy fs --scanners ${scanners} ${gate} ${target.path}`;
  return `trivy image ${target.kind === 'oci-layout' ? `--input ${target.path}` : target.ref} --scanners ${scanners} ${gate}`;
}

/** Rootless BuildKit without a daemon; the digest of what it wrote goes to the dotenv file when asked. */
function imageBuild(step: Extract<Step, { kind: 'image-build' }>, digestVariable: string | undefined, ctx: ScriptContext): string[] {
  const out = step.output.kind === 'archive' ? ` --output type=oci,dest=${step.output.path}` : '';
  const metadata = digestVariable ? ' --metadata-file build.json' : '';
  return [
    `buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=. --local dockerfile=.${out}${metadata}`,
    ...(digestVariable ? [`echo "${digestVariable}=$(grep -o 'containerimage.digest[^,]*' build.json | grep -o 'sha256:[0-9a-f]*')" >> ${ctx.dotenv}`] : []),
  ];
}

/**
 * The archive pushed with its manifest unchanged, so the digest the deploys pin is the one built
 * and tested (checked, where the build's digest is known, not assumed); IMAGE is what was pushed.
 */
function imagePush(ctx: ScriptContext, step: Extract<Step, { kind: 'image-push' }>): string[] {
  const repo = `$REGISTRY/$${cloudOf(ctx.plan).registryEnv}`;
  const digest = typeof step.digest === 'object' && step.digest.from === 'pushed-image' ? undefined : value(ctx, step.digest);
  return [
    `mkdir -p image-oci && tar -xf ${step.archive} -C image-oci`,
    // Registry tags are immutable: a tag unique to the job lets a failed deploy be retried.
    `crane push image-oci "${repo}:$CI_COMMIT_SHA-$CI_JOB_ID" --image-refs image.ref`,
    'IMAGE="$(cat image.ref)"',
    ...(digest ? [`test "$IMAGE" = "${repo}@${digest}"`] : []),
  ];
}

/** Build provenance (SLSA v0.2) from the pipeline's own variables, signed keylessly like the image. */
const ATTEST = [
  `printf '{"buildType":"https://docs.gitlab.com/ci/","builder":{"id":"%s"},"invocation":{"configSource":{"uri":"git+%s","digest":{"sha1":"%s"},"entryPoint":"%s"}},"metadata":{"buildInvocationId":"%s"}}' "$CI_SERVER_URL/$CI_PROJECT_PATH/-/runners/$CI_RUNNER_ID" "$CI_PROJECT_URL" "$CI_COMMIT_SHA" "$CI_CONFIG_PATH" "$CI_PIPELINE_URL" > provenance.json`,
  `cosign attest --yes --identity-token "$${SIGSTORE_TOKEN}" --type slsaprovenance --predicate provenance.json "$IMAGE"`,
];

/** GitLab hands a job its needed jobs' outputs, not their results: the report links the pipeline for those. */
function complianceReport(ctx: ScriptContext, step: Extract<Step, { kind: 'compliance-report' }>, gates: { job: string; name: string }[]): string[] {
  const rows = gates.map((g) => `printf '| %s | %s |\\n' ${g.job}:${g.name} ${orElse(`$${outputVariable(ctx.base(g.job), g.name)}`, 'not passed')}`);
  // One script item: GitLab echoes each item into the job log, which must not land in the report.
  return [
    [
      '{',
      `  printf '# Compliance report\\n\\nImage: %s\\nJobs and their results: %s\\n\\n| gate | outcome |\\n| --- | --- |\\n' ${orElse(value(ctx, step.digest), 'not built')} "$CI_PIPELINE_URL"`,
      ...rows.map((r) => `  ${r}`),
      '} > compliance-report.md',
    ].join('\n'),
  ];
}

/** The lines that take on the environment's deploy identity from the job's ID token. */
function cloudLogin(ctx: ScriptContext, segment: Segment, step: Extract<Step, { kind: 'cloud-login' }>): string[] {
  const env = ctx.plan.environments.find((e) => e.name === segment.job.environment) ?? ctx.plan.environments[0]!;
  const login = cloudOf(ctx.plan).shell.login(ctx.plan, env, step.region, '"$OIDC_TOKEN_FILE"', step.purpose);
  return ['OIDC_TOKEN_FILE="$(mktemp)"', `printf '%s' "$${CLOUD_TOKEN}" > "$OIDC_TOKEN_FILE"`, ...login];
}

function run(ctx: ScriptContext, step: Extract<Step, { kind: 'run' }>, rollback: string | undefined): string[] {
  const env = Object.entries(step.env ?? {}).flatMap(([k, v]) => (value(ctx, v) === `$${k}` ? [] : [`export ${k}="${value(ctx, v)}"`]));
  // Each step starts where the job does, as on every CI platform: one that changes directory
  // does it in a subshell, since a GitLab job runs its whole script in one shell.
  const lines = step.run
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (/^cd\s/.test(l) ? `(${l})` : l));
  if (!rollback) return [...env, ...lines];
  // Rolled back exactly when this step fails (not when an earlier one did), in the same shell.
  return [...env, `if ! { ${lines.join(' && ')}; }; then\n  ${rollback}\n  exit 1\nfi`];
}

const ON_PATH = `export PATH="${TOOLS_BIN}:$PATH"`;

/**
 * The segment's script, in step order, after `cd` into the stack below the repository root. A
 * login that comes first is the job's before_script, with the tools directory on the PATH: the
 * same lines for every job of a region, which the file then writes once (a YAML anchor).
 */
export function scriptOf(ctx: ScriptContext, segment: Segment, envLines: string[]): { before: string[]; script: string[] } {
  const [first, ...rest] = segment.steps;
  if (first?.kind === 'cloud-login') return { before: [...cloudLogin(ctx, segment, first), ON_PATH], script: lines(ctx, { ...segment, steps: rest }, envLines, first.region, true) };
  return { before: [], script: lines(ctx, segment, envLines, ctx.plan.region, false) };
}

function lines(ctx: ScriptContext, segment: Segment, envLines: string[], loginRegion: string, onPath: boolean): string[] {
  const outputs = Object.entries(segment.job.outputs ?? {});
  const rollbacks = new Map(segment.steps.flatMap((s) => (s.kind === 'run' && s.onFailureOf ? [[s.onFailureOf, s.run.trim()] as const] : [])));
  const tools = segment.executor === 'cloud' ? toolsOf(segment) : [];
  const lines: string[] = [
    ...(ctx.plan.location.directory ? [`cd ${ctx.plan.location.directory} || exit`] : []),
    ...(tools.length ? [`${ctx.plan.paths.toolsScript} ${tools.join(' ')}`, ...(onPath ? [] : [ON_PATH])] : []),
    ...envLines,
  ];
  let region = loginRegion;
  for (const step of segment.steps) {
    const output = (kind: 'digest' | 'outcome' | 'image') => outputs.find(([, o]) => o.value === kind && 'id' in step && o.step === step.id)?.[0];
    switch (step.kind) {
      case 'cloud-login':
        region = step.region;
        lines.push(...cloudLogin(ctx, segment, step));
        break;
      case 'registry-login':
        lines.push(...cloudOf(ctx.plan).shell.registryLogin(ctx.plan, region));
        break;
      case 'image-build': {
        const name = output('digest');
        lines.push(...imageBuild(step, name && outputVariable(segment.base, name), ctx));
        break;
      }
      case 'image-push': {
        const name = output('image');
        lines.push(...imagePush(ctx, step), ...(name ? [`echo "${outputVariable(segment.base, name)}=$IMAGE" >> ${ctx.dotenv}`] : []));
        break;
      }
      case 'scan':
        lines.push(scan(step.target, step.scanners));
        break;
      case 'sbom':
        lines.push(`trivy image --input ${step.layout} --format spdx-json --output ${step.output}`);
        break;
      case 'sign':
        // Keyless: the certificate binds the signature to this pipeline's GitLab identity.
        lines.push(`cosign sign --yes --identity-token "$${SIGSTORE_TOKEN}" "$IMAGE"`);
        break;
      case 'attest':
        lines.push(...ATTEST);
        break;
      case 'run':
        if (!step.onFailureOf) lines.push(...run(ctx, step, step.id ? rollbacks.get(step.id) : undefined));
        break;
      case 'compliance-report':
        lines.push(...complianceReport(ctx, step, gatesOf(segment, step.jobs)));
        break;
      case 'toolchain':
        // The image is the language's; the package manager it lacks (plan.toolchain.setup) goes on the PATH here.
        lines.push(...ctx.plan.toolchain.setup);
        break;
      default:
        // checkout, terraform, install-tools, sast, artifacts: the job's keys say it.
        break;
    }
    const outcome = output('outcome');
    if (outcome) lines.push(`echo "${outputVariable(segment.base, outcome)}=success" >> ${ctx.dotenv}`);
  }
  return lines;
}

/** The outcome outputs of the jobs a report covers (scan, sbom): the gates it lists. */
function gatesOf(segment: Segment, jobs: string[]): { job: string; name: string }[] {
  const all = segment.workflow.jobs.filter((j) => jobs.includes(j.id));
  return all.flatMap((j) => Object.entries(j.outputs ?? {}).filter(([, o]) => o.value === 'outcome').map(([name]) => ({ job: j.id, name })));
}
