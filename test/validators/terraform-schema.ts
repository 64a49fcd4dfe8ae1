/**
 * Terraform against the provider schemas cut by scripts/extract-provider-schema.mjs into
 * data/NAME-provider-schema.json (AWS 6.25.0 from @cdktf/provider-aws 21.22.1, Google 6.50.0
 * from @cdktf/provider-google 16.12.1 brought to the pinned 8.x by data/google-provider-delta.json, AzureRM 4.55.0 from @cdktf/provider-azurerm 14.23.1), and
 * Azure DevOps 1.x written by hand from the provider's docs for the types we generate (no cdktf
 * package exists for it: data/azuredevops-provider-schema.json names each page and commit),
 * the schema chosen by each type's prefix (aws_, google_, azurerm_, azuredevops_):
 * every `resource`/`data` type exists, every argument and nested block exists at any depth,
 * every required argument and block is present, single blocks appear once, blocks are written
 * as blocks; the `provider "aws"` block too. Meta-arguments (count, for_each, depends_on,
 * provider, lifecycle, connection, provisioner) are skipped; `dynamic "x"` blocks must name a
 * block of the schema and their `content` is checked like the block. Types of other providers
 * (random_, tls_, azapi_, …) are not checked. A `provider "azurerm"` block must have `features {}`
 * (the provider refuses to start without it; its cdktf schema marks it optional).
 */
import { readFileSync } from 'node:fs';
import { type Finding, type RunContext, type Tree, type TreeFile, closest, isRecord } from './common.js';
import { type HclBody, headerLocation, parseHcl, terraformFiles } from './hcl.js';

export const TERRAFORM_SCHEMA = 'terraform-provider-schema';

interface AttrSchema {
  type: string;
  required: boolean;
  nested?: BlockSchema & { nesting: string };
}
export interface BlockSchema {
  attributes: Record<string, AttrSchema>;
  blocks: Record<string, BlockSchema & { nesting: 'single' | 'list'; required: boolean }>;
}
interface ProviderSchema {
  source: string;
  providerVersion: string;
  provider: BlockSchema;
  resource: Record<string, BlockSchema>;
  data: Record<string, BlockSchema>;
  allTypes: { resource: string[]; data: string[] };
}

/** The providers with an extracted schema, by name (also the prefix of their types). */
export const PROVIDERS = { aws: 'AWS', google: 'Google', azurerm: 'AzureRM', azuredevops: 'Azure DevOps' } as const;
type ProviderName = keyof typeof PROVIDERS;

const schemaCache = new Map<ProviderName, ProviderSchema>();
export function providerSchema(name: ProviderName): ProviderSchema {
  let schema = schemaCache.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(new URL(`./data/${name}-provider-schema.json`, import.meta.url), 'utf8')) as ProviderSchema;
    if (name === 'google') applyDelta(schema, JSON.parse(readFileSync(new URL('./data/google-provider-delta.json', import.meta.url), 'utf8')) as SchemaDelta);
    schemaCache.set(name, schema);
  }
  return schema;
}
export const awsSchema = (): ProviderSchema => providerSchema('aws');

/**
 * The stacks pin google ~> 8.3, but the newest schema an npm package carries is 6.50.0: the
 * upgrade guides' removals and new requirements (data/google-provider-delta.json) bring it to 8.x
 * for what they name; arguments added since stay unknown, so the generator cannot use them.
 */
interface SchemaDelta { providerVersion: string; removed: Record<string, string[]>; required: Record<string, string[]> }
function applyDelta(schema: ProviderSchema, delta: SchemaDelta): void {
  const at = (type: string, path: string): { block: BlockSchema; name: string } | undefined => {
    const parts = path.split('.');
    let block: BlockSchema | undefined = schema.resource[type];
    for (const part of parts.slice(0, -1)) block = block?.blocks[part];
    return block ? { block, name: parts.at(-1)! } : undefined;
  };
  const missing = (type: string, path: string): never => {
    throw new Error(`google-provider-delta.json: ${type}.${path} is not in the 6.50.0 schema`);
  };
  for (const [type, paths] of Object.entries(delta.removed)) {
    for (const path of paths) {
      const found = at(type, path);
      if (!found || !found.block.attributes[found.name]) missing(type, path);
      delete found!.block.attributes[found!.name];
    }
  }
  for (const [type, paths] of Object.entries(delta.required)) {
    for (const path of paths) {
      const attribute = at(type, path);
      const field = attribute?.block.attributes[attribute.name];
      if (!field) missing(type, path);
      field!.required = true;
    }
  }
  schema.providerVersion = delta.providerVersion;
}

function providerOf(type: string): ProviderName | undefined {
  const prefix = type.slice(0, type.indexOf('_'));
  return prefix in PROVIDERS ? (prefix as ProviderName) : undefined;
}

const META = {
  resource: new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'connection', 'provisioner']),
  data: new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle']),
  provider: new Set(['alias']),
};

const PRIMITIVE = /^(string|number|boolean)$/;

function checkBody(schema: BlockSchema, body: HclBody, where: string, meta: Set<string>, report: (where: string, message: string) => void, typeLabel: string): void {
  const present = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    if (meta.has(key)) continue;
    if (key === 'dynamic' && isRecord(value)) {
      for (const [blockName, dyns] of Object.entries(value)) {
        const block = schema.blocks[blockName];
        if (!block) {
          const hint = closest(blockName, Object.keys(schema.blocks));
          report(`${where} dynamic "${blockName}"`, `${typeLabel} has no block "${blockName}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
          continue;
        }
        present.add(blockName);
        for (const dyn of Array.isArray(dyns) ? dyns : []) {
          if (!isRecord(dyn)) continue;
          const content = Array.isArray(dyn.content) ? dyn.content[0] : undefined;
          if (!isRecord(content)) {
            report(`${where} dynamic "${blockName}"`, 'dynamic block without a content block');
            continue;
          }
          checkBody(block, content, `${where} dynamic "${blockName}".content`, new Set(), report, typeLabel);
        }
      }
      continue;
    }
    const attr = schema.attributes[key];
    if (attr) {
      present.add(key);
      if (PRIMITIVE.test(attr.type) && Array.isArray(value) && value.length && value.every(isRecord)) {
        report(`${where}.${key}`, `"${key}" is an argument (${attr.type}), not a block: write \`${key} = …\``);
      }
      continue;
    }
    const block = schema.blocks[key];
    if (block) {
      present.add(key);
      if (!Array.isArray(value) || !value.every(isRecord)) {
        report(`${where}.${key}`, `"${key}" is a block, not an argument: write \`${key} { … }\``);
        continue;
      }
      if (block.nesting === 'single' && value.length > 1) report(`${where}.${key}`, `block "${key}" may appear only once (found ${value.length})`);
      value.forEach((item, i) => checkBody(block, item, `${where}.${key}${value.length > 1 ? `[${i}]` : ''}`, new Set(), report, typeLabel));
      continue;
    }
    const hint = closest(key, [...Object.keys(schema.attributes), ...Object.keys(schema.blocks)]);
    report(`${where}.${key}`, `unknown argument or block "${key}" for ${typeLabel}${hint ? ` (did you mean "${hint}"?)` : ''}`);
  }
  for (const [name, attr] of Object.entries(schema.attributes)) {
    if (attr.required && !present.has(name)) report(where, `missing required argument "${name}" for ${typeLabel}`);
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    if (block.required && !present.has(name)) report(where, `missing required block "${name}" for ${typeLabel}`);
  }
}

function checkFile(file: TreeFile, json: HclBody, findings: Finding[]): void {
  const push = (location: string, message: string): void => {
    findings.push({ validator: TERRAFORM_SCHEMA, file: file.path, location, message });
  };
  for (const kind of ['resource', 'data'] as const) {
    const section = json[kind];
    if (!isRecord(section)) continue;
    for (const [type, byName] of Object.entries(section)) {
      if (!isRecord(byName)) continue;
      for (const [name, bodies] of Object.entries(byName)) {
        const header = headerLocation(file, kind, [type, name]);
        const word = kind === 'data' ? 'data source' : 'resource';
        const provider = providerOf(type);
        if (!provider) continue;
        const schema = providerSchema(provider);
        const typeSchema = schema[kind][type];
        if (!typeSchema) {
          if (provider === 'azuredevops') {
            push(header, `${word} type ${type} is not in the hand-written Azure DevOps schema: add it to test/validators/data/azuredevops-provider-schema.json from the provider's docs (arguments, required ones)`);
          } else if (schema.allTypes[kind].includes(type)) {
            push(header, `${word} type ${type} exists in ${PROVIDERS[provider]} provider ${schema.providerVersion} but is not in the extracted schema: add "${kind === 'data' ? 'data.' : ''}${type}" to test/validators/data/${provider}-types.txt and run node scripts/extract-provider-schema.mjs ${provider}`);
          } else {
            const hint = closest(type, schema.allTypes[kind], 4);
            push(header, `unknown ${word} type "${type}" in ${PROVIDERS[provider]} provider ${schema.providerVersion}${hint ? ` (did you mean "${hint}"?)` : ''}`);
          }
          continue;
        }
        const label = `${word} ${type}`;
        for (const body of Array.isArray(bodies) ? bodies : []) {
          if (!isRecord(body)) continue;
          checkBody(typeSchema, body, header, META[kind], (where, message) => push(where, message), label);
        }
      }
    }
  }
  const providers = json.provider;
  for (const name of Object.keys(PROVIDERS) as ProviderName[]) {
    const bodies = isRecord(providers) ? providers[name] : undefined;
    for (const body of Array.isArray(bodies) ? bodies : []) {
      if (!isRecord(body)) continue;
      const where = headerLocation(file, 'provider', [name]);
      checkBody(providerSchema(name).provider, body, where, META.provider, (w, message) => push(w, message), `provider ${name}`);
      if (name === 'azurerm' && !('features' in body)) push(where, 'provider "azurerm" without a features {} block: the provider refuses to start without one');
    }
  }
}

export async function checkTerraformSchema(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of terraformFiles(tree)) {
    const { json } = await parseHcl(file);
    if (json) checkFile(file, json, findings);
  }
  return findings;
}
