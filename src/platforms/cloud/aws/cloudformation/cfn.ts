/**
 * Small builders for CloudFormation templates written as YAML from objects, with CloudFormation's
 * short-form tags (`!Ref Vpc`, `!Sub …`, `!GetAtt Role.Arn`): a third fewer lines than the long
 * form. `readTemplate` reads them back as the long form CloudFormation means (`{ Ref: … }`), for
 * the facts. Names the stacks and what they export.
 */
import { DEFAULT_SCHEMA, Type, load } from 'js-yaml';
import type { VirtualFile } from '../../../../core/files.js';
import { toYaml } from '../../../../render/yaml.js';

/** An intrinsic function written with its short tag. */
class Fn {
  constructor(readonly name: string, readonly arg: unknown) {}
}

const SCALARS = ['Ref', 'Sub', 'GetAtt', 'GetAZs'] as const;
const SEQUENCES = ['Select', 'Equals', 'If', 'Join'] as const;
const longForm = (name: string, arg: unknown): Record<string, unknown> => {
  if (name === 'Ref') return { Ref: arg };
  if (name === 'GetAtt' && typeof arg === 'string') return { 'Fn::GetAtt': [arg.slice(0, arg.indexOf('.')), arg.slice(arg.indexOf('.') + 1)] };
  return { [`Fn::${name}`]: arg };
};
const TYPES = [
  ...SCALARS.map((name) => new Type(`!${name}`, { kind: 'scalar', instanceOf: Fn, predicate: (f) => (f as Fn).name === name, represent: (f) => String((f as Fn).arg), construct: (d: string) => longForm(name, d ?? '') })),
  ...SEQUENCES.map((name) => new Type(`!${name}`, { kind: 'sequence', instanceOf: Fn, predicate: (f) => (f as Fn).name === name, represent: (f) => (f as Fn).arg as object, construct: (d: unknown[]) => longForm(name, d) })),
];
const READ = DEFAULT_SCHEMA.extend(TYPES);

export const ref = (name: string) => new Fn('Ref', name);
export const sub = (text: string) => new Fn('Sub', text);
export const getAtt = (resource: string, attribute: string) => new Fn('GetAtt', `${resource}.${attribute}`);
export const fn = (name: (typeof SEQUENCES)[number] | 'GetAZs', arg: unknown) => new Fn(name, arg);
/** A string, or `!Sub` of it when it names a pseudo parameter (`${AWS::AccountId}`) or a parameter. */
export const maybeSub = (text: string): unknown => (text.includes('${') ? sub(text) : text);
export const tags = (values: Record<string, unknown>) => Object.entries(values).map(([Key, Value]) => ({ Key, Value }));

/** A template as CloudFormation reads it (intrinsics in their long form); undefined when it does not parse. */
export function readTemplate(content: string): unknown {
  try {
    return load(content, { schema: READ });
  } catch {
    return undefined;
  }
}

/** The stack an administrator deploys once per environment, holding its CI identities (its exports are regional). */
export const bootstrapStackName = (app: string, environment: string): string => `${app}-bootstrap-${environment}`;
/** The stack CI deploys per target. Stack names: a letter, then letters, digits and '-'. */
export const platformStackName = (app: string, target: string): string => `${app}-platform-${target}`;

/** The role CloudFormation acts as for an environment's stacks (from T2, when CI deploys them). */
export const executionRoleName = (app: string, env: string): string => `${app}-cfn-${env}`;

export interface Template {
  Description?: string;
  Parameters?: Record<string, object>;
  Rules?: Record<string, object>;
  Conditions?: Record<string, object>;
  Resources: Record<string, object>;
  Outputs?: Record<string, object>;
}

export function templateFile(path: string, summary: string, template: Template, header?: string): VirtualFile {
  // js-yaml leaves a space after a tag whose sequence starts on the next line.
  const text = toYaml(template, false, TYPES).replace(/ +$/gm, '');
  return { path, content: header ? `${header.split('\n').map((l) => `# ${l}`).join('\n')}\n${text}` : text, producer: 'iac', summary };
}

/** A parameter file as `create-change-set --parameters file://…` reads it: one parameter a line. */
export function parameterFile(path: string, summary: string, values: Record<string, string>): VirtualFile {
  const lines = Object.entries(values).map(([ParameterKey, ParameterValue]) => `  ${JSON.stringify({ ParameterKey, ParameterValue })}`);
  return { path, content: `[\n${lines.join(',\n')}\n]\n`, producer: 'iac', summary };
}
