/**
 * A small model of IAM policy evaluation, for tests that ask "may this role do this to that":
 * an explicit Deny wins, else an Allow grants, else nothing does. Actions match case-insensitively
 * with `*` and `?`; resources case-sensitively; conditions with the operators our policies use,
 * with IAM's rule for a key absent from the request (only the negated operators and Null match).
 * A permissions boundary, when given, must allow too.
 */
import type { FileTree } from '../../src/core/files.js';
import { hclObjectAttribute } from '../../src/platforms/cloud/aws/terraform/iam-facts.js';

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** A request: the action, the resource, and the condition keys it carries (tags, boundary, service). */
export interface Request {
  action: string;
  resource: string;
  /** A multi-valued key (Route 53's record names of one change) as a list. */
  context?: Record<string, string | string[]>;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const glob = (pattern: string, flags = ''): RegExp =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, flags);

function conditionHolds(operator: string, key: string, values: string[], context: Record<string, string | string[]>): boolean {
  const raw = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  // ForAllValues: every value of the request's set matches (an absent or empty set does too, as in IAM).
  if (operator.startsWith('ForAllValues:')) return list(raw).every((one) => conditionHolds(operator.slice('ForAllValues:'.length), key, values, { [key]: one }));
  const found = Array.isArray(raw) ? raw[0] : raw;
  switch (operator) {
    case 'Null':
      return (found === undefined) === (values[0] === 'true');
    case 'StringEquals':
    case 'ArnEquals':
      return found !== undefined && values.includes(found);
    case 'StringLike':
    case 'ArnLike':
      return found !== undefined && values.some((v) => glob(v).test(found));
    case 'StringNotEquals':
    case 'ArnNotEquals':
      return found === undefined || !values.includes(found);
    case 'Bool':
      return found !== undefined && values.includes(found);
    default:
      throw new Error(`condition operator ${operator} is not modelled`);
  }
}

function matches(statement: Statement, request: Request): boolean {
  const action = (patterns: string[]) => patterns.some((p) => glob(p, 'i').test(request.action));
  if (statement.Action !== undefined && !action(list(statement.Action))) return false;
  if (statement.NotAction !== undefined && action(list(statement.NotAction))) return false;
  if (!list(statement.Resource).some((r) => glob(r).test(request.resource))) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => conditionHolds(operator, key, list(values), request.context ?? {})),
  );
}

export function decide(statements: Statement[], request: Request): 'allowed' | 'denied' | 'not allowed' {
  if (statements.some((s) => s.Effect === 'Deny' && matches(s, request))) return 'denied';
  return statements.some((s) => s.Effect === 'Allow' && matches(s, request)) ? 'allowed' : 'not allowed';
}

export const ACCOUNT = '123456789012';
export const STATE_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0000-state`;

/** Fills a policy template as templatefile() does with the values main.tf passes. */
function fill(template: string, values: Record<string, string>): Statement[] {
  const text = template.replace(/\$\{(\w+)\}/g, (all, name: string) => {
    if (values[name] === undefined) throw new Error(`templatefile would fail: ${name} is not set`);
    return values[name]!;
  });
  return (JSON.parse(text) as { Statement: Statement[] }).Statement;
}

export interface EnvironmentRoles {
  infrastructure: Statement[];
  deploy: Statement[];
  boundary: Statement[];
  /** Characters IAM counts (no whitespace): the largest managed policy, and each role's inline policies together. */
  sizes: { managed: number; infrastructureInline: number; deployInline: number };
}

const size = (statements: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }).length;

/** Every environment's roles as the bootstrap applies them: its main.tf locals and policies/*.json. */
export function rolesOf(tree: FileTree, bootstrapDir = 'infra/bootstrap'): Record<string, EnvironmentRoles> {
  const main = tree.get(`${bootstrapDir}/main.tf`)!.content;
  const template = (name: string) => tree.get(`${bootstrapDir}/policies/${name}.json`)?.content;
  const environments = hclObjectAttribute(main, 'environments')!;
  const targets = hclObjectAttribute(main, 'targets')! as Record<string, Record<string, string>>;
  const accountTarget = /policies\/account\.json", merge\(local\.policy_values, local\.targets\["([^"]+)"\]\)/.exec(main)?.[1];
  const base = { account: ACCOUNT, state_key: STATE_KEY };
  const roles: Record<string, EnvironmentRoles> = {};
  for (const [environment, names] of Object.entries(environments) as [string, Record<string, string>][]) {
    const own = Object.entries(targets).filter(([, t]) => t['environment'] === environment);
    // Managed: the environment's policy, each target's, the boundary; inline: the account's, the deploy's.
    // T1 has no infrastructure role (an administrator applies Terraform): its policies are absent.
    const infrastructure = template('infrastructure') !== undefined;
    const managed = infrastructure
      ? [
          fill(template('infrastructure')!, { ...base, environment, state: names['state']! }),
          ...own.map(([, t]) => fill(template('infrastructure-target')!, { ...base, ...t })),
          // With a domain: each target's certificate, validation record and ExternalDNS role.
          ...(template('domain') !== undefined ? own.map(([, t]) => fill(template('domain')!, { ...base, ...t })) : []),
        ]
      : [];
    const inline = own.filter(([id]) => id === accountTarget).map(([, t]) => fill(template('account')!, { ...base, ...t }));
    const deploy = own.map(([, t]) => fill(template('deploy')!, { ...base, ...t }));
    const boundary = infrastructure ? fill(template('boundary')!, { ...base, environment }) : [];
    roles[environment] = {
      infrastructure: [...managed, ...inline].flat(),
      deploy: deploy.flat(),
      boundary,
      sizes: {
        managed: Math.max(...[...managed, boundary].map(size)),
        infrastructureInline: inline.reduce((sum, p) => sum + size(p), 0),
        deployInline: deploy.reduce((sum, p) => sum + size(p), 0),
      },
    };
  }
  return roles;
}

/** Tags default_tags put on every resource of an environment's stack. */
export const tags = (environment: string, on: 'Resource' | 'Request', project = 'shop-api'): Record<string, string> => ({
  [`aws:${on}Tag/environment`]: environment,
  [`aws:${on}Tag/project`]: project,
});
