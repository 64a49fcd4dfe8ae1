import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { buildTree, type FileTree, type VirtualFile } from '../../src/core/files.js';
import type { Plan } from '../../src/plan/types.js';
import { iacStep } from '../../src/steps/iac/index.js';
import type { IacFacts } from '../../src/steps/facts.js';
import { planFor } from '../fixtures.js';

const TOKEN_BUDGET = 3200;

const render = (plan: Plan): FileTree => buildTree(iacStep.render(plan));
const content = (tree: FileTree, path: string): string => {
  const file = tree.get(path);
  if (!file) throw new Error(`${path} was not rendered`);
  return file.content;
};

function terraformAvailable(): boolean {
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

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

function expectedFacts(plan: Plan): IacFacts {
  return {
    cloud: { value: 'aws', file: 'infra/terraform/providers.tf' },
    environments: plan.environments.map((env) => ({
      environment: env.name,
      file: `infra/terraform/${env.tfvarsPath}`,
      region: env.region,
      clusterName: env.clusterName,
      registryRepository: plan.image.repository,
    })),
    backendConfigs: plan.environments.map((e) => e.backendConfigPath).sort(),
    varFiles: plan.environments.map((e) => e.tfvarsPath).sort(),
    terraformDir: plan.paths.terraformDir,
    outputs: ['cluster_name', 'cluster_endpoint', 'ecr_repository_url', 'region', 'vpc_id'],
    oidcSubjects: plan.environments.map((e) => ({ value: e.oidcSubject, file: 'infra/bootstrap/main.tf' })),
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
      expect(file.content.startsWith('# Managed by create-devops-stack')).toBe(true);
    }
  });

  it('renders byte-identical files for the same plan', () => {
    expect(iacStep.render(planFor())).toEqual(iacStep.render(plan));
  });

  it('lays out every file as terraform fmt does', () => {
    for (const file of twoEnvTree.values()) expect(formattingProblems(file.content), file.path).toEqual([]);
    expect(content(tree, 'infra/terraform/environments/prod.tfvars')).toContain(
      'cluster_name        = "shop-api-prod"\necr_repository_name = "shop-api"\n',
    );
  });

  it('has a layout check that catches what terraform fmt would change', () => {
    expect(formattingProblems('a = 1\nbbb = 2\n')).toEqual(['unaligned "=" on lines 1, 2']);
    expect(formattingProblems('a   = 1\nbbb = 2\n\nc = {\n  x = 1\n}\n')).toEqual([]);
    expect(formattingProblems('a = 1 \n')).toEqual(['line 1: tab or trailing space']);
  });

  it.skipIf(!terraformAvailable())('passes terraform fmt -check', () => {
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

  it('configures the S3 backend per environment with native locking, not DynamoDB', () => {
    for (const env of twoEnvs.environments) {
      const backend = content(twoEnvTree, `infra/terraform/${env.backendConfigPath}`);
      expect(backend).toContain(`bucket       = "${twoEnvs.terraform.stateBucket}"`);
      expect(backend).toContain(`key          = "${env.stateKey}"`);
      expect(backend).toMatch(/^encrypt += true$/m);
      expect(backend).toMatch(/^use_lockfile = true$/m);
    }
    for (const file of twoEnvTree.values()) expect(file.content).not.toMatch(/dynamodb/i);
    expect(content(tree, 'infra/terraform/versions.tf')).toContain('  backend "s3" {}\n');
  });

  it('lets each deploy role be assumed only with the audience and the subject of its environment', () => {
    const main = content(twoEnvTree, 'infra/bootstrap/main.tf');
    for (const env of twoEnvs.environments) {
      expect(main).toContain(
        `    ${env.name} = {\n      name    = "${env.deployRoleName}"\n      subject = "${env.oidcSubject}"\n`,
      );
    }
    const trust = jsonencodeBody(main, 'assume_role_policy');
    expect(trust).toContain('Action = "sts:AssumeRoleWithWebIdentity"');
    expect(trust).toContain('Federated = aws_iam_openid_connect_provider.github.arn');
    expect(trust.match(/^\s*(\w+) = \{$/gm)?.map((l) => l.trim())).toEqual(['Principal = {', 'Condition = {', 'StringEquals = {']);
    expect(trust.match(/^.*token\.actions\.githubusercontent\.com:.*$/gm)?.map((l) => l.trim())).toEqual([
      '"token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"',
      '"token.actions.githubusercontent.com:sub" = each.value.subject',
    ]);
    expect(main).toContain('url            = "https://token.actions.githubusercontent.com"');
    expect(main).toContain('value = { for env, role in aws_iam_role.deploy : env => role.arn }');
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
    expect(eks).toContain('ami_type                 = "AL2023_x86_64_STANDARD"');
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
      terraformDir: 'infra/terraform',
      outputs: [],
      oidcSubjects: [],
    });
  });

  it(`stays within ${TOKEN_BUDGET} tokens for the default plan`, () => {
    const tokens = [...tree.values()].reduce((sum, file) => sum + countTokens(file.content), 0);
    expect(tokens).toBeLessThanOrEqual(TOKEN_BUDGET);
  });
});
