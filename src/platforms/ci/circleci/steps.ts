/**
 * Each neutral step as CircleCI steps: shell commands in the part's pinned image (BuildKit
 * through the remote Docker engine, Trivy, Semgrep, the cloud's CLI with tools the job installs),
 * CircleCI's own caches, workspace and artifacts. Each step is a new shell: what later steps
 * read (the cloud login, the registry, the image) goes to $BASH_ENV, which each step sources.
 */
import { cacheKeyFile } from '../../../plan/toolchain.js';
import type { Plan } from '../../../plan/types.js';
import type { Job, ScanTarget, Step, Value } from '../../../steps/cicd/model.js';
import { commandMinutes } from '../../../plan/timeouts.js';
import { cloudOf } from '../../registry.js';
import { SIGSTORE_TOKEN, loginLines, tokenLine } from './oidc.js';
import type { Piece } from './parts.js';

export type CciStep = string | Record<string, unknown>;

/** Where a job leaves the values later jobs read (the image digest, a gate's outcome), in the workspace. */
const OUTPUTS = '.ci-outputs';
export const outputDir = (job: string): string => `${OUTPUTS}/${job}`;
export const outputPath = (job: string, output: string): string => `${OUTPUTS}/${job}/${output}`;

/** The image archive of a build loaded for a scanner (a docker-save tarball Trivy reads). */
export const LOCAL_ARCHIVE = 'image.tar';

/** Trivy's gate: fixable HIGH/CRITICAL vulnerabilities, or any secret. */
const TRIVY_GATE = '--severity HIGH,CRITICAL --ignore-unfixed --exit-code 1';

/** A marker that exists while a step watched for failure runs, so that its rollback runs only when that step failed. */
export const failedMarker = (id: string): string => `/tmp/${id}.failed`;

/**
 * The toolchain's dependency cache (plan.toolchain: its download directories), keyed on its first
 * lockfile; stacks of one repository share it only where that file is identical.
 */
export function cacheKey(plan: Pick<Plan, 'toolchain'>): { key: string; paths: string[] } {
  const { packageManager, cache } = plan.toolchain;
  const lockfile = cacheKeyFile(plan.toolchain);
  return { key: lockfile ? `v1-${packageManager}-{{ checksum "${lockfile}" }}` : `v1-${packageManager}`, paths: cache.map((c) => c.path) };
}

export function value(v: Value): string {
  if (typeof v === 'string') return v;
  if (v.from === 'job') return `$(cat ${outputPath(v.job, v.output)})`;
  return '$IMAGE';
}

/** A step of one unnamed command in the short form (`run: npm ci`), which costs the fewest lines. */
const run = (command: string, extra: Record<string, unknown> = {}): CciStep => {
  const text = command.trimEnd();
  if (!Object.keys(extra).length && !text.includes('\n')) return { run: text };
  return { run: { ...extra, command: `${text}\n` } };
};

/** `export NAME=value` for later steps, written to $BASH_ENV. */
export const persistEnv = (name: string, expression: string): string => `echo "export ${name}=${expression}" >> "$BASH_ENV"`;

function scan(target: ScanTarget, scanners: 'vuln' | 'secret'): string {
  const gate = scanners === 'secret' ? '--exit-code 1' : TRIVY_GATE;
  if (target.kind === 'filesystem') return `trivy fs --scanners ${scanners} ${gate} ${target.path}`;
  return `trivy image --input ${target.kind === 'oci-layout' ? target.path : LOCAL_ARCHIVE} --scanners ${scanners} ${gate}`;
}

/** The registry repository of the job, as the push and build commands name it. */
const repositoryRef = (plan: Plan): string => `$REGISTRY/$${cloudOf(plan).registryEnv}`;

/** Registry tags are immutable: a tag unique to the job run lets a failed deploy be re-run. */
const TAG = '$CIRCLE_SHA1-$CIRCLE_BUILD_NUM';

function imageBuild(plan: Plan, step: Extract<Step, { kind: 'image-build' }>, digestFile: string | undefined): CciStep[] {
  const out = step.output;
  switch (out.kind) {
    case 'none':
      return [run('docker build .')];
    case 'local':
      return [run(`docker build -t ${out.tag} .\ndocker save ${out.tag} -o ${LOCAL_ARCHIVE}`)];
    case 'archive':
      // The docker-container builder writes an OCI archive; without provenance the archive holds
      // one manifest, whose digest every environment's registry then keeps.
      return [
        run(
          [
            'docker context create ci',
            'docker buildx create --use ci',
            `docker buildx build --provenance=false --output type=oci,dest=${out.path} --metadata-file build.json .`,
            ...(digestFile ? [`mkdir -p ${digestFile.slice(0, digestFile.lastIndexOf('/'))}`, `jq -r '."containerimage.digest"' build.json > ${digestFile}`] : []),
          ].join('\n'),
        ),
      ];
    case 'registry':
      return [
        run(
          [`ref="${repositoryRef(plan)}:${TAG}"`, 'docker build -t "$ref" . && docker push "$ref"', `IMAGE="$(docker inspect --format '{{index .RepoDigests 0}}' "$ref")"`, persistEnv('IMAGE', '$IMAGE')].join('\n'),
        ),
      ];
  }
}

/** The archive pushed with its manifest unchanged, checked against the digest built and tested; IMAGE is what was pushed. */
function imagePush(plan: Plan, step: Extract<Step, { kind: 'image-push' }>, imageFile: string | undefined): CciStep {
  const repo = repositoryRef(plan);
  const digest = typeof step.digest === 'object' && step.digest.from === 'pushed-image' ? undefined : value(step.digest);
  return run(
    [
      `mkdir -p image-oci && tar -xf ${step.archive} -C image-oci`,
      `crane push image-oci "${repo}:${TAG}" --image-refs /tmp/image.ref`,
      'IMAGE="$(cat /tmp/image.ref)"',
      ...(digest ? [`test "$IMAGE" = "${repo}@${digest}"`] : []),
      persistEnv('IMAGE', '$IMAGE'),
      ...(imageFile ? [`mkdir -p ${imageFile.slice(0, imageFile.lastIndexOf('/'))}`, `echo "$IMAGE" > ${imageFile}`] : []),
    ].join('\n'),
  );
}

/** Build provenance (SLSA v0.2) from the pipeline's own variables, signed keylessly like the image. */
const ATTEST = [
  `printf '{"buildType":"https://circleci.com/docs/","builder":{"id":"%s"},"invocation":{"configSource":{"uri":"git+%s","digest":{"sha1":"%s"},"entryPoint":".circleci/config.yml"}},"metadata":{"buildInvocationId":"%s"}}' "$CIRCLE_BUILD_URL" "$CIRCLE_REPOSITORY_URL" "$CIRCLE_SHA1" "$CIRCLE_WORKFLOW_ID" > provenance.json`,
  `${SIGSTORE_TOKEN} cosign attest --yes --type slsaprovenance --predicate provenance.json "$IMAGE"`,
];

/** The gates of the report: the outcome outputs of the jobs it covers, read from the workspace. */
function complianceReport(step: Extract<Step, { kind: 'compliance-report' }>, jobs: readonly Job[]): CciStep[] {
  const gates = jobs.filter((j) => step.jobs.includes(j.id)).flatMap((j) => Object.entries(j.outputs ?? {}).filter(([, o]) => o.value === 'outcome').map(([name]) => ({ job: j.id, name })));
  const rows = gates.map((g) => `  printf '| %s | %s |\\n' ${g.job}:${g.name} "$(cat ${outputPath(g.job, g.name)} 2>/dev/null || echo 'not passed')"`);
  const digest = typeof step.digest === 'object' && step.digest.from === 'job' ? `$(cat ${outputPath(step.digest.job, step.digest.output)} 2>/dev/null || echo 'not built')` : value(step.digest);
  return [
    run(
      [
        '{',
        `  printf '# Compliance report\\n\\nImage: %s\\nJobs and their results: %s\\n\\n| gate | outcome |\\n| --- | --- |\\n' "${digest}" "https://app.circleci.com/pipelines/workflows/$CIRCLE_WORKFLOW_ID"`,
        ...rows,
        '} > compliance-report.md',
      ].join('\n'),
    ),
    { store_artifacts: { path: 'compliance-report.md' } },
  ];
}

export interface StepContext {
  plan: Plan;
  /** Every job of the workflow (a report reads their outputs). */
  jobs: readonly Job[];
  /** Steps whose failure a later step rolls back (ids). */
  watched: ReadonlySet<string>;
  /** The region the last cloud login asked for (the registry's). */
  region: string;
  /** The login lines already in effect, so that a second, identical login is left out. */
  login?: string;
}

/** The file a step writes a job output to, when the job exports one from it. */
function outputFile(piece: Piece, kind: 'digest' | 'outcome' | 'image'): string | undefined {
  const id = 'id' in piece.step ? piece.step.id : undefined;
  const name = Object.entries(piece.job.outputs ?? {}).find(([, o]) => o.value === kind && o.step === id)?.[0];
  return id && name ? outputPath(piece.job.id, name) : undefined;
}

function runStep(ctx: StepContext, piece: Piece, step: Extract<Step, { kind: 'run' }>, timeoutMinutes: number): CciStep {
  const env = Object.entries(step.env ?? {});
  // IMAGE set by an earlier step is already in $BASH_ENV.
  const exports = env.filter(([k, v]) => typeof v !== 'string' && value(v) !== `$${k}`).map(([k, v]) => `export ${k}="${value(v)}"`);
  const strings = Object.fromEntries(env.filter(([, v]) => typeof v === 'string'));
  let command = [...exports, step.run.trimEnd()].join('\n');
  const outcome = outputFile(piece, 'outcome');
  if (outcome) command += `\nmkdir -p ${outputDir(piece.job.id)} && echo success > ${outcome}`;
  if (step.id && ctx.watched.has(step.id)) command = `touch ${failedMarker(step.id)}\n${command}\nrm ${failedMarker(step.id)}`;
  // Only when the watched step started and did not finish (its marker is still there).
  if (step.onFailureOf) {
    const lines = step.run.trim().split('\n');
    command = lines.length === 1 ? `[ ! -e ${failedMarker(step.onFailureOf)} ] || ${lines[0]}` : `if [ -e ${failedMarker(step.onFailureOf)} ]; then\n  ${lines.join('\n  ')}\nfi`;
  }
  // A command with a timeout of its own must not be cut short by CircleCI's 10 minutes without output.
  const quiet = waitsOnItsOwn(step.run) && timeoutMinutes > 10 ? { no_output_timeout: `${timeoutMinutes}m` } : {};
  return run(command, {
    ...(step.name ? { name: step.name } : {}),
    ...(Object.keys(strings).length ? { environment: strings } : {}),
    ...(step.onFailureOf ? { when: 'on_fail' } : {}),
    ...quiet,
  });
}

function cloudLogin(ctx: StepContext, piece: Piece, step: Extract<Step, { kind: 'cloud-login' }>): CciStep[] {
  const env = ctx.plan.environments.find((e) => e.name === piece.job.environment) ?? ctx.plan.environments[0]!;
  const { exports, commands } = loginLines(ctx.plan, env, step.region, step.purpose);
  ctx.region = step.region;
  const key = [...exports, ...commands].join('\n');
  if (ctx.login === key) return [];
  ctx.login = key;
  const title = cloudOf(ctx.plan).title;
  return [
    run([tokenLine(ctx.plan), `cat >> "$BASH_ENV" << 'EOF'`, ...exports, 'EOF'].join('\n')),
    ...(commands.length ? [run(commands.join('\n'))] : []),
  ];
}

/** One neutral step as CircleCI steps (install-tools, terraform and checkout are the part's, not the step's). */
export function cciSteps(ctx: StepContext, piece: Piece, timeoutMinutes: number): CciStep[] {
  const { plan } = ctx;
  const step = piece.step;
  switch (step.kind) {
    case 'toolchain':
      // The image is the language's; the package manager it lacks (plan.toolchain.setup) is put on the PATH here.
      return [{ restore_cache: { keys: [cacheKey(plan).key] } }, ...(plan.toolchain.setup.length ? [run(plan.toolchain.setup.join('\n'))] : [])];
    case 'run':
      return [runStep(ctx, piece, step, timeoutMinutes)];
    case 'cloud-login':
      return cloudLogin(ctx, piece, step);
    case 'registry-login':
      return [run([...cloudOf(plan).shell.registryLogin(plan, ctx.region), persistEnv('REGISTRY', '$REGISTRY')].join('\n'))];
    case 'image-build':
      return imageBuild(plan, step, outputFile(piece, 'digest'));
    case 'image-push':
      return [imagePush(plan, step, outputFile(piece, 'image'))];
    case 'scan': {
      const outcome = outputFile(piece, 'outcome');
      return [run([scan(step.target, step.scanners), ...(outcome ? [`mkdir -p ${outputDir(piece.job.id)} && echo success > ${outcome}`] : [])].join('\n'))];
    }
    case 'sbom': {
      const outcome = outputFile(piece, 'outcome');
      return [
        run([`trivy image --input ${step.layout} --format spdx-json --output ${step.output}`, ...(outcome ? [`mkdir -p ${outputDir(piece.job.id)} && echo success > ${outcome}`] : [])].join('\n')),
        { store_artifacts: { path: step.output } },
      ];
    }
    case 'sast':
      // CircleCI has no code-scanning view: the findings are kept as an artifact, and any fails the job.
      return [run('semgrep scan --config p/default --metrics=off --error --sarif --output semgrep.sarif'), { store_artifacts: { path: 'semgrep.sarif' } }];
    case 'upload-findings':
      return [{ store_artifacts: { path: step.file } }];
    case 'sign':
      // Keyless: Fulcio accepts CircleCI's tokens for the audience sigstore (its certificate names the project's pipeline).
      return [run(`${SIGSTORE_TOKEN} cosign sign --yes "$IMAGE"`)];
    case 'attest':
      return [run(ATTEST.join('\n'))];
    case 'compliance-report':
      return complianceReport(step, ctx.jobs);
    default:
      // checkout, terraform, install-tools: the part's first steps; artifacts: the workspace.
      return [];
  }
}


/** A command that states a wait of its own (`--timeout 5m`, or `timeout 45m …` around a CloudFormation wait), and may print nothing meanwhile. */
export const waitsOnItsOwn = (run: string): boolean => commandMinutes(run) > 0;
