#!/usr/bin/env node
/**
 * Cuts the Terraform AWS provider schema out of @cdktf/provider-aws's jsii assembly, for the
 * offline provider-schema check in test/validators/terraform-schema.ts.
 *
 *   node scripts/extract-provider-schema.mjs            # writes test/validators/data/aws-provider-schema.json
 *   node scripts/extract-provider-schema.mjs --check    # exits 1 if the committed JSON is stale
 *
 * The package (392 MB unpacked) is never added to the project: it is `npm pack`ed into a temp
 * dir, only `package/.jsii` is unpacked, and the types listed in
 * test/validators/data/aws-types.txt are kept. Needs the npm registry; run it by hand after
 * editing aws-types.txt or bumping the version, and commit the JSON.
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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@cdktf/provider-aws';
const VERSION = '21.22.1';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TYPES_FILE = join(ROOT, 'test/validators/data/aws-types.txt');
const OUT_FILE = join(ROOT, 'test/validators/data/aws-provider-schema.json');

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
  const dir = mkdtempSync(join(tmpdir(), 'provider-aws-'));
  try {
    const out = execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--silent', '--pack-destination', dir], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tarball = out.trim().split('\n').pop();
    execFileSync('tar', ['xzf', join(dir, tarball), '-C', dir, 'package/.jsii']);
    return JSON.parse(readFileSync(join(dir, 'package/.jsii'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CLASS_DOC = /\{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/([\d.]+)\/docs\/(resources|data-sources)\/(\w+) /;
const PROP_ANCHOR = /\{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/[\d.]+\/docs(?:\/(?:resources|data-sources)\/\w+)?#(\w+) /;
const PROVIDER_CONFIG = `${PACKAGE}.provider.AwsProviderConfig`;

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
    const name = `aws_${shortName}`;
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
    $comment: `Generated by scripts/extract-provider-schema.mjs from ${PACKAGE}@${VERSION} for the types in aws-types.txt. Do not edit.`,
    source: `${PACKAGE}@${VERSION}`,
    provider: 'registry.terraform.io/hashicorp/aws',
    providerVersion,
    provider: blockSchema(PROVIDER_CONFIG, types),
    resource: sortKeys(out.resource),
    data: sortKeys(out.data),
    // Every type of the provider, to tell a misspelt type from one that is only missing from aws-types.txt.
    allTypes: { resource: allTypes.resource.sort(), data: allTypes.data.sort() },
  };
}

const wanted = readAllowList();
const schema = extract(loadJsii(), wanted);
const text = `${JSON.stringify(schema, null, 1)}\n`;
if (process.argv.includes('--check')) {
  const current = readFileSync(OUT_FILE, 'utf8');
  if (current !== text) {
    console.error(`${OUT_FILE} is stale: run node scripts/extract-provider-schema.mjs`);
    process.exit(1);
  }
  console.log('aws-provider-schema.json is up to date');
} else {
  writeFileSync(OUT_FILE, text);
  const count = Object.keys(schema.resource).length + Object.keys(schema.data).length;
  console.log(`wrote ${OUT_FILE}: ${count} types, ${Buffer.byteLength(text)} bytes (AWS provider ${schema.providerVersion})`);
}
