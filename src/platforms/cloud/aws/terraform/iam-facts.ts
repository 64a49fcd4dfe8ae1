/**
 * Reads the CI identities back from infra/bootstrap: the environments and deploy targets of its
 * `locals` (names, and each target's values), and the policy templates filled in with them the
 * way main.tf does (infrastructure and deploy per target, account for the target it names,
 * boundary per environment). Also what a target owns, from its tfvars and backend settings.
 * Tolerates hand edits: what cannot be read is not reported.
 */
import type { Plan } from '../../../../plan/types.js';
import type { IdentityFact, PermissionStatement } from '../../../../steps/facts.js';
import { type HclValue as Value, hclObjectAttribute } from '../../../iac/terraform/read-hcl.js';
import { clusterLogGroups, clusterPolicies, clusterRoles, eksResources } from './iam-names.js';
import { ecsRoles } from './ecs/policies.js';

export { hclObjectAttribute };

const strings = (value: Value | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(typeof value === 'object' && !Array.isArray(value) ? value : {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** Actions that read more than a description: objects, secrets, parameters, logs, images, passwords. */
const READS_DATA = ['s3:GetObject*', 'secretsmanager:GetSecretValue', 'ssm:GetParameter*', 'logs:GetLogEvents', 'logs:GetQueryResults', 'logs:GetLogRecord', 'ecr:GetDownloadUrlForLayer', 'ec2:GetPasswordData', 'ec2:GetConsoleOutput'];
/** Actions on a setting of the account and region, not on a resource (registry replication). */
const ACCOUNT_SETTINGS = ['ecr:DescribeRegistry', 'ecr:PutReplicationConfiguration'];

const glob = (pattern: string): RegExp => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
/** Whether an action pattern may stand for an action a pattern of `list` names (either may hold wildcards). */
const overlaps = (action: string, list: string[]): boolean => list.some((a) => glob(action).test(a) || glob(a).test(action));

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

/** A tag condition on `environment` (of the resource, or of the one being created): the environments it allows. */
function environmentsOf(condition: unknown): string[] | null {
  const found: string[] = [];
  let any = false;
  for (const [operator, keys] of Object.entries((condition ?? {}) as Record<string, Record<string, unknown>>)) {
    if (!/^(For(All|Any)Values:)?String(Equals|Like)(IgnoreCase)?$/.test(operator)) continue;
    for (const [key, values] of Object.entries(keys ?? {})) {
      if (!/^[\w-]+:(Request|Resource)Tag\/environment$/i.test(key)) continue;
      any = true;
      found.push(...asList(values));
    }
  }
  return any ? [...new Set(found)] : null;
}

export function statementFact(raw: Record<string, unknown>): PermissionStatement {
  const notAction = raw['NotAction'] !== undefined;
  const actions = notAction ? ['*'] : asList(raw['Action']);
  const resources = raw['NotResource'] !== undefined ? ['*'] : asList(raw['Resource']);
  return {
    effect: String(raw['Effect']).toLowerCase() === 'deny' ? 'deny' : 'allow',
    actions,
    ...(notAction ? { exceptActions: asList(raw['NotAction']) } : {}),
    resources,
    environments: environmentsOf(raw['Condition']),
    readOnly: actions.every((a) => /^[\w-]+:(Describe|List|Get)/i.test(a) && !overlaps(a, READS_DATA)),
    accountSetting: resources.every((r) => r === '*') && actions.every((a) => ACCOUNT_SETTINGS.includes(a)),
  };
}

/** A template's statements with the placeholders of `values` filled in (the others, like the account, stay). */
function filled(file: { path: string; content: string } | undefined, values: Record<string, string>): PermissionStatement[] {
  if (file === undefined) return [];
  const content = file.content;
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    return [];
  }
  const fill = (v: unknown): unknown =>
    typeof v === 'string' ? v.replace(/\$\{(\w+)\}/g, (all, name: string) => values[name] ?? all) : Array.isArray(v) ? v.map(fill) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [fill(k) as string, fill(x)])) : v;
  const statements = (document as { Statement?: unknown } | null)?.Statement;
  return (Array.isArray(statements) ? statements : statements ? [statements] : [])
    .filter((s): s is Record<string, unknown> => Boolean(s) && typeof s === 'object')
    .map((s) => ({ ...statementFact(fill(s) as Record<string, unknown>), file: file.path }));
}

/** The identities of infra/bootstrap, one per environment and purpose, with every statement applied to it. */
export function awsIdentities(files: Map<string, { path: string; content: string }>, plan: Plan): IdentityFact[] {
  const main = files.get('main.tf');
  if (!main) return [];
  const environments = hclObjectAttribute(main.content, 'environments') ?? {};
  const targets = hclObjectAttribute(main.content, 'targets') ?? {};
  const accountTarget = /policies\/account\.json", merge\(local\.policy_values, local\.targets\["([^"]+)"\]\)/.exec(main.content)?.[1];
  const template = (name: string) => files.get(`policies/${name}.json`);
  const identities: IdentityFact[] = [];
  for (const [environment, value] of Object.entries(environments)) {
    const names = strings(value);
    const own = Object.entries(targets).map(([id, t]) => ({ id, values: strings(t) })).filter((t) => t.values['environment'] === environment);
    const identity = (purpose: IdentityFact['purpose'], name: string | undefined, resources: string[], file: string, statements: PermissionStatement[]) =>
      name && identities.push({ environment, purpose, name, resources, file: `${plan.paths.bootstrapDir}/${file}`, statements });
    const iam = (kind: 'role' | 'policy', name: string) => `arn:aws:iam::*:${kind}/${name}`;
    const infrastructure = names['infrastructure'] ?? '';
    identity('infrastructure', names['infrastructure'], [iam('role', infrastructure), iam('policy', infrastructure), ...own.map((t) => iam('policy', `${t.values['cluster']}-terraform`))], 'policies/infrastructure.json', [
      ...filled(template('infrastructure'), { environment, state: names['state'] ?? '' }),
      ...own.flatMap((t) => [
        ...filled(template('infrastructure-target'), t.values),
        ...(t.id === accountTarget ? filled(template('account'), t.values) : []),
      ]),
    ]);
    identity('deploy', names['deploy'], [iam('role', names['deploy'] ?? '')], 'policies/deploy.json', own.flatMap((t) => filled(template('deploy'), t.values)));
    identity('boundary', names['boundary'], [iam('policy', names['boundary'] ?? '')], 'policies/boundary.json', filled(template('boundary'), { environment }));
  }
  return identities;
}

/** Resource kinds AWS names by id, which an environment owns by its `environment` tag. */
const TAGGED = ['arn:aws:ec2:*', 'arn:aws:kms:*:*:key/*', 'arn:aws:cloudwatch:*:*:alarm:*', 'arn:aws:acm:*:*:certificate/*'];

/** What a target's names make its own (every name the stack derives from its cluster, whatever the tier). */
function ecsOwned(cluster: string, values: Record<string, string>, arn: (service: string, resource: string) => string): string[] {
  const lb = values['lb_name'];
  const environment = values['environment'];
  return [
    ...['cluster/', 'service/', 'task-definition/'].map((k) => arn('ecs', k === 'cluster/' ? `${k}${cluster}` : k === 'service/' ? `${k}${cluster}/*` : `${k}${cluster}:*`)),
    ...ecsRoles(cluster).map((r) => `arn:aws:iam::*:role/${r}`),
    arn('logs', `log-group:/ecs/${cluster}`),
    arn('logs', `log-group:/ecs/${cluster}:*`),
    ...(lb ? ['loadbalancer/app/', 'targetgroup/', 'listener/app/'].map((k) => arn('elasticloadbalancing', `${k}${lb}/*`)) : []),
    // The app's secrets: `<app>/<env>/<setting>`, the app's name being the cluster's (`<app>-<env>`) without the environment.
    ...(environment && cluster.endsWith(`-${environment}`) ? [arn('secretsmanager', `secret:${cluster.slice(0, -environment.length - 1)}/${environment}/*`)] : []),
    arn('sns', `${cluster}-page`),
    arn('sns', `${cluster}-ticket`),
    `arn:aws:cloudwatch::*:dashboard/${cluster}`,
  ];
}

export function awsOwnedResources(values: Record<string, string>, backend: Record<string, string>): { named: string[]; tagged: string[] } {
  const cluster = values['cluster_name'];
  const repository = values['ecr_repository_name'];
  const region = values['region'] ?? '*';
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:*:${resource}`;
  const iam = { hardened: true, volumes: true, audit: true, dns: true };
  const named = [
    ...(cluster
      ? [
          ...eksResources(cluster).map((r) => arn('eks', r)),
          ...clusterRoles(cluster, iam).map((r) => `arn:aws:iam::*:role/${r}`),
          ...clusterPolicies(cluster, iam).map((p) => `arn:aws:iam::*:policy/${p}`),
          ...clusterLogGroups(cluster, iam).map((g) => arn('logs', `log-group:${g}`)),
          arn('kms', `alias/eks/${cluster}`),
          ...['db', 'subgrp'].map((k) => arn('rds', `${k}:${cluster}`)),
          arn('rds', `snapshot:${cluster}-final`),
          arn('sns', `${cluster}-security-alerts`),
          arn('cloudtrail', `trail/${cluster}`),
        ]
      : []),
    ...(repository ? [arn('ecr', `repository/${repository}`)] : []),
    // Target containers: the ECS service's own names (ecs.tf, alarms.tf; the load balancer's from lb_name).
    ...(cluster ? ecsOwned(cluster, values, arn) : []),
    ...(backend['bucket'] && backend['key'] ? [`arn:aws:s3:::${backend['bucket']}/${backend['key']}*`] : []),
  ];
  return { named, tagged: TAGGED };
}
