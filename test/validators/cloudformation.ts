/**
 * CloudFormation: every `*.yaml`/`*.yml`/`*.json` under a `cloudformation/` directory that is a
 * template (has `Resources`) or a parameter file (`[{ParameterKey, ParameterValue}]` or
 * `{ "Parameters": { … } }`), checked against @aws-cdk/aws-service-spec 0.1.216 (1828 types):
 * - every resource type exists, every property exists at any depth (property types followed),
 *   required properties are present, literal values of enum properties are allowed ones;
 * - `Ref`/`!Sub ${…}` name a parameter, resource or pseudo parameter; `GetAtt` names a resource
 *   and an attribute its type has; `Condition`/`!If` name a condition, `!FindInMap` a mapping;
 * - `Fn::ImportValue` names an export of a template of the same tree (the stack set), `${…}` in
 *   either name matching anything; export names are unique;
 * - a parameter file belongs to the template whose file name (without extension) starts its own
 *   name (`service.yaml` ← `service.prod.json`), names only its parameters and sets every one
 *   without a Default.
 * Custom resources (`Custom::*`, `AWS::CloudFormation::CustomResource`) are checked for refs only.
 */
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { PropertyType, Resource, SpecDatabase } from '@aws-cdk/service-spec-types';
import { type Finding, type PathSeg, type RunContext, type Tree, type TreeFile, baseName, closest, isRecord, lineAt, parseYaml, pathString } from './common.js';
import { intrinsic, isTemplate, parseCfn } from './cfn-yaml.js';

export const CLOUDFORMATION = 'cloudformation';

export const isCloudFormationPath = (p: string): boolean => /(^|\/)cloudformation\/(.+\/)?[^/]+\.(ya?ml|json)$/.test(p);

const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy', 'Metadata']);

let db: SpecDatabase | undefined;
let allTypes: string[] | undefined;
function spec(): SpecDatabase {
  db ??= loadAwsServiceSpecSync();
  return db;
}
function resourceSpec(type: string): Resource | undefined {
  return spec().lookup('resource', 'cloudFormationType', 'equals', type)[0];
}

/** Line of the deepest part of the path that is in the file (intrinsics' long form is not). */
function cfnLine(file: TreeFile, path: PathSeg[]): number {
  const yf = parseYaml(file);
  const doc = yf.docs[0];
  if (!doc) return 1;
  for (let n = path.length; n >= 0; n--) {
    const line = lineAt(yf, doc, path.slice(0, n));
    if (line !== undefined) return line;
  }
  return doc.line;
}

export function cfnFiles(tree: Tree): { templates: TreeFile[]; params: TreeFile[] } {
  const templates: TreeFile[] = [];
  const params: TreeFile[] = [];
  for (const f of tree.values()) {
    if (!isCloudFormationPath(f.path)) continue;
    const v = parseCfn(f).value;
    if (isTemplate(v)) templates.push(f);
    else if ((Array.isArray(v) && v.length && v.every((p) => isRecord(p) && 'ParameterKey' in p)) || (isRecord(v) && isRecord(v.Parameters) && !('Resources' in v))) params.push(f);
  }
  return { templates, params };
}

const patternOf = (name: string): RegExp => new RegExp(`^${name.replace(/\$\{[^}]*\}/g, '\u0000').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\u0000/g, '.+')}$`);
const placeholder = (name: string): string => name.replace(/\$\{[^}]*\}/g, 'x');
/** An exported and an imported name can be equal once their `${…}` are substituted. */
const sameName = (a: string, b: string): boolean => a === b || patternOf(a).test(placeholder(b)) || patternOf(b).test(placeholder(a));

/** Literal (or !Sub string) export names of every template. */
function exportsOf(templates: TreeFile[]): { file: TreeFile; name: string; path: PathSeg[] }[] {
  return templates.flatMap((file) => {
    const t = parseCfn(file).value as Record<string, unknown>;
    const outputs = isRecord(t.Outputs) ? t.Outputs : {};
    return Object.entries(outputs).flatMap(([id, o]) => {
      const exp = isRecord(o) && isRecord(o.Export) ? o.Export.Name : undefined;
      const sub = intrinsic(exp);
      const name = typeof exp === 'string' ? exp : sub?.fn === 'Fn::Sub' && typeof sub.arg === 'string' ? sub.arg : undefined;
      return name ? [{ file, name, path: ['Outputs', id, 'Export', 'Name'] as PathSeg[] }] : [];
    });
  });
}

function checkTemplate(file: TreeFile, exported: { name: string }[], findings: Finding[]): void {
  const t = parseCfn(file).value as Record<string, unknown>;
  const push = (path: PathSeg[], message: string): void => {
    findings.push({ validator: CLOUDFORMATION, file: file.path, location: `${pathString(path)} (line ${cfnLine(file, path)})`, message });
  };
  const resources = t.Resources as Record<string, unknown>;
  const params = new Set(Object.keys(isRecord(t.Parameters) ? t.Parameters : {}));
  const conditions = new Set(Object.keys(isRecord(t.Conditions) ? t.Conditions : {}));
  const mappings = new Set(Object.keys(isRecord(t.Mappings) ? t.Mappings : {}));
  const refable = new Set([...params, ...Object.keys(resources), ...PSEUDO]);
  const typeOf = (id: string): string | undefined => (isRecord(resources[id]) && typeof resources[id].Type === 'string' ? resources[id].Type : undefined);

  const checkGetAtt = (path: PathSeg[], id: string, attr: string | undefined): void => {
    if (!(id in resources)) return push(path, `GetAtt names "${id}", which is not a resource of this template${hint(id, Object.keys(resources))}`);
    const type = typeOf(id);
    const rs = type && resourceSpec(type);
    if (rs && attr !== undefined && !(attr in rs.attributes)) push(path, `${type} has no attribute "${attr}" for GetAtt${hint(attr, Object.keys(rs.attributes))}`);
  };
  const refs = (v: unknown, path: PathSeg[]): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => refs(x, [...path, i]));
    if (!isRecord(v)) return;
    const fn = intrinsic(v);
    if (fn?.fn === 'Ref' && typeof fn.arg === 'string' && !refable.has(fn.arg)) push(path, `Ref "${fn.arg}" is not a parameter, resource or pseudo parameter of this template${hint(fn.arg, refable)}`);
    if (fn?.fn === 'Fn::GetAtt') {
      const arg = fn.arg;
      if (Array.isArray(arg) && typeof arg[0] === 'string') checkGetAtt(path, arg[0], typeof arg[1] === 'string' ? arg[1] : undefined);
    }
    if (fn?.fn === 'Fn::Sub') {
      const [text, vars] = Array.isArray(fn.arg) ? [fn.arg[0], fn.arg[1]] : [fn.arg, undefined];
      const local = new Set(Object.keys(isRecord(vars) ? vars : {}));
      for (const m of typeof text === 'string' ? text.matchAll(/\$\{([^!}][^}]*)\}/g) : []) {
        const [id, ...rest] = m[1]!.trim().split('.');
        if (local.has(m[1]!.trim()) || local.has(id!)) continue;
        if (rest.length) checkGetAtt(path, id!, rest.join('.'));
        else if (!refable.has(id!)) push(path, `!Sub names \${${id}}, which is not a parameter, resource, pseudo parameter or Sub variable${hint(id!, refable)}`);
      }
    }
    if ((fn?.fn === 'Condition' && typeof fn.arg === 'string' && !conditions.has(fn.arg)) || (fn?.fn === 'Fn::If' && Array.isArray(fn.arg) && typeof fn.arg[0] === 'string' && !conditions.has(fn.arg[0]))) {
      push(path, `condition "${fn.fn === 'Fn::If' ? String((fn.arg as unknown[])[0]) : String(fn.arg)}" is not in Conditions`);
    }
    if (fn?.fn === 'Fn::FindInMap' && Array.isArray(fn.arg) && typeof fn.arg[0] === 'string' && !mappings.has(fn.arg[0])) push(path, `mapping "${fn.arg[0]}" is not in Mappings`);
    if (fn?.fn === 'Fn::ImportValue') {
      const sub = intrinsic(fn.arg);
      const name = typeof fn.arg === 'string' ? fn.arg : sub?.fn === 'Fn::Sub' && typeof sub.arg === 'string' ? sub.arg : undefined;
      if (name && !exported.some((e) => sameName(e.name, name))) push(path, `ImportValue "${name}" is not exported by any template of this stack set (Outputs.*.Export.Name)`);
    }
    for (const [k, x] of Object.entries(v)) refs(x, [...path, k]);
  };

  for (const [id, r] of Object.entries(resources)) {
    const at: PathSeg[] = ['Resources', id];
    if (!isRecord(r)) {
      push(at, 'resource is not a map');
      continue;
    }
    for (const k of Object.keys(r)) if (!RESOURCE_KEYS.has(k)) push([...at, k], `unknown resource attribute "${k}"${hint(k, RESOURCE_KEYS)}`);
    if (typeof r.Condition === 'string' && !conditions.has(r.Condition)) push([...at, 'Condition'], `condition "${r.Condition}" is not in Conditions`);
    for (const dep of typeof r.DependsOn === 'string' ? [r.DependsOn] : Array.isArray(r.DependsOn) ? r.DependsOn : []) {
      if (typeof dep === 'string' && !(dep in resources)) push([...at, 'DependsOn'], `DependsOn "${dep}" is not a resource of this template`);
    }
    refs(r.Properties, [...at, 'Properties']);
    const type = r.Type;
    if (typeof type !== 'string') {
      push(at, 'resource without a Type');
      continue;
    }
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') continue;
    const rs = resourceSpec(type);
    if (!rs) {
      allTypes ??= spec().all('resource').map((x) => x.cloudFormationType);
      push([...at, 'Type'], `unknown resource type "${type}" (not in @aws-cdk/aws-service-spec 0.1.216)${hint(type, allTypes)}`);
      continue;
    }
    checkProps(rs.properties, r.Properties ?? {}, [...at, 'Properties'], type, push);
  }
  refs(t.Outputs, ['Outputs']);
  refs(t.Conditions, ['Conditions']);
}

function hint(word: string, among: Iterable<string>): string {
  const h = closest(word, among, 4);
  return h ? ` (did you mean "${h}"?)` : '';
}

type Props = Record<string, { required?: boolean; type: PropertyType }>;

function checkProps(props: Props, value: unknown, path: PathSeg[], label: string, push: (path: PathSeg[], message: string) => void): void {
  if (intrinsic(value) || !isRecord(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const p = props[k];
    if (!p) push([...path, k], `${label} has no property "${k}"${hint(k, Object.keys(props))}`);
    else checkValue(p.type, v, [...path, k], `${label}.${k}`, push);
  }
  for (const [k, p] of Object.entries(props)) if (p.required && !(k in value)) push(path, `${label}: missing required property "${k}"`);
}

function checkValue(type: PropertyType, v: unknown, path: PathSeg[], label: string, push: (path: PathSeg[], message: string) => void): void {
  if (v === undefined || v === null || intrinsic(v)) return;
  switch (type.type) {
    case 'ref': {
      const def = spec().get('typeDefinition', type.reference);
      return checkProps(def.properties, v, path, def.name, push);
    }
    case 'array':
      if (Array.isArray(v)) v.forEach((x, i) => checkValue(type.element, x, [...path, i], label, push));
      return;
    case 'map':
      if (isRecord(v)) for (const [k, x] of Object.entries(v)) checkValue(type.element, x, [...path, k], label, push);
      return;
    case 'union': {
      // Check against the one object type of the union, if the value is an object.
      const refs = type.types.filter((t) => t.type === 'ref');
      if (isRecord(v) && refs.length === 1) checkValue(refs[0]!, v, path, label, push);
      return;
    }
    case 'string':
      if (type.allowedValues && typeof v === 'string' && !type.allowedValues.includes(v)) push(path, `${label}: "${v}" is not one of ${type.allowedValues.join(', ')}${hint(v, type.allowedValues)}`);
      return;
    default:
  }
}

function checkParams(file: TreeFile, templates: TreeFile[], findings: Finding[]): void {
  const v = parseCfn(file).value;
  const given = Array.isArray(v) ? v.filter(isRecord).map((p) => String(p.ParameterKey)) : Object.keys((v as { Parameters: Record<string, unknown> }).Parameters);
  const name = baseName(file.path);
  const owner = templates
    .filter((t) => name.startsWith(baseName(t.path).replace(/\.(ya?ml|json)$/, '')))
    .sort((a, b) => baseName(b.path).length - baseName(a.path).length)[0];
  const push = (message: string): void => {
    findings.push({ validator: CLOUDFORMATION, file: file.path, message });
  };
  if (!owner) return push(`parameter file matches no template (its name must start with a template's file name: ${templates.map((t) => baseName(t.path)).join(', ') || 'none'})`);
  const t = parseCfn(owner).value as Record<string, unknown>;
  const declared = isRecord(t.Parameters) ? t.Parameters : {};
  for (const k of given) if (!(k in declared)) push(`"${k}" is not a parameter of ${owner.path}${hint(k, Object.keys(declared))}`);
  for (const [k, p] of Object.entries(declared)) if (isRecord(p) && !('Default' in p) && !given.includes(k)) push(`${owner.path} requires parameter "${k}" (no Default), which this file does not set`);
}

export async function checkCloudFormation(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const { templates, params } = cfnFiles(tree);
  const findings: Finding[] = [];
  for (const f of tree.values()) {
    if (!isCloudFormationPath(f.path)) continue;
    for (const e of parseCfn(f).errors) findings.push({ validator: CLOUDFORMATION, file: f.path, location: `line ${e.line}`, message: e.message });
  }
  if (!templates.length) return findings;
  const exported = exportsOf(templates);
  exported.forEach((e, i) => {
    if (exported.findIndex((x) => x.name === e.name) < i) findings.push({ validator: CLOUDFORMATION, file: e.file.path, location: pathString(e.path), message: `export name "${e.name}" is exported twice in this stack set` });
  });
  for (const f of templates) checkTemplate(f, exported, findings);
  for (const f of params) checkParams(f, templates, findings);
  return findings;
}
