import { execFileSync } from 'node:child_process';
import { lacksTerraform } from '../helpers/tools.js';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { RULES } from '../../src/integration/rules/index.js';
import type { StackFacts } from '../../src/steps/facts.js';
import { BUDGETS } from '../../src/integration/budgets.js';
import { describe, expect, it } from 'vitest';
import { buildTree, type FileTree, type VirtualFile } from '../../src/core/files.js';
import type { Plan } from '../../src/plan/types.js';
import { iacStep } from '../../src/steps/iac/index.js';
import type { IacFacts } from '../../src/steps/facts.js';
import { planFor } from '../fixtures.js';
import { formatFindings, validateTree } from '../validators/index.js';

// The root stack, and the bootstrap with its IAM policy templates (about 2,000 of it).
const TOKEN_BUDGET = 5450;

const render = (plan: Plan): FileTree => buildTree(iacStep.render(plan));
const content = (tree: FileTree, path: string): string => {
  const file = tree.get(path);
  if (!file) throw new Error(`${path} was not rendered`);
  return file.content;
};


/** The text of `name = jsonencode({ ... })` up to its closing `})` at the same indent. */
function jsonencodeBody(text: string, name: string): string {
  const start = text.indexOf(`${name} = jsonencode({`);
  expect(start).toBeGreaterThanOrEqual(0);
  const indent = text.slice(text.lastIndexOf('\n', start) + 1, start);
  const end = text.indexOf(`\n${indent}})`, start);
  return text.slice(start, end);
}

/**
 * What terraform fmt guarantees and we can check without it: two-space indents,
 * no tabs or trailing spaces, one final newline, and `=` aligned across every run
 * of consecutive one-line attributes at one indent (a comment, blank line, block or
 * multi-line value ends a run).
 */
function formattingProblems(text: string): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\n') || text.endsWith('\n\n')) problems.push('must end with exactly one newline');
  let run: { indent: string; column: number; line: number }[] = [];
  const flush = (): void => {
    if (new Set(run.map((r) => r.column)).size > 1) problems.push(`unaligned "=" on lines ${run.map((r) => r.line).join(', ')}`);
    run = [];
  };
  text.split('\n').forEach((line, i) => {
    if (/\t| $/.test(line)) problems.push(`line ${i + 1}: tab or trailing space`);
    if (/^( *)/.exec(line)![1]!.length % 2 !== 0) problems.push(`line ${i + 1}: odd indent`);
    const attribute = /^( *)("[^"]*"|[\w-]+)( *)= (.*)$/.exec(line);
    if (!attribute || /[{[(]$/.test(attribute[4]!)) return flush();
    if (attribute[3]!.length === 0) problems.push(`line ${i + 1}: no space before "="`);
    if (run.length && run[0]!.indent !== attribute[1]) flush();
    run.push({ indent: attribute[1]!, column: line.indexOf(' = '), line: i + 1 });
  });
  flush();
  return problems;
}

const T1_OUTPUTS = ['cluster_name', 'cluster_endpoint', 'ecr_repository_url', 'vpc_id'];

function expectedFacts(plan: Plan, outputs = T1_OUTPUTS): IacFacts {
  const targets = plan.environments.flatMap((env) => env.targets.map((target) => ({ env, target })));
  return {
    cloud: { value: 'aws', file: 'infra/terraform/providers.tf' },
    environments: targets.map(({ env, target }) => ({
      environment: env.name,
      targetId: target.id,
      file: `infra/terraform/${target.varsPath}`,
      region: target.region,
      clusterName: target.clusterName,
      registryRepository: target.registryRepository,
      database: plan.features.database && target.primary,
    })),
    backendConfigs: targets.map(({ target }) => target.backendConfigPath).sort(),
    varFiles: targets.map(({ target }) => target.varsPath).sort(),
    iacDir: plan.paths.iacDir,
    outputs,
    oidcSubjects: plan.environments.flatMap((e) => e.trust.subjects.map((value) => ({ value, file: 'infra/bootstrap/main.tf' }))),
    // AWS trusts subjects, not claims.
    oidcClaims: [],
    // Checked on their own below (every target's names, none shared where the cloud forbids it).
    uniqueNames: expect.any(Array) as unknown as IacFacts['uniqueNames'],
    // Every target's public subnets (vpc.tf with the default vpc_cidr), where the ALB sends from.
    loadBalancerSources: targets.map(({ target }) => ({ targetId: target.id, file: 'infra/terraform/vpc.tf', cidrs: ['10.0.48.0/24', '10.0.49.0/24', '10.0.50.0/24'] })),
    // Checked in test/iam.test.ts.
    identities: plan.environments.flatMap((e) =>
      (plan.features.infrastructureInCi ? ['infrastructure', 'deploy', 'boundary'] : ['deploy']).map((purpose) => expect.objectContaining({ environment: e.name, purpose })),
    ) as unknown as IacFacts['identities'],
    environmentResources: plan.environments.map((e) => expect.objectContaining({ environment: e.name })) as unknown as IacFacts['environmentResources'],
    // Each environment's deploy role admits its own environment's subjects (rule trust-keeps-environments-apart, tested in test/rules.test.ts).
    environmentTrust: plan.environments.map((e) =>
      expect.objectContaining({ environment: e.name, file: 'infra/bootstrap/main.tf', admits: expect.arrayContaining([{ aud: 'sts.amazonaws.com', sub: e.trust.subjects[0] }]) }),
    ) as unknown as IacFacts['environmentTrust'],
  };
}

describe('iac step (T1: AWS, Terraform, EKS)', () => {
  const plan = planFor();
  const tree = render(plan);
  const twoEnvs = planFor({ environments: ['staging', 'prod'] });
  const twoEnvTree = render(twoEnvs);

  it('writes the root stack, one tfvars and backend file per environment, and the bootstrap stack', () => {
    expect([...twoEnvTree.keys()]).toEqual([
      'infra/bootstrap/main.tf',
      'infra/bootstrap/policies/deploy.json',
      'infra/terraform/addons.tf',
      'infra/terraform/ecr.tf',
      'infra/terraform/eks.tf',
      'infra/terraform/environments/prod.s3.tfbackend',
      'infra/terraform/environments/prod.tfvars',
      'infra/terraform/environments/staging.s3.tfbackend',
      'infra/terraform/environments/staging.tfvars',
      'infra/terraform/outputs.tf',
      'infra/terraform/providers.tf',
      'infra/terraform/variables.tf',
      'infra/terraform/versions.tf',
      'infra/terraform/vpc.tf',
    ]);
    for (const file of twoEnvTree.values()) {
      expect(file.producer).toBe('iac');
      // No "generated by" line (the lock records what we wrote), and no blank line left in its place.
      expect(file.content).not.toMatch(/^\s|Generated by/);
    }
  });

  it('renders byte-identical files for the same plan', () => {
    expect(iacStep.render(planFor())).toEqual(iacStep.render(plan));
  });

  it('lays out every file as terraform fmt does', () => {
    for (const file of twoEnvTree.values()) if (file.path.endsWith('.tf')) expect(formattingProblems(file.content), file.path).toEqual([]);
    expect(content(tree, 'infra/terraform/environments/prod.tfvars')).toContain(
      'cluster_name        = "shop-api-prod"\necr_repository_name = "shop-api-prod"\n',
    );
  });

  it('has a layout check that catches what terraform fmt would change', () => {
    expect(formattingProblems('a = 1\nbbb = 2\n')).toEqual(['unaligned "=" on lines 1, 2']);
    expect(formattingProblems('a   = 1\nbbb = 2\n\nc = {\n  x = 1\n}\n')).toEqual([]);
    expect(formattingProblems('a = 1 \n')).toEqual(['line 1: tab or trailing space']);
  });

  // terraform is not installed in CI: there the validation suite checks the same formatting with
  // hcl-tools (hclwrite, the formatter terraform fmt uses). This runs where a terraform binary exists.
  it.skipIf(lacksTerraform())('passes terraform fmt -check (where a terraform binary is installed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iac-fmt-'));
    try {
      for (const file of twoEnvTree.values()) {
        const path = join(dir, file.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.content);
        // fmt skips unknown extensions; a backend config is plain attributes, like a tfvars file.
        if (path.endsWith('.tfbackend')) copyFileSync(path, `${path}.tfvars`);
      }
      expect(() => execFileSync('terraform', ['fmt', '-check', '-diff', '-recursive', dir], { stdio: 'pipe' })).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the load balancer controller (every tier) and the EBS CSI driver (with Prometheus's volume, T2+) their Pod Identity roles", () => {
    const t1 = content(tree, 'infra/terraform/addons.tf');
    expect(t1).toContain('attach_aws_lb_controller_policy = true');
    expect(t1).toContain('service_account = "aws-load-balancer-controller"');
    expect(t1).not.toContain('ebs_csi');
    const t2 = render(planFor({ tier: 'T2' }));
    expect(content(t2, 'infra/terraform/addons.tf')).toContain('attach_aws_ebs_csi_policy = true');
    const eks = content(t2, 'infra/terraform/eks.tf');
    expect(eks).toContain('aws-ebs-csi-driver');
    expect(eks).toContain('role_arn        = module.ebs_csi_identity.iam_role_arn');
    expect(eks).toContain('defaultStorageClass');
  });

  it('configures the S3 backend per environment with native locking, not DynamoDB', () => {
    for (const env of twoEnvs.environments) {
      const backend = content(twoEnvTree, `infra/terraform/${env.backendConfigPath}`);
      expect(backend).toContain(`bucket       = "${twoEnvs.stateStore}"`);
      expect(backend).toContain(`key          = "${env.stateKey}"`);
      expect(backend).toMatch(/^encrypt += true$/m);
      expect(backend).toMatch(/^use_lockfile = true$/m);
    }
    for (const file of twoEnvTree.values()) expect(file.content).not.toMatch(/dynamodb/i);
    expect(content(tree, 'infra/terraform/versions.tf')).toContain('  backend "s3" {}\n');
  });

  it('T1: creates the deploy role only, with the deploy policy; an administrator applies the root stack (no role, boundary or local for CI\'s Terraform)', () => {
    const main = content(tree, 'infra/bootstrap/main.tf');
    expect(main).toContain('resource "aws_iam_role" "deploy"');
    expect(main).not.toMatch(/infrastructure|boundary|state_key/);
    const root = [...tree.values()].filter((f) => f.path.startsWith('infra/terraform/')).map((f) => f.content).join('\n');
    expect(root).not.toMatch(/local\.(infrastructure_role|permissions_boundary)/);
    expect(content(tree, 'infra/terraform/eks.tf')).toContain('kms_key_administrators = var.cluster_admin_arns');
  });

  it('lets both roles of each environment be assumed only with the audience and the subjects of its environment, old and immutable forms (T2)', () => {
    const twoEnvs = planFor({ tier: 'T2', environments: ['staging', 'prod'] });
    const twoEnvTree = render(twoEnvs);
    const main = content(twoEnvTree, 'infra/bootstrap/main.tf');
    for (const env of twoEnvs.environments) {
      const subjects = `["repo:${twoEnvs.repository}:environment:${env.name}", "repo:acme@*/shop-api@*:environment:${env.name}"]`;
      expect(main).toContain(
        `    ${env.name} = {\n      subjects       = ${subjects}\n      deploy         = "${env.deployIdentity}"\n      infrastructure = "shop-api-infra-${env.name}"\n`,
      );
    }
    expect(main).toContain('  assume_role_policy = aws_iam_role.deploy[each.key].assume_role_policy\n');
    const trust = jsonencodeBody(main, 'assume_role_policy');
    expect(trust).toContain('Action = "sts:AssumeRoleWithWebIdentity"');
    expect(trust).toContain('Federated = aws_iam_openid_connect_provider.github.arn');
    expect(trust.match(/^\s*(\w+) = \{$/gm)?.map((l) => l.trim())).toEqual(['Principal = {', 'Condition = {', 'StringEquals = {', 'StringLike = {']);
    expect(trust.match(/^.*token\.actions\.githubusercontent\.com:.*$/gm)?.map((l) => l.trim())).toEqual([
      '"token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"',
      '"token.actions.githubusercontent.com:sub" = each.value.subjects',
    ]);
    expect(main).toContain('url            = "https://token.actions.githubusercontent.com"');
    expect(main).toContain('value = { for env, role in aws_iam_role.deploy : env => role.arn }');
    expect(main).toContain('value = { for env, role in aws_iam_role.infrastructure : env => role.arn }');
  });

  it('trusts exactly the immutable subject of the repository when the answers give its ids', () => {
    const plan = planFor({ repositoryIds: { owner: 1234, repository: 98765 } });
    const main = content(render(plan), 'infra/bootstrap/main.tf');
    expect(main).toMatch(/subjects += \["repo:acme\/shop-api:environment:prod", "repo:acme@1234\/shop-api@98765:environment:prod"\]/);
    expect(main).not.toContain('@*');
  });

  it('hardens the state bucket', () => {
    const main = content(tree, 'infra/bootstrap/main.tf');
    for (const flag of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
      expect(main).toMatch(new RegExp(`^  ${flag} += true$`, 'm'));
    }
    expect(main).toContain('object_ownership = "BucketOwnerEnforced"');
    expect(main).toContain('status = "Enabled"');
    expect(main).toContain('sse_algorithm     = "aws:kms"');
    expect(main).toContain('enable_key_rotation = true');
    expect(main).toContain('"aws:SecureTransport" = "false"');
  });

  it('creates an immutable ECR repository scanned on push', () => {
    const ecr = content(tree, 'infra/terraform/ecr.tf');
    expect(ecr).toContain('image_tag_mutability = "IMMUTABLE"');
    expect(ecr).toContain('  image_scanning_configuration {\n    scan_on_push = true\n  }');
    expect(ecr).toContain('encryption_type = "KMS"');
  });

  it('uses the input names of the EKS module v21', () => {
    const eks = content(tree, 'infra/terraform/eks.tf');
    for (const input of ['name', 'kubernetes_version', 'endpoint_public_access', 'enabled_log_types', 'encryption_config', 'addons']) {
      expect(eks).toMatch(new RegExp(`^  ${input} +=`, 'm'));
    }
    expect(eks).not.toMatch(/^ {2}cluster_/m);
    expect(eks).toContain('    vpc-cni = {\n      before_compute = true\n    }');
    expect(eks).toContain('    eks-pod-identity-agent = {\n      before_compute = true\n    }');
    expect(eks).toMatch(/ami_type += "AL2023_x86_64_STANDARD"/);
  });

  it('reads back facts equal to the plan', () => {
    expect(iacStep.extract(tree, plan)).toEqual(expectedFacts(plan));
    expect(iacStep.extract(twoEnvTree, twoEnvs)).toEqual(expectedFacts(twoEnvs));
  });

  it('reads a hand-edited tfvars file as it is on disk', () => {
    const path = 'infra/terraform/environments/prod.tfvars';
    const edited: VirtualFile = {
      ...tree.get(path)!,
      content: content(tree, path).replace(/^cluster_name .*$/m, 'cluster_name = "hand-edited" # renamed'),
    };
    const facts = iacStep.extract(buildTree([...[...tree.values()].filter((f) => f.path !== path), edited]), plan);
    expect(facts.environments).toEqual([{ ...expectedFacts(plan).environments[0]!, clusterName: 'hand-edited' }]);
  });

  it('reports what is missing instead of failing', () => {
    const facts = iacStep.extract(new Map(), plan);
    expect(facts).toEqual({
      cloud: { value: '', file: 'infra/terraform/providers.tf' },
      environments: [],
      backendConfigs: [],
      varFiles: [],
      iacDir: 'infra/terraform',
      outputs: [],
      oidcSubjects: [],
      oidcClaims: [],
      uniqueNames: [],
      loadBalancerSources: [],
      identities: [],
      environmentResources: [],
      environmentTrust: [],
    });
  });

  it(`stays within ${TOKEN_BUDGET} tokens for the default plan`, () => {
    const tokens = [...tree.values()].reduce((sum, file) => sum + countTokens(file.content), 0);
    expect(tokens).toBeLessThanOrEqual(TOKEN_BUDGET);
  });
});

describe('iac step (T2/T3: per-target stacks, hardening, database, security monitoring)', () => {
  const t2 = planFor({ tier: 'T2' });
  const t2Tree = render(t2);
  const t3 = planFor({ tier: 'T3' });
  const t3Tree = render(t3);
  const t3db = planFor({ tier: 'T3', backingServices: ['postgres'] });
  const t3dbTree = render(t3db);
  const tf = (tree: FileTree, file: string): string => content(tree, `infra/terraform/${file}`);
  const targets = (plan: Plan) => plan.environments.flatMap((env) => env.targets.map((target) => ({ env, target })));

  it('writes one tfvars and one backend config per deploy target, each with its own state key', () => {
    expect(t3.regions).toEqual(['us-east-1', 'us-west-2']);
    expect(targets(t3).map(({ target }) => target.id)).toEqual(['dev', 'staging', 'prod', 'prod-us-west-2']);
    const keys = new Set<string>();
    for (const { env, target } of targets(t3)) {
      const vars = tf(t3Tree, target.varsPath);
      expect(vars).toMatch(new RegExp(`^region              = "${target.region}"\nenvironment         = "${env.name}"\n`, 'm'));
      const backend = tf(t3Tree, target.backendConfigPath);
      expect(backend).toContain(`key          = "${target.stateKey}"`);
      expect(backend).toContain(`region       = "${t3.region}"`);
      keys.add(target.stateKey);
    }
    expect(keys.size).toBe(4);
    expect(tf(t3Tree, 'environments/prod-us-west-2.s3.tfbackend')).toContain('key          = "shop-api/prod/us-west-2/terraform.tfstate"');
    for (const file of [...t2Tree.values(), ...t3dbTree.values()]) expect(formattingProblems(file.content), file.path).toEqual([]);
  });

  it('lets the production infrastructure role write the state of both production regions', () => {
    const main = content(t3Tree, 'infra/bootstrap/main.tf');
    expect(main).toContain('      state          = "shop-api/prod/"\n');
    expect(main).toContain('      state          = "shop-api/staging/terraform.tfstate"\n');
    expect(main).toContain('    prod-us-west-2 = {\n      environment = "prod"\n      cluster     = "shop-api-prod-usw2"\n      region      = "us-west-2"\n      repository  = "shop-api-prod"\n    }');
  });

  it('puts one NAT gateway per AZ in production only, from a variable set per environment', () => {
    const vpc = tf(t2Tree, 'vpc.tf');
    expect(vpc).toMatch(/^  single_nat_gateway += var\.single_nat_gateway$/m);
    expect(vpc).toMatch(/^  one_nat_gateway_per_az += !var\.single_nat_gateway$/m);
    for (const { env, target } of targets(t3)) {
      expect(tf(t3Tree, target.varsPath)).toContain(`single_nat_gateway = ${!env.isProduction}\n`);
    }
    expect(tf(t3Tree, 'environments/prod-us-west-2.tfvars')).toContain('single_nat_gateway = false\n');
  });

  it('restricts the public API endpoint per environment at T2 and turns it off at T3', () => {
    const t1Eks = content(render(planFor()), 'infra/terraform/eks.tf');
    expect(t1Eks).toContain('  endpoint_public_access       = true\n');
    expect(t1Eks).not.toContain('endpoint_private_access');

    const t2Eks = tf(t2Tree, 'eks.tf');
    expect(t2Eks).toContain('  endpoint_private_access      = true\n  endpoint_public_access       = true\n  endpoint_public_access_cidrs = var.endpoint_public_access_cidrs\n');
    // No default: every environment's tfvars decides.
    expect(tf(t2Tree, 'variables.tf')).toMatch(/variable "endpoint_public_access_cidrs" \{\n  description = [^\n]+\n  type        = list\(string\)\n  validation/);
    for (const env of t2.environments) expect(tf(t2Tree, env.varsPath)).toContain('endpoint_public_access_cidrs = [');

    const t3Eks = tf(t3Tree, 'eks.tf');
    expect(t3Eks).toContain('  endpoint_private_access = true\n  endpoint_public_access  = false\n');
    expect(t3Eks).not.toContain('endpoint_public_access_cidrs');
    expect(tf(t3Tree, 'variables.tf')).not.toContain('endpoint_public_access_cidrs');
    for (const { target } of targets(t3)) expect(target.runner.kind).toBe('self-hosted');
  });

  it('binds an app role to the app ServiceAccount with Pod Identity, and turns on flow logs and log retention', () => {
    const identity = tf(t2Tree, 'app-identity.tf');
    expect(identity).toContain('Service = "pods.eks.amazonaws.com"');
    expect(identity).toContain(`  namespace       = "${t2.namespace}"\n  service_account = "${t2.name}"\n`);
    expect(identity).not.toContain('aws_iam_role_policy');
    const vpc = tf(t2Tree, 'vpc.tf');
    expect(vpc).toMatch(/^  enable_flow_log += true$/m);
    expect(vpc).toMatch(/^  flow_log_cloudwatch_log_group_retention_in_days += var\.log_retention_days$/m);
    expect(tf(t2Tree, 'eks.tf')).toMatch(/^  cloudwatch_log_group_retention_in_days = var\.log_retention_days$/m);
    expect(tf(t2Tree, 'environments/prod.tfvars')).toContain('log_retention_days = 365\n');
    expect(tf(t2Tree, 'environments/dev.tfvars')).toContain('log_retention_days = 30\n');
  });

  it('hardens the RDS database and lets the app read only its managed secret', () => {
    const db = tf(t3dbTree, 'database.tf');
    for (const flag of [
      'storage_encrypted               = true',
      'kms_key_id                      = aws_kms_key.db.arn',
      'backup_retention_period         = 14',
      'deletion_protection             = true',
      'copy_tags_to_snapshot           = true',
      'skip_final_snapshot             = false',
      'performance_insights_enabled    = true',
      'manage_master_user_password = true',
      'multi_az               = var.db_multi_az',
      'referenced_security_group_id = module.eks.node_security_group_id',
    ]) expect(db).toContain(flag);
    expect(db).toMatch(/from_port += 5432\n  to_port += 5432/);
    expect(db).not.toMatch(/^\s*(master_)?password\s*=/m);
    expect(tf(t3dbTree, 'environments/prod.tfvars')).toMatch(/^db_multi_az += true$/m);
    expect(tf(t3dbTree, 'environments/staging.tfvars')).toMatch(/^db_multi_az += false$/m);
    // The second region keeps replicated backups instead of a database of its own.
    expect(tf(t3dbTree, 'environments/prod-us-west-2.tfvars')).toContain('db_backup_source_region   = "us-east-1"\ndb_backup_source_instance = "shop-api-prod"');
    // The primary database, not one named after the second region's cluster.
    expect(db).toContain(':db:${var.db_backup_source_instance}"');
    expect(db).toContain('master_user_secret_kms_key_id = aws_kms_key.db.arn');
    expect(db).toContain('count                  = 1 - local.create_database');
    const identity = tf(t3dbTree, 'app-identity.tf');
    expect(identity).toContain('Action   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]');
    expect(identity).toContain('Resource = aws_db_instance.app[0].master_user_secret[0].secret_arn');
    // The secret is under the environment's own key: reading it takes that key too.
    expect(identity).toMatch(/Action += "kms:Decrypt"\n\s+Resource = aws_kms_key\.db\.arn/);
    const single = render(planFor({ tier: 'T3', secondaryRegion: 'none', backingServices: ['postgres'] }));
    expect(content(single, 'infra/terraform/database.tf')).not.toMatch(/^\s*count\s*=/m);
    expect(iacStep.extract(t3dbTree, t3db).outputs).toEqual(expect.arrayContaining(['db_endpoint', 'db_secret_arn', 'db_name']));
  });

  it("gives the second region's cluster its own name, so no IAM, KMS or ECR name is created twice in its scope", () => {
    const facts = iacStep.extract(t3Tree, t3);
    const second = t3.environments.at(-1)!.targets[1]!;
    expect(second.clusterName).toBe('shop-api-prod-usw2');
    const names = facts.uniqueNames.filter((n) => n.targetId === second.id).map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['shop-api-prod-usw2-cluster', 'shop-api-prod-usw2-node', 'shop-api-prod-usw2-app', 'shop-api-prod']));
    const keys = facts.uniqueNames.map((n) => `${n.scope}|${n.scope === 'region' ? n.region : ''}|${n.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(RULES.find((r) => r.id === 'names-unique')!.check({ plan: t3, facts: { iac: facts } as StackFacts, tree: t3Tree })).toEqual([]);
  });

  it('replicates ECR only from the primary production stack', () => {
    expect(tf(t3Tree, 'ecr.tf')).toContain('count = length(var.ecr_replication_regions) > 0 ? 1 : 0');
    for (const { target } of targets(t3)) {
      const expected = target.id === 'prod' ? 'ecr_replication_regions = ["us-west-2"]' : undefined;
      const line = /^ecr_replication_regions.*$/m.exec(tf(t3Tree, target.varsPath))?.[0];
      expect(line?.replace(/ +=/, ' ='), target.id).toBe(expected);
    }
    expect(tf(t2Tree, 'ecr.tf')).not.toContain('replication');
  });

  it('alarms on Kubernetes audit events everywhere and on CloudTrail events from one stack', () => {
    const monitoring = tf(t3Tree, 'security-monitoring.tf');
    for (const alarm of ['pod-exec', 'secret-read-by-user', 'rbac-change', 'root-account-use', 'iam-policy-change', 'console-login-without-mfa']) {
      expect(monitoring).toMatch(new RegExp(`^    ${alarm} += "\\{ `, 'm'));
    }
    expect(monitoring).toContain('log_group = module.eks.cloudwatch_log_group_name');
    expect(monitoring).toContain('alarm_actions       = [aws_sns_topic.security_alerts.arn]');
    expect(monitoring).toContain('count  = var.enable_account_audit ? 1 : 0');
    for (const { target } of targets(t3)) {
      expect(tf(t3Tree, target.varsPath).includes('enable_account_audit    = true'), target.id).toBe(target.id === 'prod');
    }
    const trail = tf(t3Tree, 'modules/account-audit/main.tf');
    for (const flag of ['is_multi_region_trail         = true', 'enable_log_file_validation    = true', 'sse_algorithm = "AES256"', '"aws:SecureTransport" = "false"']) {
      expect(trail).toContain(flag);
    }
    expect(t2Tree.has('infra/terraform/security-monitoring.tf')).toBe(false);
  });

  it('reads back facts for every target of a T2 and a T3 tree', () => {
    const t2Outputs = [...T1_OUTPUTS, 'app_role_arn'];
    expect(iacStep.extract(t2Tree, t2)).toEqual(expectedFacts(t2, t2Outputs));
    expect(iacStep.extract(t3Tree, t3)).toEqual(expectedFacts(t3, [...t2Outputs, 'security_alerts_topic_arn']));
    expect(iacStep.extract(t3Tree, t3).environments.at(-1)).toMatchObject({ environment: 'prod', targetId: 'prod-us-west-2', region: 'us-west-2' });
  });

  it.each([
    ['T2', t2Tree, BUDGETS.T2.iac],
    ['T3', t3Tree, BUDGETS.T3.iac],
  ] as const)('stays within the %s IaC token budget for the default answers', (_tier, tree, budget) => {
    const tokens = [...tree.values()].reduce((sum, file) => sum + countTokens(file.content), 0);
    expect(tokens).toBeLessThanOrEqual(budget);
  });

  it('passes the validators with a database and a second region', async () => {
    const { findings } = await validateTree(t3dbTree);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});

describe('cluster access', () => {
  const render = (clusterAdmins: string[]): FileTree => buildTree(iacStep.render(planFor({ clusterAdmins })));

  it("grants cluster admin by explicit access entries, never by the module's creator entry", () => {
    const eks = render([]).get('infra/terraform/eks.tf')!.content;
    expect(eks).toContain('enable_cluster_creator_admin_permissions = false');
    expect(eks).toMatch(/for arn in concat\(\[".*:role\/\$\{var\.deploy_role_name\}"\], var\.cluster_admin_arns\) : arn =>/);
    expect(eks).toContain('AmazonEKSClusterAdminPolicy');
  });

  it("names each environment's deploy role, and the listed admins only when there are some", () => {
    const admin = 'arn:aws:iam::123456789012:role/platform-admins';
    expect(render([]).get('infra/terraform/environments/prod.tfvars')!.content).not.toContain('cluster_admin_arns');
    const tfvars = render([admin]).get('infra/terraform/environments/prod.tfvars')!.content;
    expect(tfvars).toMatch(/deploy_role_name\s+= "shop-api-deploy-prod"/);
    expect(tfvars).toContain(`cluster_admin_arns  = ["${admin}"]`);
  });
});
