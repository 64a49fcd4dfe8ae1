#!/usr/bin/env node
/**
 * Cuts Terraform provider schemas (AWS, Google, AzureRM) out of the @cdktf/provider-* jsii
 * assemblies, for the offline provider-schema check in test/validators/terraform-schema.ts.
 *
 *   node scripts/extract-provider-schema.mjs [aws|google|azurerm…]          # writes test/validators/data/NAME-provider-schema.json
 *   node scripts/extract-provider-schema.mjs [aws|google|azurerm…] --check  # exits 1 if a committed JSON is stale
 *
 * With no provider named, all three. The packages (30–40 MB tarballs, 300–400 MB unpacked) are
 * never added to the project: each is `npm pack`ed into a temp dir (or taken from
 * $PROVIDER_TARBALL_DIR when it holds the tarball already), only `package/.jsii` is unpacked, and
 * the types listed in test/validators/data/NAME-types.txt are kept. Needs the npm registry; run it
 * by hand after editing a types list or bumping a version, and commit the JSON.
 *
 * How the jsii maps back to Terraform:
 * - every resource/data-source class has a doc summary "Represents a {@link
 *   https://registry.terraform.io/providers/hashicorp/aws/6.25.0/docs/resources/s3_bucket aws_s3_bucket}"
 *   (data sources: .../docs/data-sources/NAME); its initializer's 3rd parameter is the Config struct;
 * - every struct property is camelCase, and its docs carry the Terraform name as the link anchor:
 *   "{@link https://registry.terraform.io/.../s3_bucket#acceleration_status S3Bucket#acceleration_status}";
 * - nested blocks are documented "NAME block." and typed as a struct (a single block, MaxItems 1)
 *   or `IResolvable | Struct[]` (a repeated block); attributes are primitives, lists or maps;
 * - `optional: true` absent means Terraform `required`; computed-only attributes are not in the
 *   Config struct at all, and neither are the meta-arguments (they come from cdktf.TerraformMetaArguments).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROVIDERS = {
  aws: { package: '@cdktf/provider-aws', version: '21.22.1', config: 'AwsProviderConfig' },
  google: { package: '@cdktf/provider-google', version: '16.12.1', config: 'GoogleProviderConfig' },
  azurerm: { package: '@cdktf/provider-azurerm', version: '14.23.1', config: 'AzurermProviderConfig' },
};
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'test/validators/data');

let NAME, PACKAGE, VERSION, TYPES_FILE, OUT_FILE, CLASS_DOC, PROP_ANCHOR, PROVIDER_CONFIG;
function select(name) {
  const p = PROVIDERS[name];
  if (!p) throw new Error(`unknown provider "${name}" (known: ${Object.keys(PROVIDERS).join(', ')})`);
  NAME = name;
  PACKAGE = p.package;
  VERSION = p.version;
  TYPES_FILE = join(DATA, `${name}-types.txt`);
  OUT_FILE = join(DATA, `${name}-provider-schema.json`);
  CLASS_DOC = new RegExp(`\\{@link https:\\/\\/registry\\.terraform\\.io\\/providers\\/hashicorp\\/${name}\\/([\\d.]+)\\/docs\\/(resources|data-sources)\\/(\\w+) `);
  PROP_ANCHOR = new RegExp(`\\{@link https:\\/\\/registry\\.terraform\\.io\\/providers\\/hashicorp\\/${name}\\/[\\d.]+\\/docs(?:\\/(?:resources|data-sources)\\/\\w+)?#(\\w+) `);
  PROVIDER_CONFIG = `${PACKAGE}.provider.${p.config}`;
}

function readAllowList() {
  const wanted = { resource: new Set(), data: new Set() };
  for (const raw of readFileSync(TYPES_FILE, 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    if (line.startsWith('data.')) wanted.data.add(line.slice(5));
    else wanted.resource.add(line);
  }
  return wanted;
}

function loadJsii() {
  const dir = mkdtempSync(join(tmpdir(), `provider-${NAME}-`));
  try {
    const cached = process.env.PROVIDER_TARBALL_DIR && join(process.env.PROVIDER_TARBALL_DIR, `cdktf-provider-${NAME}-${VERSION}.tgz`);
    let tarball;
    if (cached && existsSync(cached)) tarball = cached;
    else {
      const out = execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--silent', '--pack-destination', dir], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      tarball = join(dir, out.trim().split('\n').pop());
    }
    execFileSync('tar', ['xzf', tarball, '-C', dir, 'package/.jsii']);
    return JSON.parse(readFileSync(join(dir, 'package/.jsii'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function tfName(prop) {
  const text = `${prop.docs?.summary ?? ''} ${prop.docs?.remarks ?? ''}`;
  return PROP_ANCHOR.exec(text)?.[1] ?? snake(prop.name);
}

/** Strips `IResolvable |` from a jsii type reference. */
function unwrap(type) {
  if (type.union) {
    const rest = type.union.types.filter((t) => t.fqn !== 'cdktf.IResolvable');
    if (rest.length === 1) return unwrap(rest[0]);
    return { union: { types: rest } };
  }
  return type;
}

function typeName(type, types) {
  const t = unwrap(type);
  if (t.primitive) return t.primitive === 'json' ? 'any' : t.primitive;
  if (t.collection) return `${t.collection.kind === 'map' ? 'map' : 'list'}(${typeName(t.collection.elementtype, types)})`;
  if (t.fqn) return types[t.fqn]?.datatype ? 'object' : 'any';
  if (t.union) return t.union.types.map((u) => typeName(u, types)).join('|');
  return 'any';
}

/** The struct a property nests, and how (single block or repeated block), if any. */
function nestedStruct(type, types) {
  const t = unwrap(type);
  if (t.fqn && types[t.fqn]?.datatype) return { fqn: t.fqn, nesting: 'single' };
  if (t.collection && t.collection.kind === 'array') {
    const el = unwrap(t.collection.elementtype);
    if (el.fqn && types[el.fqn]?.datatype) return { fqn: el.fqn, nesting: 'list' };
  }
  if (t.collection && t.collection.kind === 'map') {
    const el = unwrap(t.collection.elementtype);
    if (el.fqn && types[el.fqn]?.datatype) return { fqn: el.fqn, nesting: 'map' };
  }
  return undefined;
}

function structProperties(fqn, types, seen = new Set()) {
  const struct = types[fqn];
  if (!struct || seen.has(fqn)) return [];
  seen.add(fqn);
  const inherited = (struct.interfaces ?? [])
    .filter((i) => i.startsWith(`${PACKAGE}.`))
    .flatMap((i) => structProperties(i, types, seen));
  return [...inherited, ...(struct.properties ?? [])];
}

function blockSchema(fqn, types, depth = 0) {
  if (depth > 12) throw new Error(`struct nesting too deep at ${fqn}`);
  const attributes = {};
  const blocks = {};
  for (const prop of structProperties(fqn, types)) {
    const name = tfName(prop);
    const required = !prop.optional;
    const nested = nestedStruct(prop.type, types);
    const isBlock = /\bblock\.\s*$/.test(prop.docs?.summary ?? '');
    if (nested && nested.nesting !== 'map' && isBlock) {
      blocks[name] = { nesting: nested.nesting, required, ...blockSchema(nested.fqn, types, depth + 1) };
    } else if (nested) {
      // An attribute of object type (plugin-framework nested attribute): `name = { … }` / `[{ … }]`.
      attributes[name] = { type: typeName(prop.type, types), required, nested: { nesting: nested.nesting, ...blockSchema(nested.fqn, types, depth + 1) } };
    } else {
      attributes[name] = { type: typeName(prop.type, types), required };
    }
  }
  return { attributes: sortKeys(attributes), blocks: sortKeys(blocks) };
}

const sortKeys = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

function extract(jsii, wanted) {
  const types = jsii.types;
  const out = { resource: {}, data: {} };
  const allTypes = { resource: [], data: [] };
  let providerVersion;
  for (const t of Object.values(types)) {
    if (t.kind !== 'class' || t.assembly !== PACKAGE) continue;
    const m = CLASS_DOC.exec(t.docs?.summary ?? '');
    if (!m) continue;
    const [, version, kindPath, shortName] = m;
    const kind = kindPath === 'resources' ? 'resource' : 'data';
    const name = `${NAME}_${shortName}`;
    allTypes[kind].push(name);
    if (!wanted[kind].has(name)) continue;
    const configFqn = t.initializer?.parameters?.[2]?.type?.fqn;
    if (!configFqn) throw new Error(`${t.fqn}: no config struct in the initializer`);
    providerVersion = version;
    out[kind][name] = blockSchema(configFqn, types);
  }
  for (const kind of /** @type {const} */ (['resource', 'data'])) {
    const missing = [...wanted[kind]].filter((n) => !out[kind][n]);
    if (missing.length) throw new Error(`not in ${PACKAGE}@${VERSION}: ${missing.map((n) => (kind === 'data' ? `data.${n}` : n)).join(', ')}`);
  }
  return {
    $comment: `Generated by scripts/extract-provider-schema.mjs from ${PACKAGE}@${VERSION} for the types in ${NAME}-types.txt. Do not edit.`,
    source: `${PACKAGE}@${VERSION}`,
    provider: `registry.terraform.io/hashicorp/${NAME}`,
    providerVersion,
    provider: blockSchema(PROVIDER_CONFIG, types),
    resource: sortKeys(out.resource),
    data: sortKeys(out.data),
    // Every type of the provider, to tell a misspelt type from one that is only missing from aws-types.txt.
    allTypes: { resource: allTypes.resource.sort(), data: allTypes.data.sort() },
  };
}

const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
let stale = false;
for (const name of names.length ? names : Object.keys(PROVIDERS)) {
  select(name);
  const schema = extract(loadJsii(), readAllowList());
  const text = `${JSON.stringify(schema, null, 1)}\n`;
  if (process.argv.includes('--check')) {
    if (!existsSync(OUT_FILE) || readFileSync(OUT_FILE, 'utf8') !== text) {
      console.error(`${OUT_FILE} is stale: run node scripts/extract-provider-schema.mjs ${name}`);
      stale = true;
    } else console.log(`${name}-provider-schema.json is up to date`);
  } else {
    writeFileSync(OUT_FILE, text);
    const count = Object.keys(schema.resource).length + Object.keys(schema.data).length;
    console.log(`wrote ${OUT_FILE}: ${count} types, ${Buffer.byteLength(text)} bytes (${name} provider ${schema.providerVersion})`);
  }
}
if (stale) process.exit(1);
