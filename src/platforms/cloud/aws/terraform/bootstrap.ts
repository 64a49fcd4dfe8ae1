/**
 * infra/bootstrap/main.tf: what must exist before CI can run Terraform, applied
 * once by a human with admin credentials and local state. A backend cannot create
 * its own bucket, and CI cannot create the role it assumes.
 */
import type { VirtualFile } from '../../../../core/files.js';
import { GENERATOR } from '../../../../plan/conventions.js';
import type { Plan } from '../../../../plan/types.js';
import { type HclObject, attr, block, call, comment, expr, hclString as hclStringOf } from '../../../../render/hcl.js';
import { ciOf } from '../../../registry.js';
import { boundaryName, deployRoleName, infrastructureRoleName } from './iam-names.js';
import { type PolicyDocument, accountTemplate, boundaryTemplate, deployTemplate as clusterDeployTemplate, domainTemplate, hasAccountPolicy, infrastructureTemplate, policyJson, targetTemplate as clusterTargetTemplate } from './iam-policies.js';
import { servesDomain } from './domain.js';
import { ecsDeployTemplate, ecsTargetTemplate } from './ecs/policies.js';
import { lbName } from '../../../target/containers/names.js';
import { OIDC_AUDIENCE, VERSIONS, hclFile, oidcProviderName, output } from './shared.js';

const HEADER = `Apply once, by hand, with admin credentials: a backend cannot create its own
bucket, and CI cannot create the roles it assumes. Each environment gets two, Terraform's
(infrastructure) and the deploy's, allowed only its resources: policies/*.json, per target.`;
// T1: CI only deploys; an administrator applies infra/terraform (Features.infrastructureInCi).
const HEADER_T1 = `Apply once, by hand, with admin credentials: a backend cannot create its own
bucket, and CI cannot create the role it assumes: the deploy role, allowed only its
environment's image repository and cluster (policies/deploy.json).`;

const bucket = 'aws_s3_bucket.state';
const onBucket = (type: string, body: Parameters<typeof block>[2]) =>
  block('resource', [type, 'state'], [attr('bucket', expr(`${bucket}.id`)), ...body]);
const policy = (statements: HclObject[]) => call('jsonencode', { Version: '2012-10-17', Statement: statements });

export function bootstrapMainTf(plan: Plan): VirtualFile {
  const infrastructure = plan.features.infrastructureInCi;
  const summary = infrastructure ? 'per environment an infrastructure role, a deploy role and a permissions boundary' : 'the deploy role';
  return hclFile(`${plan.paths.bootstrapDir}/main.tf`, `State bucket, CI OIDC provider, and ${summary}`, [
    block('terraform', [], [
      attr('required_version', VERSIONS.terraform),
      block('required_providers', [], [
        attr('aws', { source: 'hashicorp/aws', version: VERSIONS.awsProvider }),
      ]),
    ]),
    block('provider', ['aws'], [
      attr('region', plan.region),
      block('default_tags', [], [attr('tags', { project: plan.name, 'managed-by': GENERATOR })]),
    ]),
    block('data', ['aws_caller_identity', 'current'], []),
    ...stateBucket(plan),
    ...ciRoles(plan),
    ...signingKey(plan),
    output('state_bucket', `${bucket}.bucket`),
    output('deploy_role_arns', '{ for env, role in aws_iam_role.deploy : env => role.arn }'),
    infrastructure && output('infrastructure_role_arns', '{ for env, role in aws_iam_role.infrastructure : env => role.arn }'),
  ], infrastructure ? HEADER : HEADER_T1);
}

/** infra/bootstrap/policies/*.json: one template per identity, filled in per target (or environment) by main.tf. */
export function policyFiles(plan: Plan): VirtualFile[] {
  // Target containers: the ECS service's permissions instead of the cluster's.
  const ecs = plan.platforms.target === 'containers';
  const deployTemplate = (signing: boolean): PolicyDocument => (ecs ? ecsDeployTemplate(plan, signing) : clusterDeployTemplate(signing));
  const targetTemplate = (p: Plan): PolicyDocument => (ecs ? ecsTargetTemplate(p) : clusterTargetTemplate(p));
  const file = (name: string, summary: string, document: PolicyDocument): VirtualFile =>
    ({ path: `${plan.paths.bootstrapDir}/policies/${name}.json`, content: policyJson(document), producer: 'iac', summary });
  if (!plan.features.infrastructureInCi) return [file('deploy', "What the deploy may do, per target: push the image, find the cluster", deployTemplate(Boolean(signingAlias(plan))))];
  return [
    file('infrastructure', "What Terraform may do in an environment: its state, what it owns by tag, and every denial", infrastructureTemplate(plan)),
    file('infrastructure-target', "What Terraform may do to one target's resources, named after its cluster", targetTemplate(plan)),
    ...(servesDomain(plan) ? [file('domain', "What Terraform may do for a target's host: its certificate, the validation record, ExternalDNS's role", domainTemplate(plan))] : []),
    ...(hasAccountPolicy(plan) ? [file('account', 'What the primary production target owns account-wide: the audit trail, image replication', accountTemplate(plan))] : []),
    file('deploy', "What the deploy may do, per target: push the image, find the cluster", deployTemplate(Boolean(signingAlias(plan)))),
    file('boundary', 'The most any role Terraform creates may do, per environment', boundaryTemplate(plan)),
  ];
}

/** The signing key's alias and region, where the CI platform cannot sign keylessly (T3 supply chain); policies/deploy.json lets the deploy sign with it. */
function signingAlias(plan: Plan): { alias: string; region: string } | undefined {
  return plan.features.supplyChain && !ciOf(plan).capabilities.keylessSigning ? { alias: `alias/${plan.name}-cosign`, region: plan.region } : undefined;
}

/**
 * The key images are signed with where the CI platform cannot sign keylessly (T3 supply chain):
 * asymmetric, in the primary region, never leaving KMS; the deploy roles sign with it.
 */
function signingKey(plan: Plan) {
  const signing = signingAlias(plan);
  if (!signing) return [];
  return [
    block('resource', ['aws_kms_key', 'signing'], [
      attr('description', `${plan.name} image signing (cosign)`),
      attr('key_usage', 'SIGN_VERIFY'),
      attr('customer_master_key_spec', 'ECC_NIST_P256'),
      attr('deletion_window_in_days', 30),
    ]),
    block('resource', ['aws_kms_alias', 'signing'], [
      attr('name', signing.alias),
      attr('target_key_id', expr('aws_kms_key.signing.key_id')),
    ]),
  ];
}

function stateBucket(plan: Plan) {
  return [
    block('resource', ['aws_kms_key', 'state'], [
      attr('description', `${plan.name} Terraform state`),
      attr('enable_key_rotation', true),
    ]),
    block('resource', ['aws_s3_bucket', 'state'], [
      attr('bucket', plan.stateStore),
      block('lifecycle', [], [attr('prevent_destroy', true)]),
    ]),
    onBucket('aws_s3_bucket_versioning', [block('versioning_configuration', [], [attr('status', 'Enabled')])]),
    onBucket('aws_s3_bucket_server_side_encryption_configuration', [
      block('rule', [], [
        attr('bucket_key_enabled', true),
        block('apply_server_side_encryption_by_default', [], [
          attr('sse_algorithm', 'aws:kms'),
          attr('kms_master_key_id', expr('aws_kms_key.state.arn')),
        ]),
      ]),
    ]),
    onBucket('aws_s3_bucket_public_access_block', [
      attr('block_public_acls', true),
      attr('block_public_policy', true),
      attr('ignore_public_acls', true),
      attr('restrict_public_buckets', true),
    ]),
    onBucket('aws_s3_bucket_ownership_controls', [block('rule', [], [attr('object_ownership', 'BucketOwnerEnforced')])]),
    onBucket('aws_s3_bucket_policy', [
      attr('policy', policy([{
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [expr(`${bucket}.arn`), expr(`"\${${bucket}.arn}/*"`)],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }])),
    ]),
  ];
}

/** Two roles per environment trusting exactly its deploy jobs, one policy per target on each, and the boundary (T1: the deploy role only). */
function ciRoles(plan: Plan) {
  const infrastructure = plan.features.infrastructureInCi;
  const environments: HclObject = {};
  const targets: HclObject = {};
  // A CI platform whose subject cannot name the environment gives each its own audience (OidcIdentity.audience).
  const perAudience = plan.environments.some((e) => e.trust.audience);
  const audienceOf = (env: Plan['environments'][number]): string => env.trust.audience ?? OIDC_AUDIENCE;
  for (const env of plan.environments) {
    environments[env.name] = {
      subjects: env.trust.subjects,
      ...(perAudience ? { audience: audienceOf(env) } : {}),
      deploy: deployRoleName(plan.name, env.name),
      ...(infrastructure
        ? {
            infrastructure: infrastructureRoleName(plan.name, env.name),
            boundary: boundaryName(plan.name, env.name),
            // With a second region the environment has several state keys: its whole state directory.
            state: env.targets.length > 1 ? env.stateKey.slice(0, env.stateKey.lastIndexOf('/') + 1) : env.stateKey,
          }
        : {}),
    };
    for (const t of env.targets) targets[t.id] = { environment: env.name, cluster: t.clusterName, region: t.region, repository: t.registryRepository, ...(plan.platforms.target === 'containers' ? { lb: lbName(plan.name, env.name) } : {}) };
  }
  const issuer = plan.environments[0]!.trust.issuer;
  const audience = plan.environments[0]!.trust.audience ?? OIDC_AUDIENCE;
  const template = (file: string, values: string) => expr(`templatefile("\${path.module}/policies/${file}.json", merge(local.policy_values, ${values}))`);
  const perEnvironment = attr('for_each', expr('local.environments'));
  const perTarget = [attr('for_each', expr('local.targets')), attr('name', expr('each.key'))];
  return [
    block('resource', ['aws_iam_openid_connect_provider', oidcProviderName(plan)], [
      attr('url', `https://${issuer}`),
      attr('client_id_list', perAudience ? [...new Set(plan.environments.map(audienceOf))] : [OIDC_AUDIENCE]),
    ]),
    block('locals', [], [
      attr('environments', environments),
      comment("Each deploy target's values for policies/*.json."),
      attr('targets', targets),
      attr('policy_values', { account: expr('data.aws_caller_identity.current.account_id'), ...(infrastructure ? { state_key: expr('aws_kms_key.state.arn') } : {}), ...(signingAlias(plan) ? { signing_key: expr('aws_kms_key.signing.arn') } : {}) }),
    ]),
    block('resource', ['aws_iam_role', 'deploy'], [
      perEnvironment,
      attr('name', expr('each.value.deploy')),
      attr('assume_role_policy', policy([{
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: expr(`aws_iam_openid_connect_provider.${oidcProviderName(plan)}.arn`) },
        // StringLike: a subject may hold a `*` for an id the answers do not give (GitHub's immutable subjects).
        Condition: {
          StringEquals: { [`${issuer}:aud`]: perAudience ? expr('each.value.audience') : OIDC_AUDIENCE },
          StringLike: { [`${issuer}:sub`]: expr('each.value.subjects') },
        },
      }])),
    ]),
    ...(infrastructure ? infrastructureRoles(plan, template, perEnvironment) : []),
    block('resource', ['aws_iam_role_policy', 'deploy'], [
      ...perTarget,
      attr('role', expr('aws_iam_role.deploy[each.value.environment].id')),
      attr('policy', template('deploy', 'each.value')),
    ]),
  ];
}

/** Terraform's role per environment, its policies and the boundary of the roles it creates (T2+). */
function infrastructureRoles(plan: Plan, template: (file: string, values: string) => ReturnType<typeof expr>, perEnvironment: ReturnType<typeof attr>) {
  const production = plan.environments.find((e) => e.isProduction)!.targets[0]!.id;
  return [
    block('resource', ['aws_iam_role', 'infrastructure'], [
      comment("The same subjects: an environment's OIDC token does not say whether its job runs Terraform."),
      perEnvironment,
      attr('name', expr('each.value.infrastructure')),
      attr('assume_role_policy', expr('aws_iam_role.deploy[each.key].assume_role_policy')),
    ]),
    block('resource', ['aws_iam_policy', 'boundary'], [
      comment('Every role the infrastructure role creates must carry it.'),
      perEnvironment,
      attr('name', expr('each.value.boundary')),
      attr('policy', template('boundary', '{ environment = each.key }')),
    ]),
    // Managed policies: IAM allows 6,144 characters in each, 10,240 in all of a role's inline ones.
    block('resource', ['aws_iam_policy', 'infrastructure'], [
      perEnvironment,
      attr('name', expr('each.value.infrastructure')),
      attr('policy', template('infrastructure', '{ environment = each.key, state = each.value.state }')),
    ]),
    block('resource', ['aws_iam_role_policy_attachment', 'infrastructure'], [
      perEnvironment,
      attr('role', expr('aws_iam_role.infrastructure[each.key].name')),
      attr('policy_arn', expr('aws_iam_policy.infrastructure[each.key].arn')),
    ]),
    servesDomain(plan) &&
      block('resource', ['aws_iam_policy', 'domain'], [
        attr('for_each', expr('local.targets')),
        attr('name', expr('"${each.value.cluster}-domain"')),
        attr('policy', template('domain', 'each.value')),
      ]),
    servesDomain(plan) &&
      block('resource', ['aws_iam_role_policy_attachment', 'domain'], [
        attr('for_each', expr('local.targets')),
        attr('role', expr('aws_iam_role.infrastructure[each.value.environment].name')),
        attr('policy_arn', expr('aws_iam_policy.domain[each.key].arn')),
      ]),
    block('resource', ['aws_iam_policy', 'infrastructure_target'], [
      attr('for_each', expr('local.targets')),
      attr('name', expr('"${each.value.cluster}-terraform"')),
      attr('policy', template('infrastructure-target', 'each.value')),
    ]),
    block('resource', ['aws_iam_role_policy_attachment', 'infrastructure_target'], [
      attr('for_each', expr('local.targets')),
      attr('role', expr('aws_iam_role.infrastructure[each.value.environment].name')),
      attr('policy_arn', expr('aws_iam_policy.infrastructure_target[each.key].arn')),
    ]),
    hasAccountPolicy(plan) &&
      block('resource', ['aws_iam_role_policy', 'account'], [
        attr('name', 'account'),
        attr('role', expr(`aws_iam_role.infrastructure[local.targets[${hclStringOf(production)}].environment].id`)),
        attr('policy', expr(`templatefile("\${path.module}/policies/account.json", merge(local.policy_values, local.targets[${hclStringOf(production)}]))`)),
      ]),
  ];
}
