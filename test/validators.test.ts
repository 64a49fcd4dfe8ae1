/**
 * Tests of the validation harness itself: for every validator, a small valid input passes and an
 * input broken on purpose fails with a finding naming the file and the problem.
 * The valid inputs are one small generated-looking stack under test/validators/fixtures/valid.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkActionlint } from './validators/actionlint.js';
import { checkActionsHardening } from './validators/actions-hardening.js';
import { checkAzurePipelines } from './validators/azure-pipelines.js';
import { checkCfnGuard } from './validators/cfn-guard.js';
import { checkCircleci } from './validators/circleci.js';
import { checkCloudFormation } from './validators/cloudformation.js';
import type { Finding, Tree, TreeFile } from './validators/common.js';
import { checkCompose } from './validators/compose.js';
import { checkDockerfile } from './validators/dockerfile.js';
import { checkGitlabCi } from './validators/gitlab-ci.js';
import { checkGrafana } from './validators/grafana.js';
import { checkHclFormat } from './validators/hcl-format.js';
import { checkHclSyntax } from './validators/hcl-syntax.js';
import { VALIDATORS, formatFindings, primeValidators, validateTree } from './validators/index.js';
import { checkJenkinsfile } from './validators/jenkinsfile.js';
import { checkKubernetes } from './validators/kubernetes.js';
import { checkKustomize } from './validators/kustomize.js';
import { checkMake } from './validators/make.js';
import { checkPodSecurity } from './validators/pod-security.js';
import { checkPromql, substituteGrafana } from './validators/promql.js';
import { checkPromtool } from './validators/promtool.js';
import { checkSecrets } from './validators/secrets.js';
import { SHARED_SCHEMAS } from './validators/shared-schemas.js';
import { checkShellcheck, substituteExpressions } from './validators/shellcheck.js';
import { checkTerraformModules } from './validators/terraform-modules.js';
import { checkTerraformSchema } from './validators/terraform-schema.js';
import { MissingToolError, type Skipped, type ToolName, requireTools, whichTool } from './validators/tools.js';
import { checkYamllint } from './validators/yamllint.js';
import { checksFile } from '../src/platforms/ci/azure-devops/checks.js';
import { planFor } from './fixtures.js';

const FIXTURE = fileURLToPath(new URL('./validators/fixtures/valid', import.meta.url));

function loadTree(dir: string): Tree {
  const files: TreeFile[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.push({ path: relative(dir, p), content: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return new Map(files.sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => [f.path, f]));
}

const VALID = loadTree(FIXTURE);
/** One small tree per platform beyond GitHub Actions and EKS. */
const fixture = (name: string): Tree => loadTree(fileURLToPath(new URL(`./validators/fixtures/${name}`, import.meta.url)));
const GITLAB = fixture('gitlab');
const CIRCLE = fixture('circleci');
const AZDO = fixture('azure-pipelines');
const JENKINS = fixture('jenkins');
const CFN = fixture('cloudformation');
const GCP = fixture('gcp');
const AZURE = fixture('azure');

/** The valid tree with one file's text edited (the edit must change something). */
function edit(path: string, from: string | RegExp, to: string, tree: Tree = VALID): Tree {
  const file = tree.get(path);
  if (!file) throw new Error(`no ${path} in the fixture`);
  const content = file.content.replace(from, to);
  if (content === file.content) throw new Error(`edit of ${path} changed nothing: ${String(from)}`);
  return new Map(tree).set(path, { path, content });
}

function withFile(path: string, content: string, tree: Tree = VALID): Tree {
  return new Map(tree).set(path, { path, content });
}

function only(paths: string[], tree: Tree = VALID): Tree {
  return new Map([...tree].filter(([p]) => paths.some((x) => p === x || p.startsWith(`${x}/`))));
}

function expectClean(findings: Finding[]): void {
  expect(findings, formatFindings(findings)).toEqual([]);
}

function expectFinding(findings: Finding[], want: { validator: string; file: string; message: RegExp; location?: RegExp }): void {
  const hit = findings.find((f) => f.validator === want.validator && f.file === want.file && want.message.test(f.message) && (!want.location || want.location.test(f.location ?? '')));
  expect(hit, `expected a ${want.validator} finding on ${want.file} matching ${String(want.message)}, got:\n${formatFindings(findings)}`).toBeDefined();
}

/** Skip tests of a binary-backed validator when the tool is absent outside CI (in CI they must run). */
const lacks = (tool: ToolName): boolean => !whichTool(tool) && process.env.CI !== 'true';

const WF = '.github/workflows/ci.yml';
const DEPLOYMENT = 'deploy/base/deployment.yaml';
const TF = 'infra/main.tf';
const DASHBOARD = 'monitoring/dashboards/shop-api.json';

describe('actionlint', () => {
  it('passes the valid workflow', async () => {
    expectClean(await checkActionlint(VALID));
  });
  it('reports an unknown key in a workflow', async () => {
    const findings = await checkActionlint(edit(WF, '    timeout-minutes: 15\n', '    timeout-minutes: 15\n    timeout: 15\n'));
    expectFinding(findings, { validator: 'actionlint', file: WF, message: /unexpected key "timeout" for "job" section/, location: /^line 16, col 5$/ });
  });
  it('reports an unknown runner label unless .github/actionlint.yaml declares it, as actionlint does', async () => {
    const selfHosted = edit(WF, /runs-on: ubuntu-latest/g, 'runs-on: shop-api-prod');
    expectFinding(await checkActionlint(selfHosted), { validator: 'actionlint', file: WF, message: /label "shop-api-prod" is unknown/ });
    expectClean(await checkActionlint(withFile('.github/actionlint.yaml', 'self-hosted-runner:\n  labels: [shop-api-prod]\n', selfHosted)));
  });
  it('really checks every workflow file (an empty one is a finding, not "no files found")', async () => {
    expectFinding(await checkActionlint(withFile('.github/workflows/empty.yml', '')), { validator: 'actionlint', file: '.github/workflows/empty.yml', message: /workflow is empty/ });
  });
});

describe.skipIf(lacks('shellcheck'))('shellcheck', () => {
  it('passes valid scripts and run: steps (with ${{ }} expressions)', async () => {
    expectClean(await checkShellcheck(VALID));
  });
  it('reports a shell bug in a run: step at its line in the workflow', async () => {
    const tree = edit(WF, '          npm test\n', '          for f in $(ls *.json); do cat "$f"; done\n');
    const findings = await checkShellcheck(tree);
    expectFinding(findings, { validator: 'shellcheck', file: WF, message: /SC2045 .*Iterating over ls output/, location: /jobs\.test\.steps\[2\] \(Test\) run: line 26/ });
  });
  it('reports a shell bug in a script file', async () => {
    const findings = await checkShellcheck(edit('scripts/deploy.sh', 'echo "deploying to ${env_name}"', 'echo deploying to $1'));
    expectFinding(findings, { validator: 'shellcheck', file: 'scripts/deploy.sh', message: /SC2086 .*Double quote/, location: /^line 4/ });
  });
  it('replaces ${{ }} with plain words, keeping lines', () => {
    expect(substituteExpressions('echo "${{ github.sha }}"\necho ${{ x }}-${{ y }}')).toBe('echo "_GHA_EXPR_0_"\necho _GHA_EXPR_1_-_GHA_EXPR_2_');
  });
});

describe('Kubernetes schema', () => {
  it('passes valid manifests (Deployment, Service, PrometheusRule, AnalysisTemplate, patch)', async () => {
    expectClean(await checkKubernetes(VALID));
  });
  it('reports a misspelt field the schema validator accepts: spec.replica', async () => {
    const findings = await checkKubernetes(edit(DEPLOYMENT, '  replicas: 2\n', '  replica: 2\n'));
    expectFinding(findings, { validator: 'kubernetes-schema', file: DEPLOYMENT, message: /unknown field "spec\.replica".*did you mean "replicas"/, location: /Deployment\/shop-api spec\.replica \(line 9\)/ });
  });
  it('reports unknown keys deep in a pod template and in a CRD', async () => {
    const tree = edit(DEPLOYMENT, '              drop: [ALL]\n', '              drop: [ALL]\n              dropp: [NET_RAW]\n');
    expectFinding(await checkKubernetes(tree), { validator: 'kubernetes-schema', file: DEPLOYMENT, message: /unknown field "spec\.template\.spec\.containers\[0\]\.securityContext\.capabilities\.dropp"/ });
    const at = edit('deploy/base/analysistemplate.yaml', '      failureLimit: 1\n', '      failureLimt: 1\n');
    expectFinding(await checkKubernetes(at), { validator: 'kubernetes-schema', file: 'deploy/base/analysistemplate.yaml', message: /"spec\.metrics\[0\]\.failureLimt".*did you mean "failureLimit"/ });
  });
  it('reports schema errors and unknown kinds', async () => {
    const findings = await checkKubernetes(
      withFile('deploy/base/extra.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: two\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n'),
    );
    expectFinding(findings, { validator: 'kubernetes-schema', file: 'deploy/base/extra.yaml', message: /spec\.replicas: must be integer/ });
    expectFinding(findings, { validator: 'kubernetes-schema', file: 'deploy/base/extra.yaml', message: /spec\.selector: required field is missing/ });
    expectFinding(findings, { validator: 'kubernetes-schema', file: 'deploy/base/extra.yaml', message: /unknown kind Widget in apiVersion example\.com\/v1/ });
  });
});

describe('GKE objects: Managed Service for Prometheus (GMP CRD schemas) and @kubernetes-models/gke', () => {
  const PM = 'deploy/base/podmonitoring.yaml';
  const RULES = 'deploy/base/rules.yaml';
  it('passes PodMonitoring, Rules and HealthCheckPolicy', async () => {
    expectClean([...(await checkKubernetes(GCP)), ...(lacks('promtool') ? [] : await checkPromtool(GCP))]);
  });
  it('reports an unknown GMP field, a missing required interval, and a GKE model typo', async () => {
    let tree = edit(PM, 'interval: 30s', 'intervall: 30s', GCP);
    tree = edit(RULES, '      interval: 30s\n', '', tree);
    tree = edit('deploy/base/healthcheckpolicy.yaml', 'requestPath', 'requestPth', tree);
    const findings = await checkKubernetes(tree);
    expectFinding(findings, { validator: 'kubernetes-schema', file: PM, message: /unknown field "spec\.endpoints\[0\]\.intervall" \(monitoring\.googleapis\.com\/v1 PodMonitoring schema\)/, location: /^PodMonitoring\/shop-api spec\.endpoints\[0\]\.intervall \(line 13\)$/ });
    expectFinding(findings, { validator: 'kubernetes-schema', file: PM, message: /spec\.endpoints\[0\]\.interval: required field is missing/ });
    expectFinding(findings, { validator: 'kubernetes-schema', file: RULES, message: /spec\.groups\[0\]\.interval: required field is missing \(monitoring\.googleapis\.com\/v1 Rules schema\)/ });
    expectFinding(findings, { validator: 'kubernetes-schema', file: 'deploy/base/healthcheckpolicy.yaml', message: /does not define "requestPth" \(did you mean "requestPath"\?\)/ });
  });
  it.skipIf(lacks('promtool'))('sends GMP Rules through promtool', async () => {
    const findings = await checkPromtool(edit(RULES, '[5m]))', '[5m])', GCP));
    expectFinding(findings, { validator: 'promtool', file: RULES, message: /slo:sli_error:ratio_rate5m.*unclosed left parenthesis/, location: /^Rules\/shop-api-slo/ });
  });
});

describe.skipIf(lacks('kubectl'))('kubectl kustomize', () => {
  it('builds the base and the overlay', async () => {
    expectClean(await checkKustomize(VALID));
  });
  it('reports a kustomization that references a missing file', async () => {
    const findings = await checkKustomize(edit('deploy/base/kustomization.yaml', '  - service.yaml\n', '  - service.yaml\n  - ingress.yaml\n'));
    expectFinding(findings, { validator: 'kustomize', file: 'deploy/base/kustomization.yaml', message: /ingress\.yaml.*no such file or directory/ });
  });
});

describe.skipIf(lacks('promtool'))('promtool', () => {
  it('passes PrometheusRule specs, rule files, the config and the rule unit test', async () => {
    expectClean(await checkPromtool(VALID));
  });
  it('reports a PromQL typo in a PrometheusRule', async () => {
    const tree = edit('deploy/base/prometheusrule.yaml', 'sum(rate(http_requests_total{job="shop-api",code=~"5.."}[5m]))', 'sum(rate(http_requests_total{job="shop-api",code=~"5.."}[5m])');
    expectFinding(await checkPromtool(tree), { validator: 'promtool', file: 'deploy/base/prometheusrule.yaml', message: /slo:sli_error:ratio_rate5m.*parse error/, location: /PrometheusRule\/shop-api-slo/ });
  });
  it('reports a failing rule unit test and a bad scrape config', async () => {
    const tree = edit('monitoring/tests/alerts.test.yml', 'severity: page', 'severity: ticket', edit('monitoring/prometheus.yml', 'scrape_interval: 30s', 'scrape_intervall: 30s'));
    const findings = await checkPromtool(tree);
    expectFinding(findings, { validator: 'promtool', file: 'monitoring/tests/alerts.test.yml', message: /alertname: ShopApiDown.*severity="ticket"/ });
    expectFinding(findings, { validator: 'promtool', file: 'monitoring/prometheus.yml', message: /field scrape_intervall not found/ });
  });
});

describe('Terraform', () => {
  it('passes valid HCL: syntax, formatting, provider schema, module inputs', async () => {
    expectClean([...(await checkHclSyntax(VALID)), ...(await checkHclFormat(VALID)), ...(await checkTerraformSchema(VALID)), ...(await checkTerraformModules(VALID))]);
  });
  it('reports a syntax error', async () => {
    const findings = await checkHclSyntax(edit(TF, '  state = "available"\n}', '  state = \n}'));
    expectFinding(findings, { validator: 'hcl-syntax', file: TF, message: /Invalid expression/, location: /^line 37, col 11$/ });
  });
  it('reports bad formatting with a short diff', async () => {
    const findings = await checkHclFormat(edit(TF, '  bucket       = "acme-shop-api-tfstate"', '  bucket = "acme-shop-api-tfstate"'));
    expectFinding(findings, { validator: 'terraform-fmt', file: TF, message: /not formatted.*-10: "    bucket = .*\+10: "    bucket {7}= /, location: /^line 10$/ });
  });
  it('reports an unknown argument, a misspelt nested argument and a missing required one', async () => {
    let tree = edit(TF, '  description             = "shop-api artifacts"\n', '  description             = "shop-api artifacts"\n  rotation_enabled        = true\n');
    tree = edit(TF, '      sse_algorithm     = "aws:kms"', '      sse_algoritm      = "aws:kms"', tree);
    tree = edit(TF, /(resource "aws_s3_bucket_public_access_block" "artifacts" \{\n)  bucket\s+= aws_s3_bucket\.artifacts\.id\n/, '$1', tree);
    const findings = await checkTerraformSchema(tree);
    expectFinding(findings, { validator: 'terraform-provider-schema', file: TF, message: /unknown argument or block "rotation_enabled" for resource aws_kms_key/, location: /resource "aws_kms_key" "artifacts" \(line \d+\)\.rotation_enabled/ });
    expectFinding(findings, { validator: 'terraform-provider-schema', file: TF, message: /unknown argument or block "sse_algoritm".*did you mean "sse_algorithm"/, location: /\.rule\.apply_server_side_encryption_by_default\.sse_algoritm/ });
    expectFinding(findings, { validator: 'terraform-provider-schema', file: TF, message: /missing required argument "sse_algorithm"/ });
    expectFinding(findings, { validator: 'terraform-provider-schema', file: TF, message: /missing required argument "bucket" for resource aws_s3_bucket_public_access_block/ });
  });
  it('reports unknown resource types and blocks written as arguments', async () => {
    let tree = edit(TF, 'resource "aws_s3_bucket" "artifacts"', 'resource "aws_s3_buckets" "artifacts"');
    tree = edit(TF, '  versioning_configuration {\n    status = "Enabled"\n  }', '  versioning_configuration = { status = "Enabled" }', tree);
    const findings = await checkTerraformSchema(tree);
    expectFinding(findings, { validator: 'terraform-provider-schema', file: TF, message: /unknown resource type "aws_s3_buckets".*did you mean "aws_s3_bucket"/ });
    expectFinding(findings, { validator: 'terraform-provider-schema', file: TF, message: /"versioning_configuration" is a block, not an argument/ });
  });
  it('reports unknown module inputs, nested object keys, and modules it cannot check', async () => {
    let tree = edit(TF, '  single_nat_gateway      = true', '  single_nat_gateways     = true');
    tree = edit(TF, '    vpc-cni                = { before_compute = true }', '    vpc-cni                = { before_compte = true }', tree);
    tree = edit(TF, '  version                = "~> 21.0"', '  version                = "~> 20.0"', withFile('infra/extra.tf', 'module "eks2" {\n  source = "terraform-aws-modules/eks/aws"\n  version = "~> 21.0"\n  cluster_name = "x"\n}\n', tree));
    const findings = await checkTerraformModules(tree);
    expectFinding(findings, { validator: 'terraform-module-inputs', file: TF, message: /unknown input "single_nat_gateways" for terraform-aws-modules\/vpc\/aws v6.*did you mean "single_nat_gateway"/ });
    expectFinding(findings, { validator: 'terraform-module-inputs', file: TF, message: /no input list for terraform-aws-modules\/eks\/aws major version 20/ });
    expectFinding(findings, { validator: 'terraform-module-inputs', file: 'infra/extra.tf', message: /unknown input "cluster_name" for terraform-aws-modules\/eks\/aws v21/ });
    const nested = await checkTerraformModules(edit(TF, '    vpc-cni                = { before_compute = true }', '    vpc-cni                = { before_compte = true }'));
    expectFinding(nested, { validator: 'terraform-module-inputs', file: TF, message: /unknown attribute "before_compte" in addons entries.*did you mean "before_compute"/ });
  });
  it('checks local modules against their variables', async () => {
    const tree = withFile('infra/modules/db/variables.tf', 'variable "name" {\n  type = string\n}\n', withFile('infra/db.tf', 'module "db" {\n  source = "./modules/db"\n  nmae   = "x"\n}\n'));
    const findings = await checkTerraformModules(tree);
    expectFinding(findings, { validator: 'terraform-module-inputs', file: 'infra/db.tf', message: /has no variable "nmae".*did you mean "name"/ });
    expectFinding(findings, { validator: 'terraform-module-inputs', file: 'infra/db.tf', message: /requires variable "name"/ });
  });
});

describe('Terraform on Google Cloud and Azure (provider schemas by type prefix)', () => {
  it('passes valid google and azurerm stacks: syntax, formatting, provider schema', async () => {
    for (const tree of [GCP, AZURE]) expectClean([...(await checkHclSyntax(tree)), ...(await checkHclFormat(tree)), ...(await checkTerraformSchema(tree)), ...(await checkTerraformModules(tree))]);
  });
  it('reports a misspelt nested google argument, a missing required one and an unknown type', async () => {
    let tree = edit(TF, '      container_port = 3000', '      containerport = 3000', GCP);
    tree = edit(TF, '  workload_identity_pool_id = "ci"\n', '', tree);
    tree = edit(TF, 'resource "google_artifact_registry_repository" "images"', 'resource "google_artifact_repository" "images"', tree);
    const findings = await checkTerraformSchema(tree);
    expectFinding(findings, { validator: 'terraform-provider-schema', file: TF, message: /unknown argument or block "containerport" for resource google_cloud_run_v2_service \(did you mean "container_port"\?\)/, location: /template\.containers\.ports\.containerport$/ });
    expectFinding(findings, { validator: 'terraform-provider-schema', file: TF, message: /missing required argument "workload_identity_pool_id" for resource google_iam_workload_identity_pool$/ });
    expectFinding(findings, { validator: 'terraform-provider-schema', file: TF, message: /unknown resource type "google_artifact_repository" in Google provider 8\.x \(6\.50\.0 \+ the 7\.0\.0 and 8\.0\.0 upgrade guides\)/ });
  });
  it('checks google arguments against the pinned 8.x: what the 7.0 and 8.0 upgrade guides removed or made required', async () => {
    const extra = [
      'resource "google_compute_subnetwork" "x" {',
      '  name             = "x"',
      '  network          = "n"',
      '  ip_cidr_range    = "10.0.0.0/24"',
      '  enable_flow_logs = true',
      '}',
      '',
      'resource "google_cloudfunctions2_function" "f" {',
      '  name     = "f"',
      '  location = "europe-west1"',
      '  event_trigger {',
      '    trigger_region = "europe-west1"',
      '  }',
      '}',
      '',
    ].join('\n');
    const findings = await checkTerraformSchema(withFile('infra/extra.tf', extra, GCP));
    expectFinding(findings, { validator: 'terraform-provider-schema', file: 'infra/extra.tf', message: /unknown argument or block "enable_flow_logs" for resource google_compute_subnetwork/ });
    expectFinding(findings, { validator: 'terraform-provider-schema', file: 'infra/extra.tf', message: /missing required argument "event_type"/ });
  });
  it('checks a GKE module call against its recorded inputs: unknown and missing required inputs', async () => {
    expectClean(await checkTerraformModules(GCP));
    const tree = edit('infra/gke.tf', '  subnetwork = "shop-api-europe-west1"\n', '  subnetwrk  = "shop-api-europe-west1"\n', GCP);
    const findings = await checkTerraformModules(tree);
    expectFinding(findings, { validator: 'terraform-module-inputs', file: 'infra/gke.tf', message: /unknown input "subnetwrk" for .*gke-autopilot-cluster v44 \(did you mean "subnetwork"\?\)/ });
    expectFinding(findings, { validator: 'terraform-module-inputs', file: 'infra/gke.tf', message: /gke-autopilot-cluster v44 requires input "subnetwork" \(it has no default\)/ });
  });
  it('reports azurerm problems: a block written as an argument, a type not extracted yet, no features {}', async () => {
    let tree = edit(TF, '    traffic_weight {\n      latest_revision = true\n      percentage      = 100\n    }', '    traffic_weight = { latest_revision = true, percentage = 100 }', AZURE);
    tree = edit(TF, '  features {}\n', '', tree);
    tree = withFile('infra/extra.tf', 'resource "azurerm_spring_cloud_service" "x" {\n}\n', tree);
    const findings = await checkTerraformSchema(tree);
    expectFinding(findings, { validator: 'terraform-provider-schema', file: TF, message: /"traffic_weight" is a block, not an argument/ });
    expectFinding(findings, { validator: 'terraform-provider-schema', file: TF, message: /provider "azurerm" without a features \{\} block/ });
    expectFinding(findings, { validator: 'terraform-provider-schema', file: 'infra/extra.tf', message: /exists in AzureRM provider 4\.55\.0 but is not in the extracted schema: add "azurerm_spring_cloud_service" to test\/validators\/data\/azurerm-types\.txt/ });
  });
});

describe('Terraform for Azure DevOps (the hand-written schema of the checks we generate)', () => {
  const CHECKS = 'infra/azure-devops/main.tf';
  const tree = (): Tree => {
    const file = checksFile(planFor({ ci: 'azure-devops', tier: 'T2' }), 'main');
    return new Map([[CHECKS, { path: CHECKS, content: file.content }]]);
  };
  it('passes the generated environment checks: syntax, formatting, provider schema', async () => {
    expectClean([...(await checkHclSyntax(tree())), ...(await checkHclFormat(tree())), ...(await checkTerraformSchema(tree()))]);
  });
  it('reports a misspelt check argument, a missing approvers list and a type it was not given', async () => {
    let broken = edit(CHECKS, '  allowed_branches     = "refs/heads/main"', '  allowed_branch       = "refs/heads/main"', tree());
    broken = edit(CHECKS, /\n  approvers\s+= \[data\.azuredevops_group\.approvers\.origin_id\]/, '', broken);
    broken = withFile('infra/azure-devops/extra.tf', 'resource "azuredevops_check_business_hours" "x" {\n}\n', broken);
    const findings = await checkTerraformSchema(broken);
    expectFinding(findings, { validator: 'terraform-provider-schema', file: CHECKS, message: /unknown argument or block "allowed_branch" for resource azuredevops_check_branch_control \(did you mean "allowed_branches"\?\)/ });
    expectFinding(findings, { validator: 'terraform-provider-schema', file: CHECKS, message: /missing required argument "approvers" for resource azuredevops_check_approval/ });
    expectFinding(findings, { validator: 'terraform-provider-schema', file: 'infra/azure-devops/extra.tf', message: /azuredevops_check_business_hours is not in the hand-written Azure DevOps schema/ });
  });
});

describe('Grafana dashboards', () => {
  it('passes the valid dashboard (types and PromQL)', async () => {
    expectClean([...(await checkGrafana(VALID)), ...(await checkPromql(VALID))]);
  });
  it('reports an unknown panel key', async () => {
    const findings = await checkGrafana(edit(DASHBOARD, '      "title": "Latency p99",', '      "title": "Latency p99",\n      "titel": "p99",'));
    expectFinding(findings, { validator: 'grafana-dashboard', file: DASHBOARD, message: /'"titel"' does not exist in type 'Panel/, location: /^line 29, col 7$/ });
  });
  it('reports a dashboard PromQL that does not parse', async () => {
    const findings = await checkPromql(edit(DASHBOARD, '[$__rate_interval])))"', '[$__rate_interval]))"'));
    expectFinding(findings, { validator: 'promql', file: DASHBOARD, message: /PromQL syntax error/, location: /panels\[1\]\.targets\[0\]\.expr \(panel "Latency p99"\)/ });
  });
  it('substitutes Grafana variables before parsing', () => {
    expect(substituteGrafana('rate(x{ns="$namespace"}[$__rate_interval]) / on() group_left ${scale}')).toBe('rate(x{ns="var_namespace"}[5m]) / on() group_left var_scale');
  });
  it('reports an AnalysisTemplate query that does not parse', async () => {
    const findings = await checkPromql(edit('deploy/base/analysistemplate.yaml', 'code!~"5.."}[5m]))', 'code!~"5.."}[5m])'));
    expectFinding(findings, { validator: 'promql', file: 'deploy/base/analysistemplate.yaml', message: /PromQL syntax error/, location: /AnalysisTemplate\/success-rate spec\.metrics\[0\]\.provider\.prometheus\.query \(line 16\)/ });
  });
});

describe('Dockerfile', () => {
  it('passes the valid Dockerfile', async () => {
    expectClean(await checkDockerfile(VALID));
  });
  it('reports an unknown instruction', async () => {
    expectFinding(await checkDockerfile(edit('Dockerfile', 'COPY . .', 'COPPY . .')), { validator: 'dockerfile-utils', file: 'Dockerfile', message: /Unknown instruction: COPPY/, location: /^line 6, col 1$/ });
  });
});

describe.skipIf(lacks('docker-compose'))('docker-compose', () => {
  it('passes the valid compose file', async () => {
    expectClean(await checkCompose(VALID));
  });
  it('reports a dependency on an undefined service', async () => {
    expectFinding(await checkCompose(edit('docker-compose.yml', '      db:\n        condition', '      database:\n        condition')), {
      validator: 'docker-compose',
      file: 'docker-compose.yml',
      message: /depends on service 'database' which is undefined/,
    });
  });
});

describe.skipIf(lacks('yamllint'))('yamllint', () => {
  it('passes every YAML file of the valid tree', async () => {
    expectClean(await checkYamllint(VALID));
  });
  it('reports a duplicate key', async () => {
    expectFinding(await checkYamllint(edit(DEPLOYMENT, '  replicas: 2\n', '  replicas: 2\n  replicas: 3\n')), { validator: 'yamllint', file: DEPLOYMENT, message: /duplication of key "replicas"/, location: /^line 10, col 3$/ });
  });
});

describe.skipIf(lacks('make'))('make -n', () => {
  it('passes the valid Makefile', async () => {
    expectClean(await checkMake(VALID));
  });
  it('reports a recipe indented with spaces', async () => {
    expectFinding(await checkMake(edit('Makefile', '\tdocker-compose down', '    docker-compose down')), { validator: 'make', file: 'Makefile', message: /missing separator/ });
  });
});

describe('our hardening rules', () => {
  it('pass the valid tree', async () => {
    expectClean([...(await checkActionsHardening(VALID)), ...(await checkSecrets(VALID)), ...(await checkPodSecurity(VALID))]);
  });
  it('report an unpinned action, a SHA not in the pins table and a missing tag comment', async () => {
    let tree = edit(WF, 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1', 'actions/checkout@v7');
    tree = edit(WF, 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0', 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020', tree);
    tree = withFile('.github/workflows/other.yml', 'name: other\non: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some/action@0123456789abcdef0123456789abcdef01234567\n', tree);
    const findings = await checkActionsHardening(tree);
    expectFinding(findings, { validator: 'actions-hardening', file: WF, message: /"actions\/checkout@v7" is pinned to "v7", not a full 40-hex commit SHA/, location: /jobs\.test\.steps\[0\] \(line 17\)/ });
    expectFinding(findings, { validator: 'actions-hardening', file: WF, message: /without its release tag: add `# v7\.0\.0`/ });
    expectFinding(findings, { validator: 'actions-hardening', file: '.github/workflows/other.yml', message: /"some\/action" is not in the pins table/ });
  });
  it('report a write permission at workflow level and a missing permissions block', async () => {
    const findings = await checkActionsHardening(
      withFile('.github/workflows/nop.yml', 'name: nop\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n', edit(WF, 'permissions:\n  contents: read\nconcurrency', 'permissions:\n  contents: write\nconcurrency')),
    );
    expectFinding(findings, { validator: 'actions-hardening', file: WF, message: /write scope "contents: write" at workflow level/, location: /permissions\.contents \(line 8\)/ });
    expectFinding(findings, { validator: 'actions-hardening', file: '.github/workflows/nop.yml', message: /no workflow-level `permissions:`/ });
  });
  it('report a checkout that keeps its credentials, and a PR head checkout in pull_request_target', async () => {
    const prt = 'name: prt\non: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n          ref: ${{ github.event.pull_request.head.sha }}\n';
    const findings = await checkActionsHardening(withFile('.github/workflows/prt.yml', prt, edit(WF, '        with:\n          persist-credentials: false\n', '')));
    expectFinding(findings, { validator: 'actions-hardening', file: WF, message: /persist-credentials: false/, location: /^jobs\.test\.steps\[0\]$/ });
    expectFinding(findings, { validator: 'actions-hardening', file: '.github/workflows/prt.yml', message: /pull request's head in a pull_request_target workflow/ });
  });
  it('report github.event expressions inlined in run:', async () => {
    const findings = await checkActionsHardening(edit(WF, '          npm test\n', '          echo "${{ github.event.pull_request.title }}"\n'));
    expectFinding(findings, { validator: 'actions-hardening', file: WF, message: /github\.event\.pull_request\.title.*script injection/, location: /run: line 26/ });
  });
  it('report secret literals, not references or .env.example placeholders', async () => {
    const tree = withFile(
      'deploy/base/secret.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2-prod\n',
      edit(TF, '  description             = "shop-api artifacts"', '  description             = "AKIAIOSFODNN7EXAMPLE"', edit('docker-compose.yml', 'POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}', 'POSTGRES_PASSWORD: s3cret-pw')),
    );
    const findings = await checkSecrets(tree);
    expectFinding(findings, { validator: 'secret-literals', file: 'deploy/base/secret.yaml', message: /"password" has a literal value/, location: /^line 6$/ });
    expectFinding(findings, { validator: 'secret-literals', file: TF, message: /AWS access key id literal/ });
    expectFinding(findings, { validator: 'secret-literals', file: 'docker-compose.yml', message: /"POSTGRES_PASSWORD" has a literal value/ });
    expect(findings.filter((f) => f.file === '.env.example' || f.file === WF)).toEqual([]);
  });
  it('report a container without runAsNonRoot, capabilities, resources and probes', async () => {
    let tree = edit(DEPLOYMENT, '        runAsNonRoot: true\n', '');
    tree = edit(DEPLOYMENT, /          readinessProbe:\n(.*\n){3}/, '', tree);
    tree = edit(DEPLOYMENT, '              drop: [ALL]', '              drop: [NET_RAW]', tree);
    const findings = await checkPodSecurity(tree);
    // line 23: the `- name: shop-api` item, one line up since runAsNonRoot was removed
    const loc = /Deployment\/shop-api spec\.template\.spec\.containers\[0\] \(line 23\)/;
    expectFinding(findings, { validator: 'pod-security', file: DEPLOYMENT, message: /container "shop-api" does not set runAsNonRoot: true/, location: loc });
    expectFinding(findings, { validator: 'pod-security', file: DEPLOYMENT, message: /does not drop ALL capabilities/, location: loc });
    expectFinding(findings, { validator: 'pod-security', file: DEPLOYMENT, message: /has no readinessProbe/, location: loc });
    const rw = await checkPodSecurity(edit(DEPLOYMENT, '            readOnlyRootFilesystem: true\n', ''));
    expectFinding(rw, { validator: 'pod-security', file: DEPLOYMENT, message: /readOnlyRootFilesystem: true/ });
    const job = withFile('deploy/base/job.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: x:1\n');
    const jobFindings = await checkPodSecurity(job);
    expectFinding(jobFindings, { validator: 'pod-security', file: 'deploy/base/job.yaml', message: /has no requests\.cpu \/ memory/ });
    expect(jobFindings.filter((f) => /Probe/.test(f.message))).toEqual([]);
  });
});

describe.skipIf(lacks('git'))('GitLab CI (gitlab-ci-local, schema, our rules)', () => {
  const DEPLOY = 'ci/deploy.yml';
  it('passes the valid pipeline and its local include, scripts included', async () => {
    expectClean([...(await checkGitlabCi(GITLAB)), ...(lacks('shellcheck') ? [] : await checkShellcheck(GITLAB))]);
  });
  it('reports an unknown key in an included file at the job that has it, and the deploy without resource_group', async () => {
    const findings = await checkGitlabCi(edit(DEPLOY, '  resource_group: staging\n', '  resourcegroup: staging\n', GITLAB));
    expectFinding(findings, { validator: 'gitlab-ci', file: DEPLOY, message: /GitLab CI schema: 'resourcegroup' property is not expected to be here/, location: /^job deploy-staging \(line 10\)/ });
    expectFinding(findings, { validator: 'gitlab-ci', file: DEPLOY, message: /deploys to environment "staging" without a resource_group/, location: /^job deploy-staging/ });
  });
  it("reports gitlab-ci-local's own finding: a needs that names no job", async () => {
    const findings = await checkGitlabCi(edit(DEPLOY, 'needs: [deploy-staging]', 'needs: [deploy-stage]', GITLAB));
    expectFinding(findings, { validator: 'gitlab-ci', file: '.gitlab-ci.yml', message: /gitlab-ci-local: needs: \[deploy-stage\] for deploy-production could not be found/ });
  });
  it('reports a cloud login without id_tokens, an unused token, and an unpinned component', async () => {
    let tree = edit(DEPLOY, /  id_tokens:\n    AWS_ID_TOKEN:\n      aud: https:\/\/gitlab.com\n/, '', GITLAB);
    tree = edit(DEPLOY, '  resource_group: production\n', '  resource_group: production\n  id_tokens:\n    GCP_TOKEN:\n      aud: https://gitlab.com\n', tree);
    tree = edit('.gitlab-ci.yml', '  - local: /ci/deploy.yml\n', '  - local: /ci/deploy.yml\n  - component: $CI_SERVER_FQDN/components/sast/sast@main\n', tree);
    const findings = await checkGitlabCi(tree);
    expectFinding(findings, { validator: 'gitlab-ci', file: DEPLOY, message: /logs in to aws with OIDC but declares no id_tokens it uses/, location: /^job deploy-staging/ });
    expectFinding(findings, { validator: 'gitlab-ci', file: DEPLOY, message: /id_tokens\.GCP_TOKEN is never used/, location: /^job deploy-production/ });
    expectFinding(findings, { validator: 'gitlab-ci', file: '.gitlab-ci.yml', message: /component ".*sast@main" is not pinned/ });
  });
  it.skipIf(lacks('shellcheck'))('sends script: lines to shellcheck, at their line in the file', async () => {
    const findings = await checkShellcheck(edit(DEPLOY, '--cluster shop-api-production --service', '--cluster $CLUSTER --service', GITLAB));
    expectFinding(findings, { validator: 'shellcheck', file: DEPLOY, message: /SC2086/, location: /^deploy-production\.script: line 35, col 34$/ });
  });
});

describe('CircleCI (schema from ../shared, our rules)', () => {
  const CFG = '.circleci/config.yml';
  it('passes the valid config, scripts included', async () => {
    expectClean([...(await checkCircleci(CIRCLE)), ...(lacks('shellcheck') ? [] : await checkShellcheck(CIRCLE))]);
  });
  it('reports an unknown key through the schema', async () => {
    const findings = await checkCircleci(edit(CFG, '    resource_class: medium', '    resource_clas: medium', CIRCLE));
    if (!existsSync(`${SHARED_SCHEMAS}circleci.schema.json`) && process.env.CI !== 'true') return;
    expectFinding(findings, { validator: 'circleci', file: CFG, message: /unknown key "resource_clas" \(CircleCI 2\.1 schema\)/, location: /^executors\.node\.resource_clas \(line 11\)$/ });
  });
  it('reports requires, approvals, contexts the docs do not name, serial-group and unpinned orbs', async () => {
    let tree = edit(CFG, 'requires: [hold-production]', 'requires: [hold-prod]', CIRCLE);
    tree = edit(CFG, 'aws-cli@5.1.2', 'aws-cli@5', tree);
    tree = edit(CFG, 'context: shop-api-production', 'context: shop-api-prod', tree);
    tree = edit(CFG, '          serial-group: << pipeline.project.slug >>/deploy-staging\n', '', tree);
    tree = edit(CFG, '      - hold-production:\n          type: approval\n', '      - hold-production:\n', tree);
    const findings = await checkCircleci(tree);
    expectFinding(findings, { validator: 'circleci', file: CFG, message: /requires "hold-prod", which is not a job of workflow "release"/ });
    expectFinding(findings, { validator: 'circleci', file: CFG, message: /orb "aws-cli: circleci\/aws-cli@5" is not pinned/ });
    expectFinding(findings, { validator: 'circleci', file: CFG, message: /context "shop-api-prod" is not named in any generated doc/ });
    expectFinding(findings, { validator: 'circleci', file: CFG, message: /deploy job "deploy-staging" has no serial-group/ });
    expectFinding(findings, { validator: 'circleci', file: CFG, message: /workflow job "hold-production" is not defined in jobs:; a manual gate must say type: approval/ });
  });
  it.skipIf(lacks('shellcheck'))('sends run: commands to shellcheck with << parameters >> replaced', async () => {
    const findings = await checkShellcheck(edit(CFG, '--services shop-api\n', '--services $SERVICE\n', CIRCLE));
    expectFinding(findings, { validator: 'shellcheck', file: CFG, message: /SC2086/, location: /^jobs\.deploy\.steps\[2\]\.run: line 43, col 76$/ });
  });
});

describe('Azure Pipelines (schema from ../shared, our rules)', () => {
  const CFG = 'azure-pipelines.yml';
  it('passes the valid pipeline, scripts included', async () => {
    expectClean([...(await checkAzurePipelines(AZDO)), ...(lacks('shellcheck') ? [] : await checkShellcheck(AZDO))]);
  });
  it('reports an unknown step key and a bad lockBehavior through the schema', async () => {
    const findings = await checkAzurePipelines(edit(CFG, 'lockBehavior: sequential', 'lockBehavior: sequentiall', edit(CFG, '            displayName: Test', '            displayNam: Test', AZDO)));
    if (!existsSync(`${SHARED_SCHEMAS}azure-pipelines.service-schema.json`) && process.env.CI !== 'true') return;
    expectFinding(findings, { validator: 'azure-pipelines', file: CFG, message: /unknown key "displayNam"/, location: /^stages\[0\]\.jobs\[0\]\.steps\[2\]\.displayNam \(line 42\)$/ });
    expectFinding(findings, { validator: 'azure-pipelines', file: CFG, message: /"sequentiall" is not allowed \(did you mean "sequential"\?\)/ });
  });
  it('reports dependsOn, deployment environments, unpinned tasks and template repositories', async () => {
    let tree = edit(CFG, 'dependsOn: deploy_staging', 'dependsOn: deploy_stage', AZDO);
    tree = edit(CFG, 'task: NodeTool@0', 'task: NodeTool', tree);
    tree = edit(CFG, 'ref: refs/tags/v1.4.0', 'ref: main', tree);
    tree = edit(CFG, '        environment: shop-api-production\n', '', tree);
    const findings = await checkAzurePipelines(tree);
    expectFinding(findings, { validator: 'azure-pipelines', file: CFG, message: /stage "deploy_production" depends on "deploy_stage"/, location: /^stages\[2\]\.dependsOn/ });
    expectFinding(findings, { validator: 'azure-pipelines', file: CFG, message: /task "NodeTool" is not pinned by major version/ });
    expectFinding(findings, { validator: 'azure-pipelines', file: CFG, message: /repository "templates" is not pinned to a tag/ });
    expectFinding(findings, { validator: 'azure-pipelines', file: CFG, message: /deployment job "deploy" names no environment/, location: /^stages\[2\]\.jobs\[0\]/ });
  });
  it.skipIf(lacks('shellcheck'))('sends script:/bash: steps to shellcheck with $(macros) replaced', async () => {
    const findings = await checkShellcheck(edit(CFG, 'echo "deployed $(Build.SourceVersion) to staging"', 'echo deployed $(Build.SourceVersion) to $STAGE', AZDO));
    expectFinding(findings, { validator: 'shellcheck', file: CFG, message: /SC2086/, location: /deploy\.steps\[1\]\.bash: line 62, col 31$/ });
  });
});

describe('Jenkinsfile (npm-groovy-lint, our declarative rules)', () => {
  const JF = 'Jenkinsfile';
  it.skipIf(lacks('java'))('passes the valid Jenkinsfile, sh steps included', async () => {
    expectClean([...(await checkJenkinsfile(JENKINS)), ...(lacks('shellcheck') ? [] : await checkShellcheck(JENKINS))]);
  });
  it.skipIf(lacks('java'))('reports a Groovy syntax error, linting many files in one run', async () => {
    const broken = edit(JF, "echo 'done'", "echo 'done", JENKINS);
    await primeValidators([JENKINS, broken]);
    expectFinding(await checkJenkinsfile(broken), { validator: 'jenkinsfile', file: JF, message: /npm-groovy-lint: NglParseError: Unexpected character/, location: /^line 59$/ });
  });
  it('reports unknown directives, an input without submitter and unlocked deploy stages', async () => {
    let tree = edit(JF, "        submitter 'release-managers'\n", '', JENKINS);
    tree = edit(JF, '    disableConcurrentBuilds()\n', '', tree);
    tree = edit(JF, '  post {', '  postt {', tree);
    const findings = (await checkJenkinsfile(tree)).filter((f) => !f.message.startsWith('npm-groovy-lint'));
    expectFinding(findings, { validator: 'jenkinsfile', file: JF, message: /unknown directive "postt" in pipeline \(did you mean "post"\?\)/, location: /^line 55$/ });
    expectFinding(findings, { validator: 'jenkinsfile', file: JF, message: /input of stage 'Deploy production' has no submitter/ });
    expectFinding(findings, { validator: 'jenkinsfile', file: JF, message: /stage 'Deploy staging' deploys without lock/, location: /^line 26$/ });
    expect(findings.filter((f) => /Deploy production' deploys/.test(f.message))).toEqual([]);
  });
  it('reads one-line blocks to their last statement, and the stages of a deploy group', async () => {
    const file = [
      'pipeline {',
      '  agent none',
      '  stages {',
      "    stage('Deploy') {",
      '      stages {',
      "        stage('apply') { steps { sh 'kubectl apply -k deploy/prod' } }",
      "        stage('approve') { input { message 'Go?'; submitter 'ops' }; steps { echo 'ok' } }",
      "        stage('rollout') { options { lock('prod'); timeoutt(5) }; steps { sh 'deploy/rollout.sh' } }",
      "        stage('gate') { input { submitter 'ops' }; steps { echo 'ok' } }",
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const findings = (await checkJenkinsfile(new Map([[JF, { path: JF, content: file }]]) as never)).filter((f) => !f.message.startsWith('npm-groovy-lint'));
    expectFinding(findings, { validator: 'jenkinsfile', file: JF, message: /stage 'apply' deploys without lock/ });
    expectFinding(findings, { validator: 'jenkinsfile', file: JF, message: /unknown option "timeoutt"/ });
    expectFinding(findings, { validator: 'jenkinsfile', file: JF, message: /input of stage 'gate' has no message/ });
    // A group stage runs nothing itself; an approval holds no lock; a one-line input's submitter is read.
    expect(findings.map((f) => f.message).filter((m) => /'Deploy' deploys|'approve'|'rollout'/.test(m))).toEqual([]);
    expect(findings).toHaveLength(3);
  });
  it('takes an sh step for a step, not a script path ending in .sh inside another one', async () => {
    const { shSteps } = await import('./validators/jenkins-structure.js');
    const steps = shSteps("steps {\n  sh '''\n    deploy/rollback.sh\n  '''\n  bash 'x'\n}\n");
    expect(steps.map((s) => s.script.trim())).toEqual(['deploy/rollback.sh']);
  });
  it.skipIf(lacks('shellcheck'))('sends sh bodies to shellcheck, Groovy interpolation replaced', async () => {
    const findings = await checkShellcheck(edit(JF, '          npm test\n', '          npm test $1\n', JENKINS));
    expectFinding(findings, { validator: 'shellcheck', file: JF, message: /SC2086/, location: /^sh \(line 21\): line 23, col 20$/ });
  });
});

describe('CloudFormation (aws-service-spec, cfn-guard)', () => {
  const SVC = 'infra/cloudformation/service.yaml';
  const PLATFORM = 'infra/cloudformation/platform.yaml';
  const PARAMS = 'infra/cloudformation/service.production.json';
  it('passes the valid stack set: templates with CloudFormation tags, exports/imports, parameter file', async () => {
    expectClean(await checkCloudFormation(CFN));
  });
  it('reports unknown types, properties, enum values, refs, attributes and imports', async () => {
    let tree = edit(SVC, 'ContainerPort: 3000', 'ContainerPort: 3000\n        Imagee: x', CFN);
    tree = edit(SVC, '!GetAtt Service.Endpoint', '!GetAtt Service.Url', tree);
    tree = edit(SVC, '-RegistryUri"}', '-Registry"}', tree);
    tree = edit(SVC, 'AWS::Logs::LogGroup', 'AWS::Logs::LogGrup', tree);
    tree = edit(SVC, '!GetAtt InfrastructureRole.Arn', '!Ref InfraRole', tree);
    tree = edit(PLATFORM, 'ImageTagMutability: IMMUTABLE', 'ImageTagMutability: IMMUTABL', tree);
    const findings = await checkCloudFormation(tree);
    expectFinding(findings, { validator: 'cloudformation', file: SVC, message: /ExpressGatewayContainer has no property "Imagee" \(did you mean "Image"\?\)/, location: /PrimaryContainer\.Imagee \(line 45\)/ });
    expectFinding(findings, { validator: 'cloudformation', file: SVC, message: /AWS::ECS::ExpressGatewayService has no attribute "Url"/ });
    expectFinding(findings, { validator: 'cloudformation', file: SVC, message: /ImportValue "\$\{PlatformStack\}-Registry" is not exported by any template/ });
    expectFinding(findings, { validator: 'cloudformation', file: SVC, message: /unknown resource type "AWS::Logs::LogGrup".*did you mean "AWS::Logs::LogGroup"/, location: /^Resources\.Logs\.Type \(line 32\)$/ });
    expectFinding(findings, { validator: 'cloudformation', file: SVC, message: /Ref "InfraRole" is not a parameter, resource or pseudo parameter/ });
    expectFinding(findings, { validator: 'cloudformation', file: PLATFORM, message: /"IMMUTABL" is not one of .*did you mean "IMMUTABLE"/, location: /\(line 47\)$/ });
  });
  it('reports a parameter file that names an unknown parameter and misses required ones', async () => {
    const findings = await checkCloudFormation(withFile(PARAMS, '[{"ParameterKey":"ImageTg","ParameterValue":"1"}]', CFN));
    expectFinding(findings, { validator: 'cloudformation', file: PARAMS, message: /"ImageTg" is not a parameter of infra\/cloudformation\/service\.yaml \(did you mean "ImageTag"\?\)/ });
    expectFinding(findings, { validator: 'cloudformation', file: PARAMS, message: /requires parameter "PlatformStack" \(no Default\)/ });
  });
  it.skipIf(lacks('cfn-guard'))('runs the generated guard rules: their tests, and against the generated templates', async () => {
    expectClean(await checkCfnGuard(CFN));
    const RULES = 'infra/cloudformation/policies/buckets.guard';
    const findings = await checkCfnGuard(edit(PLATFORM, 'SSEAlgorithm: aws:kms', 'SSEAlgorithm: AES256', edit('infra/cloudformation/policies/tests/buckets_tests.yaml', 'buckets_encrypted_with_kms: FAIL', 'buckets_encrypted_with_kms: PASS', CFN)));
    expectFinding(findings, { validator: 'cfn-guard', file: PLATFORM, message: /rule buckets_encrypted_with_kms: .*Value="AES256"\] not equal to value/ });
    expectFinding(findings, { validator: 'cfn-guard', file: RULES, message: /cfn-guard test with .*buckets_tests\.yaml: .*a bucket with S3-managed keys fails FAIL Rules: buckets_encrypted_with_kms: Expected = PASS, Evaluated = \[FAIL\]/ });
  });
});

describe('tool presence', () => {
  const missing = (): undefined => undefined;
  afterEach(() => vi.unstubAllEnvs());

  it('fails with the install command when CI=true', () => {
    vi.stubEnv('CI', 'true');
    const skipped: Skipped[] = [];
    expect(() => requireTools('promtool', ['promtool'], skipped, missing)).toThrow(MissingToolError);
    expect(() => requireTools('promtool', ['promtool'], skipped, missing)).toThrow(/apt-get download -qq prometheus/);
  });
  it('skips with a printed reason elsewhere', () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const skipped: Skipped[] = [];
    expect(requireTools('yamllint', ['yamllint'], skipped, missing)).toBeUndefined();
    expect(skipped).toEqual([{ validator: 'yamllint', reason: expect.stringMatching(/`yamllint` is not installed \(install: apt-get install .*yamllint\)/) }]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('skipping yamllint'));
    warn.mockRestore();
  });
});

describe('validateTree', () => {
  it('finds nothing in the valid tree, and reports which validators were skipped', async () => {
    const { findings, skipped } = await validateTree(VALID);
    expectClean(findings);
    // The validators of the other platforms have no input in this tree, so they skip nothing.
    const others = new Set(['gitlab-ci', 'jenkinsfile', 'cfn-guard']);
    const absent = VALIDATORS.filter((v) => 'tool' in v && !whichTool(v.tool as ToolName) && !others.has(v.name)).map((v) => v.name);
    expect(skipped.map((s) => s.validator).sort()).toEqual(absent.sort());
  });
  it('finds nothing in the tree of each other platform and cloud', async () => {
    for (const tree of [GITLAB, CIRCLE, AZDO, JENKINS, CFN, GCP, AZURE]) expectClean((await validateTree(tree)).findings);
  });
  it('collects the findings of every validator', async () => {
    let tree = edit(DEPLOYMENT, '  replicas: 2\n', '  replica: 2\n');
    tree = edit(TF, 'resource "aws_s3_bucket" "artifacts"', 'resource "aws_s3_bucket_typo" "artifacts"', tree);
    tree = edit('Dockerfile', 'COPY . .', 'COPPY . .', tree);
    const { findings } = await validateTree(only(['deploy', 'infra', 'Dockerfile'], tree));
    const validators = new Set(findings.map((f) => f.validator));
    expect([...validators].sort()).toEqual(expect.arrayContaining(['dockerfile-utils', 'kubernetes-schema', 'terraform-provider-schema']));
  });
});
