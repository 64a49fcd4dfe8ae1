/**
 * Reads back which CI tokens each environment's deploy role admits: its trust policy's `sub` and
 * `aud` conditions, with `each.value.*` resolved from `local.environments` (the generated form);
 * a literal condition is read as written, any other form admits every value of that claim.
 */
import type { Plan } from '../../../../plan/types.js';
import type { EnvironmentTrustFact } from '../../../../steps/facts.js';
import { type HclValue, hclObjectAttribute, resourceBlock } from '../../../iac/terraform/read-hcl.js';

/** The values a condition's right-hand side admits: `each.value.KEY` of the environment, a string, a list. */
function admitted(expression: string | undefined, env: Record<string, HclValue>): string[] {
  if (!expression) return ['*'];
  const each = /^each\.value\.(\w+)$/.exec(expression);
  if (each) {
    const value = env[each[1]!];
    return typeof value === 'string' ? [value] : Array.isArray(value) ? value : ['*'];
  }
  const quoted = [...expression.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
  return quoted.length ? quoted : ['*'];
}

export function awsEnvironmentTrust(files: Map<string, { path: string; content: string }>, plan: Plan): EnvironmentTrustFact[] {
  const main = files.get('main.tf');
  const role = main && resourceBlock(main.content, 'aws_iam_role', 'deploy');
  if (!main || !role) return [];
  const condition = (claim: string): string | undefined => new RegExp(`:${claim}"\\s*=\\s*(.+)$`, 'm').exec(role)?.[1]?.trim();
  const environments = hclObjectAttribute(main.content, 'environments') ?? {};
  const file = `${plan.paths.bootstrapDir}/main.tf`;
  return Object.entries(environments).flatMap(([environment, value]) => {
    if (typeof value !== 'object' || Array.isArray(value)) return [];
    const audiences = admitted(condition('aud'), value);
    const admits = admitted(condition('sub'), value).flatMap((sub) => audiences.map((aud) => ({ sub, aud })));
    return [{ environment, file, admits }];
  });
}
