/**
 * Reads Google Cloud's CI identities back from infra/bootstrap/main.tf into neutral facts, as the
 * bindings grant them: each deploy service account's connect role on the resources its IAM
 * condition admits (resource.name, the way IAM Conditions name a regional GKE cluster:
 * projects/P/locations/L/clusters/C) and its push to the repositories bound to it; from T2 each
 * Terraform service account's roles on the resources of the types its condition names
 * (terraform-identity.ts), its project-wide roles on the kinds they administer, and its state
 * prefix. A binding without a condition, or with one we cannot read, reaches the whole project:
 * hand-widened bindings are caught that way.
 */
import type { Plan } from '../../../../plan/types.js';
import type { IdentityFact, PermissionStatement } from '../../../../steps/facts.js';
import { hclObjectAttribute } from '../../../iac/terraform/read-hcl.js';
import { clusterResourceName, serviceAccountEmail } from '../names.js';
import { projectOf } from '../project.js';

/** A `resource "type" "name" { ... }` block of generated HCL (up to its closing brace at column 0). */
function resourceBlock(content: string, type: string, name: string): string | undefined {
  const start = content.indexOf(`resource "${type}" "${name}" {`);
  if (start < 0) return undefined;
  const end = content.indexOf('\n}', start);
  return content.slice(start, end < 0 ? undefined : end + 2);
}

/**
 * The resource patterns a CEL condition admits: each `||` term that is `resource.name == "X"`
 * or `resource.name.startsWith("X")`; any other term may admit anything.
 */
export function conditionResources(expression: string): string[] {
  return expression.split('||').map((term) => {
    const t = term.trim().replace(/^\((.*)\)$/, '$1').trim();
    const equal = /^resource\.name\s*==\s*"([^"*?]*)"$/.exec(t);
    if (equal) return equal[1]!;
    const prefix = /^resource\.name\.startsWith\("([^"*?]*)"\)$/.exec(t);
    return prefix ? `${prefix[1]!}*` : '*';
  });
}

const quoted = (text: string, name: string): string | undefined => new RegExp(`^\\s*${name}\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'm').exec(text)?.[1]?.replace(/\\(.)/g, '$1');

export function gcpIdentities(files: Map<string, { path: string; content: string }>, plan: Plan): IdentityFact[] {
  const main = files.get('main.tf');
  if (!main) return [];
  const project = quoted(main.content, 'project') ?? projectOf(plan);
  const accounts = hclObjectAttribute(main.content, 'service_accounts') ?? {};
  const connect = resourceBlock(main.content, 'google_project_iam_custom_role', 'connect') ?? '';
  const permissions = [.../permissions\s*=\s*\[([^\]]*)\]/.exec(connect)?.[1]?.matchAll(/"([^"]+)"/g) ?? []].map((m) => m[1]!);
  const binding = resourceBlock(main.content, 'google_project_iam_member', 'deploy');
  const conditioned = binding !== undefined && /^\s*condition\s*\{/m.test(binding);
  const expression = binding && /^\s*expression\s*=\s*(.+)$/m.exec(binding)?.[1]?.trim();
  const file = `${plan.paths.bootstrapDir}/main.tf`;
  const identities: IdentityFact[] = [];
  for (const [key, value] of Object.entries(accounts)) {
    if (typeof value !== 'object' || Array.isArray(value) || !key.endsWith('-deploy') || !binding) continue;
    const { id, environment } = value as Record<string, string>;
    if (typeof id !== 'string' || typeof environment !== 'string') continue;
    // The generated binding reads each account's own condition; a literal one is read as written.
    const condition = !conditioned ? undefined : expression === 'each.value.cluster_condition' ? (value['cluster_condition'] as string | undefined) : expression?.startsWith('"') ? JSON.parse(expression) as string : undefined;
    const resources = conditioned ? conditionResources(condition ?? '*') : [`projects/${project}/*`];
    const statement: PermissionStatement = {
      effect: 'allow',
      actions: permissions,
      resources,
      environments: null,
      readOnly: permissions.every((p) => /\.(get|list)$/.test(p)),
      accountSetting: false,
    };
    identities.push({
      environment,
      purpose: 'deploy',
      name: id,
      resources: [`projects/${project}/serviceAccounts/${serviceAccountEmail(id, project)}`],
      file,
      statements: [statement, ...[pushStatement(main.content, key, project)].filter((p) => p !== undefined)],
    });
  }
  return [...identities, ...terraformIdentities(main.content, accounts, project, file)];
}

/** What a role may do, as action patterns. */
const ROLE_ACTIONS: Record<string, string[]> = {
  'roles/container.admin': ['container.*'],
  'roles/compute.networkAdmin': ['compute.*'],
  'roles/cloudsql.admin': ['cloudsql.*'],
  'roles/redis.admin': ['redis.*'],
  'roles/servicenetworking.networksAdmin': ['servicenetworking.*'],
  'roles/logging.configWriter': ['logging.*'],
  'roles/monitoring.alertPolicyEditor': ['monitoring.alertPolicies.*'],
};

/** The kinds a project-wide role administers, as resource patterns (none of them named after a target). */
const PROJECT_WIDE_KINDS: Record<string, (project: string) => string[]> = {
  'roles/redis.admin': (p) => [`projects/${p}/locations/*/instances/*`],
  'roles/servicenetworking.networksAdmin': () => ['services/servicenetworking.googleapis.com/*'],
  'roles/logging.configWriter': (p) => [`projects/${p}/metrics/*`, `projects/${p}/sinks/*`],
  'roles/monitoring.alertPolicyEditor': (p) => [`projects/${p}/alertPolicies/*`],
};

/**
 * The resources `(resource.type != "T" || resource.name == "a" || ...) && (...)` admits: the names
 * each clause lists; a clause written otherwise may admit anything in the project.
 */
export function typedConditionResources(expression: string, project: string): string[] {
  return expression.split('&&').flatMap((clause) => {
    const terms = clause.trim().replace(/^\((.*)\)$/, '$1').split('||').map((t) => t.trim());
    const [guard, ...names] = terms;
    if (!guard || !/^resource\.type\s*!=\s*"[^"]+"$/.test(guard)) return [`projects/${project}/*`];
    return names.map((n) => /^resource\.name\s*==\s*"([^"*?]*)"$/.exec(n)?.[1] ?? `projects/${project}/*`);
  });
}

function statement(actions: string[], resources: string[]): PermissionStatement {
  return { effect: 'allow', actions, resources, environments: null, readOnly: false, accountSetting: false };
}

/** A deploy account's push to the repositories the bootstrap binds to it (registry.ts). */
function pushStatement(main: string, key: string, project: string): PermissionStatement | undefined {
  if (resourceBlock(main, 'google_artifact_registry_repository_iam_member', 'push') === undefined) return undefined;
  const own = Object.entries(hclObjectAttribute(main, 'repositories') ?? {}).filter(([, r]) => typeof r === 'object' && !Array.isArray(r) && r['account'] === key);
  const resources = own.map(([, r]) => `projects/${project}/locations/${(r as Record<string, string>)['region'] ?? '*'}/repositories/${(r as Record<string, string>)['id'] ?? '*'}`);
  return resources.length ? statement(['artifactregistry.repositories.uploadArtifacts', 'artifactregistry.tags.*'], resources) : undefined;
}

/** Terraform's service accounts (T2+). */
function terraformIdentities(main: string, accounts: Record<string, unknown>, project: string, file: string): IdentityFact[] {
  const roles = hclObjectAttribute(main, 'terraform_roles') ?? {};
  const binding = resourceBlock(main, 'google_project_iam_member', 'terraform');
  const conditioned = binding !== undefined && /expression\s*=\s*each\.value\.condition/.test(binding);
  const wide = resourceBlock(main, 'google_project_iam_member', 'terraform_project_wide');
  const wideRoles = [.../for role in \[([^\]]*)\]/.exec(wide ?? '')?.[1]?.matchAll(/"([^"]+)"/g) ?? []].map((m) => m[1]!);
  const bucket = /resource "google_storage_bucket" "state" \{[^}]*?name\s*=\s*"([^"]+)"/.exec(main)?.[1] ?? '*';
  const out: IdentityFact[] = [];
  for (const [key, value] of Object.entries(accounts)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const { id, environment, state } = value as Record<string, string>;
    if (typeof id !== 'string' || typeof environment !== 'string') continue;
    const email = `projects/${project}/serviceAccounts/${serviceAccountEmail(id, project)}`;
    if (!key.endsWith('-tf') || !binding) continue;
    const own = roles[environment];
    const statements = Object.entries(typeof own === 'object' && !Array.isArray(own) ? own : {}).map(([role, condition]) =>
      statement(ROLE_ACTIONS[role] ?? ['*'], conditioned && typeof condition === 'string' ? typedConditionResources(condition, project) : [`projects/${project}/*`]),
    );
    for (const role of wideRoles) statements.push(statement(ROLE_ACTIONS[role] ?? ['*'], PROJECT_WIDE_KINDS[role]?.(project) ?? [`projects/${project}/*`]));
    if (typeof state === 'string' && state) statements.push(statement(['storage.objects.*'], [`projects/_/buckets/${bucket}/objects/${state}*`]));
    out.push({ environment, purpose: 'infrastructure', name: id, resources: [email], file, statements });
  }
  return out;
}

/** What a target owns by name, as IAM names it: its cluster, its image repository, its state prefix. */
export function gcpOwnedResources(values: Record<string, string>, backend: Record<string, string>, plan: Plan): { named: string[]; tagged: string[] } {
  const project = values['project'] ?? projectOf(plan);
  const region = values['region'] ?? '*';
  const repository = values['image']?.split('/')[0];
  return {
    named: [
      ...(values['cluster_name'] ? [clusterResourceName(project, region, values['cluster_name'])] : []),
      ...(repository ? [`projects/${project}/locations/${region}/repositories/${repository}`] : []),
      ...(backend['bucket'] && backend['prefix'] ? [`projects/_/buckets/${backend['bucket']}/objects/${backend['prefix']}/*`] : []),
      // Cloud SQL: the primary target's instance carries the cluster's name (database.ts).
      ...(values['db_tier'] && values['cluster_name'] ? [`projects/${project}/instances/${values['cluster_name']}`] : []),
    ],
    tagged: [],
  };
}
