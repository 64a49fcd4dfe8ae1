/**
 * infra/cloudformation/bootstrap.yaml: what an administrator deploys once per environment before
 * CI can run (stack `<app>-bootstrap-<env>`, parameters in bootstrap.<env>.json): the deploy role,
 * and from T2 CI's infrastructure role, the execution role CloudFormation acts as for the
 * environment's stacks, and the boundary of every role those stacks create. Each role trusts only
 * its environment's deploy jobs, as the Terraform path's do. The CI platform's OIDC provider (one
 * per issuer and account) is created by the first environment's stack, unless the account has it.
 * One template for every environment: the policies are written once, not once per environment.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { EnvironmentPlan, Plan } from '../../../../plan/types.js';
import { boundaryName, deployRoleName, infrastructureRoleName } from '../terraform/iam-names.js';
import type { PolicyDocument } from '../terraform/iam-policies.js';
import { OIDC_AUDIENCE } from '../terraform/shared.js';
import { type Template, bootstrapStackName, executionRoleName, fn, getAtt, maybeSub, parameterFile, ref, sub, templateFile } from './cfn.js';
import { PARAMETER, boundaryPolicy, deployPolicy, executionPolicy, infrastructurePolicy } from './policies.js';

/** Strings naming `${…}` become Fn::Sub, so CloudFormation fills in the parameters, account and region. */
function withSubs(value: unknown): unknown {
  if (typeof value === 'string') return maybeSub(value);
  if (Array.isArray(value)) return value.map(withSubs);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSubs(v)]));
  return value;
}
const policy = (name: string, document: PolicyDocument) => ({ PolicyName: name, PolicyDocument: withSubs(document) });
const ENV = PARAMETER.environment;

export const bootstrapParameters = (environment: string): string => `bootstrap.${environment}.json`;

export function bootstrapTemplate(plan: Plan, path: string): VirtualFile {
  const infrastructure = plan.features.infrastructureInCi;
  const issuer = plan.environments[0]!.trust.issuer;
  const trust = {
    Statement: [{
      Effect: 'Allow',
      Action: 'sts:AssumeRoleWithWebIdentity',
      // The provider's ARN is fixed by its issuer: the first environment's stack creates it, or the account has it.
      Principal: { Federated: fn('If', ['CreateOidcProvider', ref('OidcProvider'), sub(`arn:aws:iam::\${AWS::AccountId}:oidc-provider/${issuer}`)]) },
      // StringLike: a subject may hold a `*` for an id the answers do not give (GitHub's immutable subjects).
      Condition: { StringEquals: { [`${issuer}:aud`]: ref('Audience') }, StringLike: { [`${issuer}:sub`]: ref('Subjects') } },
    }],
  };
  const role = (name: string, assume: object, policies: object[]) => ({
    Type: 'AWS::IAM::Role',
    // Tagged with the environment and project by the stack (change-set.sh passes its tags on).
    Properties: { RoleName: sub(name), AssumeRolePolicyDocument: assume, Policies: policies },
  });
  const audiences = [...new Set(plan.environments.map((e) => e.trust.audience ?? OIDC_AUDIENCE))];
  const resources: Record<string, object> = {
    OidcProvider: { Type: 'AWS::IAM::OIDCProvider', Condition: 'CreateOidcProvider', Properties: { Url: `https://${issuer}`, ClientIdList: audiences } },
    DeployRole: role(deployRoleName(plan.name, ENV), trust, [policy('deploy', deployPolicy())]),
  };
  const outputs: Record<string, object> = {
    DeployRoleArn: { Value: getAtt('DeployRole', 'Arn'), Export: { Name: sub('${AWS::StackName}-deploy-role') } },
  };
  if (infrastructure) {
    const execution = executionRoleName(plan.name, ENV);
    const boundary = boundaryName(plan.name, ENV);
    // The same subjects: an environment's OIDC token does not say whether its job deploys infrastructure.
    resources['InfraRole'] = role(infrastructureRoleName(plan.name, ENV), trust, [policy('change-sets', infrastructurePolicy(plan, execution))]);
    resources['ExecutionRole'] = role(
      execution,
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'cloudformation.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } } }] },
      [policy('platform', executionPolicy(plan, boundary))],
    );
    resources['Boundary'] = { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: sub(boundary), PolicyDocument: withSubs(boundaryPolicy()) } };
    outputs['InfraRoleArn'] = { Value: getAtt('InfraRole', 'Arn') };
  }
  const template: Template = {
    Parameters: {
      Environment: { Type: 'String' },
      Region: { Type: 'String' },
      ClusterName: { Type: 'String' },
      RepositoryName: { Type: 'String' },
      Subjects: { Type: 'CommaDelimitedList' },
      Audience: { Type: 'String' },
      // no where the account has the issuer's provider (one per issuer and account).
      CreateOidcProvider: { Type: 'String' },
    },
    Conditions: { CreateOidcProvider: fn('Equals', [ref('CreateOidcProvider'), 'yes']) },
    Resources: resources,
    Outputs: outputs,
  };
  const summary = infrastructure ? "One environment's deploy, infrastructure and execution roles and boundary; the CI OIDC provider" : 'The deploy role; the CI OIDC provider';
  return templateFile(path, summary, template);
}

/** Per environment: its names, the subjects its deploy jobs present, and whether its stack creates the OIDC provider (the first's). */
export function bootstrapParameterFiles(plan: Plan, dir: string): VirtualFile[] {
  return plan.environments.map((env: EnvironmentPlan, i) => {
    const t = env.targets[0]!;
    return parameterFile(`${dir}/${bootstrapParameters(env.name)}`, `Parameters of ${env.name}'s bootstrap stack (${bootstrapStackName(plan.name, env.name)})`, {
      Environment: env.name,
      Region: t.region,
      ClusterName: t.clusterName,
      RepositoryName: t.registryRepository,
      Subjects: env.trust.subjects.join(','),
      Audience: env.trust.audience ?? OIDC_AUDIENCE,
      CreateOidcProvider: i === 0 ? 'yes' : 'no',
    });
  });
}
