/**
 * Reads the IaC facts back from a file tree, generated or on disk. Tolerates
 * hand-edited and missing files: what is not there is simply not reported.
 */
import type { Cloud } from '../../../config/answers.js';
import type { FileTree } from '../../../core/files.js';
import type { Plan } from '../../../plan/types.js';
import type { EnvironmentResources, IacEnvironmentFact, IacFacts, UniqueName } from '../../../steps/facts.js';
import type { TerraformCloud } from './types.js';

const OUTPUT = /^\s*output\s+"([^"]+)"/gm;
const STRING_ATTRIBUTE = /^\s*([A-Za-z_][\w-]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/gm;
/** A trusted OIDC subject in a bootstrap: `subject = "..."`, or each string of `subjects = [...]`. */
const SUBJECT = /^\s*subjects?\s*=\s*(\[[^\]]*\]|"(?:[^"\\]|\\.)*")/gm;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
const ENV_FILE = /^environments\/([^/]+?)(\.tfvars|\.[a-z0-9]+\.tfbackend)$/;

/** Undoes the escapes the HCL builder writes in a quoted string. */
function unquote(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{').replace(/\\(.)/g, (_all, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c,
  );
}

/** `key = "value"` lines of a .tfvars file. */
export function stringAttributes(content: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [, key, value] of content.matchAll(STRING_ATTRIBUTE)) values[key!] = unquote(value!);
  return values;
}

/** Files directly inside `dir`, keyed by their path relative to it. */
function filesIn(tree: FileTree, dir: string, recursive: boolean): Map<string, { path: string; content: string }> {
  const result = new Map<string, { path: string; content: string }>();
  for (const file of tree.values()) {
    if (!file.path.startsWith(`${dir}/`)) continue;
    const relative = file.path.slice(dir.length + 1);
    if (recursive || !relative.includes('/')) result.set(relative, file);
  }
  return result;
}

/** Reads the facts back with each cloud's Terraform conventions (its provider, its tfvars keys). */
export function extractTerraform(tree: FileTree, plan: Plan, clouds: Record<Cloud, TerraformCloud>): IacFacts {
  const terraformDir = plan.paths.iacDir;
  const stack = filesIn(tree, terraformDir, true);
  const rootTf = [...stack.entries()].filter(([rel]) => !rel.includes('/') && rel.endsWith('.tf'));

  const providers = stack.get('providers.tf');
  const found = providers ? (Object.entries(clouds) as [Cloud, TerraformCloud][]).find(([, c]) => c.provider.test(providers.content)) : undefined;
  const cloud = { value: found?.[0] ?? ('' as const), file: `${terraformDir}/providers.tf` };
  const keys = clouds[found?.[0] ?? plan.platforms.cloud].vars;

  const backendConfigs: string[] = [];
  const varFiles: string[] = [];
  // Planned targets first, in promotion order; then any other tfvars file found.
  const targetIds: string[] = plan.environments.flatMap((e) => e.targets.map((t) => t.id));
  for (const relative of stack.keys()) {
    const match = ENV_FILE.exec(relative);
    if (!match) continue;
    (match[2] === '.tfvars' ? varFiles : backendConfigs).push(relative);
    if (match[2] === '.tfvars' && !targetIds.includes(match[1]!)) targetIds.push(match[1]!);
  }

  const environments: IacEnvironmentFact[] = [];
  const uniqueNames: UniqueName[] = [];
  const loadBalancerSources: NonNullable<IacFacts['loadBalancerSources']> = [];
  const owned = new Map<string, EnvironmentResources>();
  const conventions = clouds[found?.[0] ?? plan.platforms.cloud];
  for (const id of targetIds) {
    const file = stack.get(`environments/${id}.tfvars`);
    if (!file) continue;
    const values = stringAttributes(file.content);
    uniqueNames.push(...conventions.uniqueNames(values, plan).map((n) => ({ ...n, targetId: id, file: file.path })));
    const sources = conventions.loadBalancerSources?.(stack, values);
    if (sources) loadBalancerSources.push({ targetId: id, ...sources });
    const backend = stack.get(`environments/${id}.${conventions.backend}.tfbackend`);
    const resources = conventions.ownedResources(values, backend ? stringAttributes(backend.content) : {}, plan);
    const environment = values.environment ?? id;
    const entry = owned.get(environment) ?? { environment, named: [], tagged: resources.tagged, file: file.path };
    entry.named.push(...resources.named);
    owned.set(environment, entry);
    environments.push({
      environment: values.environment ?? id,
      targetId: id,
      file: file.path,
      region: values.region ?? '',
      clusterName: values[keys.cluster] ?? '',
      registryRepository: values[keys.registry] ?? '',
      database: conventions.hasDatabase(values, plan),
    });
  }

  const outputs = rootTf.flatMap(([, file]) => [...file.content.matchAll(OUTPUT)].map((m) => m[1]!));

  const bootstrap = filesIn(tree, plan.paths.bootstrapDir, true);
  const oidcSubjects = [...bootstrap.values()].filter((file) => file.path.endsWith('.tf')).flatMap((file) =>
    [...file.content.matchAll(SUBJECT)].flatMap((m) => [...m[1]!.matchAll(QUOTED)].map((q) => ({ value: unquote(q[1]!), file: file.path }))),
  );

  const oidcClaims = [...filesIn(tree, plan.paths.bootstrapDir, true).values()].flatMap((file) =>
    (conventions.admittedClaims?.(file.content) ?? []).map((value) => ({ value, file: file.path })),
  );

  // An environment's identities are its own too: no other environment's may change them.
  const identities = conventions.identities(bootstrap, plan);
  for (const identity of identities) owned.get(identity.environment)?.named.push(...identity.resources);

  const environmentTrust = conventions.environmentTrust?.(bootstrap, plan);
  return { cloud, environments, backendConfigs, varFiles, iacDir: terraformDir, outputs, oidcSubjects, oidcClaims, uniqueNames, loadBalancerSources, identities, environmentResources: [...owned.values()], ...(environmentTrust ? { environmentTrust } : {}) };
}
