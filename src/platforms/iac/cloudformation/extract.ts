/**
 * Reads the IaC facts back from the CloudFormation files, generated or edited: each target's
 * parameter file (environment, region, cluster, repository), the platform template's outputs, and
 * the bootstrap's roles (who they trust, what their policies allow), so the rules check the
 * templates as they are. What cannot be read (a template rewritten with short-form tags, a
 * missing file) is simply not reported.
 */
import type { FileTree } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import type { EnvironmentResources, IacEnvironmentFact, IacFacts, IdentityFact, UniqueName } from '../../../steps/facts.js';
import { bootstrapParameters } from '../../cloud/aws/cloudformation/bootstrap.js';
import { CFN_FILES } from '../../cloud/aws/cloudformation/index.js';
import { executionRoleName, platformStackName, readTemplate } from '../../cloud/aws/cloudformation/cfn.js';
import { clusterRoleNames } from '../../cloud/aws/cloudformation/policies.js';
import { statementFact } from '../../cloud/aws/terraform/iam-facts.js';
import { boundaryName, deployRoleName, eksResources, infrastructureRoleName } from '../../cloud/aws/terraform/iam-names.js';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const PARAMETERS = /^platform\.(.+)\.json$/;
/** Resource kinds AWS names by id, which an environment owns by its `environment` tag. */
const TAGGED = ['arn:aws:ec2:*', 'arn:aws:kms:*:*:key/*'];

function template(content: string | undefined): Json | undefined {
  const doc = content === undefined ? undefined : readTemplate(content);
  return isRecord(doc) ? doc : undefined;
}

function parameters(content: string): Record<string, string> {
  try {
    const list = JSON.parse(content) as unknown;
    return Array.isArray(list) ? Object.fromEntries(list.filter(isRecord).map((p) => [String(p['ParameterKey']), String(p['ParameterValue'])])) : {};
  } catch {
    return {};
  }
}

/**
 * A template value as one stack of it holds it: `Ref` and `Fn::Sub` filled in with the stack's
 * parameters (a CommaDelimitedList's as a list), the account any (`*`), the partition aws.
 */
function resolved(value: unknown, params: Record<string, string>, lists: Set<string>): unknown {
  const fill = (text: string) =>
    text.replace(/\$\{([\w:]+)\}/g, (all, name: string) => (name === 'AWS::AccountId' ? '*' : name === 'AWS::Partition' ? 'aws' : name === 'AWS::Region' ? (params['Region'] ?? all) : (params[name] ?? all)));
  if (isRecord(value) && typeof value['Fn::Sub'] === 'string') return fill(value['Fn::Sub']);
  if (isRecord(value) && typeof value['Ref'] === 'string' && value['Ref'] in params) {
    const param = params[value['Ref']]!;
    return lists.has(value['Ref']) ? param.split(',') : param;
  }
  if (Array.isArray(value)) return value.map((v) => resolved(v, params, lists));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v, params, lists)]));
  return value;
}

/** Every string of a trust policy's `…:sub` conditions. */
function subjectsOf(trust: unknown): string[] {
  const statements = isRecord(trust) && Array.isArray(trust['Statement']) ? trust['Statement'] : [];
  return statements.flatMap((s) => {
    const like = isRecord(s) && isRecord(s['Condition']) ? Object.values(s['Condition']).filter(isRecord) : [];
    return like.flatMap((c) => Object.entries(c).filter(([k]) => k.endsWith(':sub')).flatMap(([, v]) => (Array.isArray(v) ? v.map(String) : [String(v)])));
  });
}

export function extractCloudFormation(tree: FileTree, plan: Plan): IacFacts {
  const dir = plan.paths.iacDir;
  const file = (name: string) => tree.get(`${dir}/${name}`);
  const platformPath = `${dir}/${CFN_FILES.platform}`;
  const platform = template(file(CFN_FILES.platform)?.content);
  const resources = isRecord(platform?.['Resources']) ? platform['Resources'] : {};
  const isAws = Object.values(resources).some((r) => isRecord(r) && String(r['Type']).startsWith('AWS::'));

  const targetIds: string[] = plan.environments.flatMap((e) => e.targets.map((t) => t.id));
  const varFiles: string[] = [];
  for (const path of tree.keys()) {
    const name = path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : '';
    const id = PARAMETERS.exec(name)?.[1];
    if (!id) continue;
    varFiles.push(name);
    if (!targetIds.includes(id)) targetIds.push(id);
  }

  const environments: IacEnvironmentFact[] = [];
  const uniqueNames: UniqueName[] = [];
  const owned = new Map<string, EnvironmentResources>();
  for (const id of targetIds) {
    const params = file(`platform.${id}.json`);
    if (!params) continue;
    const v = parameters(params.content);
    const environment = v['Environment'] ?? id;
    const region = v['Region'] ?? '';
    const cluster = v['ClusterName'] ?? '';
    const repository = v['RepositoryName'] ?? '';
    environments.push({ environment, targetId: id, file: params.path, region, clusterName: cluster, registryRepository: repository, database: false });
    const add = (name: string, kind: string, scope: UniqueName['scope']) => uniqueNames.push({ name, kind, scope, region, targetId: id, file: params.path });
    if (cluster) {
      for (const role of clusterRoleNames(cluster)) add(role, 'IAM role', 'account');
      add(`/aws/eks/${cluster}/cluster`, 'CloudWatch log group', 'region');
    }
    if (repository) add(repository, 'ECR repository', 'region');
    add(platformStackName(plan.name, id), 'CloudFormation stack', 'region');
    const arn = (service: string, resource: string) => `arn:aws:${service}:${region || '*'}:*:${resource}`;
    const named = [
      ...(cluster ? [...eksResources(cluster).map((r) => arn('eks', r)), ...clusterRoleNames(cluster).map((r) => `arn:aws:iam::*:role/${r}`), arn('logs', `log-group:/aws/eks/${cluster}/*`)] : []),
      ...(repository ? [arn('ecr', `repository/${repository}`)] : []),
      arn('cloudformation', `stack/${platformStackName(plan.name, id)}/*`),
    ];
    const entry = owned.get(environment) ?? { environment, named: [], tagged: TAGGED, file: params.path };
    entry.named.push(...named);
    owned.set(environment, entry);
  }

  // The bootstrap is one template deployed once per environment with its own parameters.
  const bootstrapPath = `${plan.paths.bootstrapDir}/${CFN_FILES.bootstrap}`;
  const bootstrap = template(tree.get(bootstrapPath)?.content);
  const declared = isRecord(bootstrap?.['Parameters']) ? bootstrap['Parameters'] : {};
  const lists = new Set(Object.entries(declared).filter(([, p]) => isRecord(p) && p['Type'] === 'CommaDelimitedList').map(([k]) => k));
  const identities: IdentityFact[] = [];
  const oidcSubjects: IacFacts['oidcSubjects'] = [];
  for (const env of plan.environments) {
    const paramsFile = tree.get(`${plan.paths.bootstrapDir}/${bootstrapParameters(env.name)}`);
    if (!paramsFile || !bootstrap) continue;
    const params = parameters(paramsFile.content);
    const stack = resolved(bootstrap['Resources'], params, lists);
    const stackResources = isRecord(stack) ? Object.values(stack).filter(isRecord) : [];
    const names: [IdentityFact['purpose'], string][] = [
      ['deploy', deployRoleName(plan.name, env.name)],
      ['infrastructure', infrastructureRoleName(plan.name, env.name)],
      // CloudFormation's role changes the environment's infrastructure as much as CI's does.
      ['infrastructure', executionRoleName(plan.name, env.name)],
      ['boundary', boundaryName(plan.name, env.name)],
    ];
    for (const [purpose, name] of names) {
      const resource = stackResources.find((r) => isRecord(r['Properties']) && (r['Properties']['RoleName'] === name || r['Properties']['ManagedPolicyName'] === name));
      const properties = resource?.['Properties'];
      if (!isRecord(properties)) continue;
      const documents = purpose === 'boundary' ? [properties['PolicyDocument']] : Array.isArray(properties['Policies']) ? properties['Policies'].filter(isRecord).map((p) => p['PolicyDocument']) : [];
      const statements = documents.flatMap((doc) => {
        const list = isRecord(doc) ? doc['Statement'] : undefined;
        return (Array.isArray(list) ? list : list ? [list] : []).filter(isRecord).map(statementFact);
      });
      const kind = purpose === 'boundary' ? 'policy' : 'role';
      identities.push({ environment: env.name, purpose, name, resources: [`arn:aws:iam::*:${kind}/${name}`], file: bootstrapPath, statements });
      if (purpose !== 'boundary') oidcSubjects.push(...subjectsOf(properties['AssumeRolePolicyDocument']).map((value) => ({ value, file: paramsFile.path })));
      owned.get(env.name)?.named.push(`arn:aws:iam::*:${kind}/${name}`);
    }
  }

  const outputs = isRecord(platform?.['Outputs']) ? Object.keys(platform['Outputs']) : [];
  return {
    cloud: { value: isAws ? 'aws' : '', file: platformPath },
    environments,
    backendConfigs: [],
    varFiles,
    iacDir: dir,
    outputs,
    oidcSubjects,
    oidcClaims: [],
    uniqueNames,
    identities,
    environmentResources: [...owned.values()],
  };
}
