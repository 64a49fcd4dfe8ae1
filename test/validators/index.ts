/**
 * Validation harness: every generated file goes through its own ecosystem's validator.
 * Entry point for the generator's matrix test: `validateTree(tree)`.
 *
 * The README's "Every generated file is validated" table lists each artifact, its validator and
 * what it proves.
 */
import { ACTIONLINT, checkActionlint } from './actionlint.js';
import { ACTIONS_HARDENING, checkActionsHardening } from './actions-hardening.js';
import { AZURE_PIPELINES, checkAzurePipelines } from './azure-pipelines.js';
import { CFN_GUARD, checkCfnGuard } from './cfn-guard.js';
import { CIRCLECI, checkCircleci } from './circleci.js';
import { CLOUDFORMATION, checkCloudFormation } from './cloudformation.js';
import { type Finding, RunContext, type Tree } from './common.js';
import { COMPOSE, checkCompose } from './compose.js';
import { DOCKERFILE, checkDockerfile } from './dockerfile.js';
import { GITLAB_CI, checkGitlabCi } from './gitlab-ci.js';
import { GRAFANA, checkGrafana } from './grafana.js';
import { primeGroovyLint } from './groovy-lint.js';
import { HCL_FORMAT, checkHclFormat } from './hcl-format.js';
import { HCL_SYNTAX, checkHclSyntax } from './hcl-syntax.js';
import { JENKINSFILE, checkJenkinsfile, isJenkinsfilePath } from './jenkinsfile.js';
import { KUBERNETES, checkKubernetes } from './kubernetes.js';
import { KUSTOMIZE, checkKustomize } from './kustomize.js';
import { MAKE, checkMake } from './make.js';
import { POD_SECURITY, checkPodSecurity } from './pod-security.js';
import { PROMQL, checkPromql } from './promql.js';
import { PROMTOOL, checkPromtool } from './promtool.js';
import { SECRETS, checkSecrets } from './secrets.js';
import { SHELLCHECK, checkShellcheck } from './shellcheck.js';
import { TERRAFORM_MODULES, checkTerraformModules } from './terraform-modules.js';
import { TERRAFORM_SCHEMA, checkTerraformSchema } from './terraform-schema.js';
import { type Skipped, whichTool } from './tools.js';
import { WIF_SUBJECT, checkWifSubject } from './wif-subject.js';
import { YAMLLINT, checkYamllint } from './yamllint.js';

export type { Finding, Tree, TreeFile } from './common.js';
export type { Skipped } from './tools.js';

/** Every validator, by name. The ones calling a binary are marked with the tool. */
export const VALIDATORS = [
  { name: ACTIONLINT, run: checkActionlint },
  { name: SHELLCHECK, run: checkShellcheck, tool: 'shellcheck' },
  { name: ACTIONS_HARDENING, run: checkActionsHardening },
  { name: KUBERNETES, run: checkKubernetes },
  { name: KUSTOMIZE, run: checkKustomize, tool: 'kubectl' },
  { name: POD_SECURITY, run: checkPodSecurity },
  { name: PROMTOOL, run: checkPromtool, tool: 'promtool' },
  { name: PROMQL, run: checkPromql },
  { name: GRAFANA, run: checkGrafana },
  { name: HCL_SYNTAX, run: checkHclSyntax },
  { name: HCL_FORMAT, run: checkHclFormat },
  { name: TERRAFORM_SCHEMA, run: checkTerraformSchema },
  { name: TERRAFORM_MODULES, run: checkTerraformModules },
  { name: WIF_SUBJECT, run: checkWifSubject },
  { name: DOCKERFILE, run: checkDockerfile },
  { name: COMPOSE, run: checkCompose, tool: 'docker-compose' },
  { name: YAMLLINT, run: checkYamllint, tool: 'yamllint' },
  { name: MAKE, run: checkMake, tool: 'make' },
  { name: SECRETS, run: checkSecrets },
  { name: GITLAB_CI, run: checkGitlabCi, tool: 'git' },
  { name: CIRCLECI, run: checkCircleci },
  { name: AZURE_PIPELINES, run: checkAzurePipelines },
  { name: JENKINSFILE, run: checkJenkinsfile, tool: 'java' },
  { name: CLOUDFORMATION, run: checkCloudFormation },
  { name: CFN_GUARD, run: checkCfnGuard, tool: 'cfn-guard' },
] as const;

/**
 * Optional: hands the slow batch tools every file of many trees at once (npm-groovy-lint costs one
 * JVM start per invocation), so that validating the trees one by one afterwards finds their
 * results cached. Validation gives the same findings without it, only slower.
 */
export async function primeValidators(trees: readonly Tree[]): Promise<void> {
  const jenkinsfiles = trees.flatMap((t) => [...t.values()].filter((f) => isJenkinsfilePath(f.path)).map((f) => f.content));
  const java = whichTool('java');
  if (jenkinsfiles.length && java) await primeGroovyLint(jenkinsfiles, java.slice(0, java.lastIndexOf('/')));
}

export interface ValidationResult {
  findings: Finding[];
  skipped: Skipped[];
}

/**
 * Runs every validator on the tree. In-process validators run one after the other (they share
 * the wasm runtimes and the TypeScript programs); the ones calling binaries run alongside them.
 * A validator whose binary is missing is skipped with a printed reason, or throws when CI=true.
 */
export async function validateTree(tree: Tree, opts: { only?: readonly string[] } = {}): Promise<ValidationResult> {
  const ctx = new RunContext(tree);
  try {
    const chosen = VALIDATORS.filter((v) => !opts.only || opts.only.includes(v.name));
    const external = chosen.filter((v) => 'tool' in v);
    const internal = chosen.filter((v) => !('tool' in v));
    const externalRun = Promise.allSettled(external.map((v) => v.run(tree, ctx)));
    const results: Finding[][] = [];
    let failure: unknown;
    for (const v of internal) {
      try {
        results.push(await v.run(tree, ctx));
      } catch (err) {
        failure ??= err;
      }
    }
    // Let the tool processes finish before the temp dir goes away, even when a validator threw.
    for (const r of await externalRun) {
      if (r.status === 'fulfilled') results.push(r.value);
      else failure ??= r.reason;
    }
    if (failure) throw failure;
    return { findings: results.flat(), skipped: ctx.skipped };
  } finally {
    ctx.dispose();
  }
}

/** One line per finding, for assertion messages. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.file}${f.location ? ` [${f.location}]` : ''}: ${f.message} (${f.validator})`).join('\n');
}
