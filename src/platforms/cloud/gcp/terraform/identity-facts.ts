/**
 * Reads Google Cloud's CI identities back from infra/bootstrap/main.tf into neutral facts: each
 * deploy service account of `local.service_accounts`, with the connect role's permissions on the
 * resources its IAM condition admits (resource.name, the way IAM Conditions name a regional GKE
 * cluster: projects/P/locations/L/clusters/C). A binding without a condition, or with one we
 * cannot read, reaches the whole project: hand-widened bindings are caught that way.
 *
 * Not read yet: Terraform's service accounts (T2+). Their roles are still project-wide: GKE checks
 * cluster creation on its parent location and Artifact Registry recognises no resource attributes
 * in conditions, so confining them needs more than a name condition (open work).
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
      statements: [statement],
    });
  }
  return identities;
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
    ],
    tagged: [],
  };
}
