/**
 * Each neutral step as shell lines of a Jenkins `sh` step, run in the image of its stage
 * (images.ts): BuildKit builds, Trivy scans and writes the SBOM, crane pushes the tested archive
 * with its digest, the cloud's shell login takes on the environment's identity from the id token
 * file the stage binds. Values other stages produced arrive as build environment variables.
 */
import { cosignWithKey } from '../key-signing.js';
import type { Plan } from '../../../plan/types.js';
import type { ScanTarget, Step, Value } from '../../../steps/cicd/model.js';
import { cloudOf } from '../../registry.js';
import { TOKEN_VARIABLE } from './credentials.js';

/** The build environment variable that carries a job's output to later stages: BUILD_DIGEST. */
export const outputVariable = (job: string, output: string): string => `${job}_${output}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/** A value as the shell reads it: a literal, another stage's output, or the image this stage pushed. */
export function shellValue(v: Value): string {
  if (typeof v === 'string') return v;
  if (v.from === 'job') return `$${outputVariable(v.job, v.output)}`;
  return '$IMAGE';
}

/** Exports of the job's values that these lines read (a literal is the stage's environment). */
export function valueExports(env: Record<string, Value> | undefined, lines: readonly string[]): string[] {
  const text = lines.join('\n');
  return Object.entries(env ?? {}).flatMap(([name, v]) => {
    if (typeof v === 'string' || !new RegExp(`\\$\\{?${name}\\b`).test(text)) return [];
    const value = shellValue(v);
    return value === `$${name}` ? [] : [`export ${name}="${value}"`];
  });
}

const TRIVY_GATE = '--severity HIGH,CRITICAL --ignore-unfixed --exit-code 1';

function scan(target: ScanTarget, scanners: 'vuln' | 'secret'): string {
  const gate = scanners === 'secret' ? '--exit-code 1' : TRIVY_GATE;
  if (target.kind === 'filesystem') return `trivy fs --scanners ${scanners} ${gate} ${target.path}`;
  return `trivy image --input ${target.kind === 'oci-layout' ? target.path : target.ref} --scanners ${scanners} ${gate}`;
}

/** Rootless BuildKit without a daemon; the digest of what it wrote goes to a file when a later stage needs it. */
export function imageBuild(step: Extract<Step, { kind: 'image-build' }>, digestFile?: string): string[] {
  const out = step.output.kind === 'archive' ? ` --output type=oci,dest=${step.output.path}` : '';
  return [
    `buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=. --local dockerfile=.${out}${digestFile ? ' --metadata-file build.json' : ''}`,
    ...(digestFile ? [`grep -o '"containerimage.digest": *"sha256:[0-9a-f]*"' build.json | grep -o 'sha256:[0-9a-f]*' > ${digestFile}`] : []),
  ];
}

/**
 * The archive pushed with its manifest unchanged, so that the digest deployed is the one built
 * and tested (checked where the build's digest is known); IMAGE is what was pushed. Registry tags
 * are immutable: one unique to the build lets a failed deploy be re-run.
 */
export function imagePush(plan: Plan, step: Extract<Step, { kind: 'image-push' }>, refFile?: string): string[] {
  const repo = `$REGISTRY/$${cloudOf(plan).registryEnv}`;
  const digest = typeof step.digest === 'object' && step.digest.from === 'pushed-image' ? undefined : shellValue(step.digest);
  return [
    `mkdir -p image-oci && tar -xf ${step.archive} -C image-oci`,
    `crane push image-oci "${repo}:$GIT_COMMIT-$BUILD_NUMBER" --image-refs image.ref`,
    'IMAGE="$(cat image.ref)"',
    ...(digest ? [`test "$IMAGE" = "${repo}@${digest}"`] : []),
    ...(refFile && refFile !== 'image.ref' ? [`cp image.ref ${refFile}`] : []),
  ];
}

export { cosignWithKey };

/** SLSA provenance (v0.2) from the build's own variables, signed with the same key as the image. */
function attest(cosign: string, key: string): string[] {
  return [
    `printf '{"buildType":"https://www.jenkins.io/doc/book/pipeline/","builder":{"id":"%s"},"invocation":{"configSource":{"uri":"git+%s","digest":{"sha1":"%s"},"entryPoint":"Jenkinsfile"}},"metadata":{"buildInvocationId":"%s"}}' "$JENKINS_URL" "$GIT_URL" "$GIT_COMMIT" "$BUILD_URL" > provenance.json`,
    `${cosign} attest --yes --key ${key} --type slsaprovenance --predicate provenance.json "$IMAGE"`,
  ];
}

/** The lines that take on the environment's deploy identity from the id token file the stage binds. */
export function cloudLogin(plan: Plan, environment: string | undefined, step: Extract<Step, { kind: 'cloud-login' }>): string[] {
  const env = plan.environments.find((e) => e.name === environment) ?? plan.environments[0]!;
  return cloudOf(plan).shell.login(plan, env, step.region, `"$${TOKEN_VARIABLE}"`, step.purpose);
}

/** A run step's lines: a `cd` stays in a subshell, since a stage's steps share one shell. */
export function runLines(step: Extract<Step, { kind: 'run' }>): string[] {
  const lines = step.run
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (/^cd\s/.test(l) ? `(${l})` : l));
  return [...valueExports(step.env, lines), ...lines];
}

/** Where the step's files go, for the stage's stash, archive and output steps. */
export interface StepContext {
  plan: Plan;
  environment?: string;
  /** The region of the last cloud login, for the registry login after it. */
  region: string;
  /** File the digest or image reference is written to, when a later stage reads it. */
  outputFile?: string;
}

/** The shell lines of one step ([] for what the stage's own Groovy steps or its image do). */
export function stepLines(ctx: StepContext, step: Step): string[] {
  const shell = cloudOf(ctx.plan).shell;
  switch (step.kind) {
    case 'toolchain':
      // pip installs for the user (the image's site-packages belong to root): its scripts' directory.
      return ctx.plan.stack === 'python' ? ['export PATH="$HOME/.local/bin:$PATH"'] : [];
    case 'run':
      return step.onFailureOf ? [] : runLines(step);
    case 'cloud-login':
      return cloudLogin(ctx.plan, ctx.environment, step);
    case 'registry-login':
      return shell.registryLogin(ctx.plan, ctx.region);
    case 'image-build':
      return imageBuild(step, ctx.outputFile);
    case 'image-push':
      return imagePush(ctx.plan, step, ctx.outputFile);
    case 'scan':
      return [scan(step.target, step.scanners)];
    case 'sbom':
      return [`trivy image --input ${step.layout} --format spdx-json --output ${step.output}`];
    case 'sast':
      // Semgrep's maintained default rules for every language; any finding fails the stage.
      return ['semgrep scan --config p/default --metrics=off --error --sarif --output semgrep.sarif'];
    case 'sign': {
      const cosign = cosignWithKey(ctx.plan);
      return cosign && shell.signingKey ? [`${cosign} sign --yes --key ${shell.signingKey(ctx.plan)} "$IMAGE"`] : [];
    }
    case 'attest': {
      const cosign = cosignWithKey(ctx.plan);
      return cosign && shell.signingKey ? attest(cosign, shell.signingKey(ctx.plan)) : [];
    }
    default:
      // checkout (Jenkins checks out at each agent), terraform and install-tools (in the agent
      // image), artifacts (stash, unstash, archiveArtifacts), the report (the pipeline's post).
      return [];
  }
}
