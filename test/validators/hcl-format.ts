/**
 * Terraform formatting: `format(x) === x` with @cdktf/hcl-tools 0.21.0 (hclwrite, the formatter
 * behind `terraform fmt`) on every `.tf`, `.tfvars` and `.tfbackend`; a drift is reported with
 * the first differing lines. hclwrite does not fail on broken HCL: syntax is hcl-syntax's job.
 */
import { format } from '@cdktf/hcl-tools';
import type { Finding, RunContext, Tree } from './common.js';
import { isHclPath, parseHcl } from './hcl.js';

export const HCL_FORMAT = 'terraform-fmt';

/** Up to `max` differing lines, as `-`/`+` pairs with line numbers. */
export function shortDiff(actual: string, expected: string, max = 3): { firstLine: number; text: string } {
  const a = actual.split('\n');
  const b = expected.split('\n');
  const out: string[] = [];
  let first = 0;
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < max * 2; i++) {
    if (a[i] === b[i]) continue;
    if (!first) first = i + 1;
    out.push(`-${i + 1}: ${JSON.stringify(a[i] ?? '')}`, `+${i + 1}: ${JSON.stringify(b[i] ?? '')}`);
    // Stop once lines got shifted (inserted/removed lines): the rest would all differ.
    if (a.length !== b.length) break;
  }
  return { firstLine: first, text: out.join(' ') };
}

export async function checkHclFormat(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of tree.values()) {
    if (!isHclPath(file.path)) continue;
    if (!file.path.endsWith('.tfbackend') && (await parseHcl(file)).error) continue; // hcl-syntax reports it
    const formatted = await format(file.content);
    if (formatted === file.content) continue;
    const { firstLine, text } = shortDiff(file.content, formatted);
    findings.push({ validator: HCL_FORMAT, file: file.path, location: `line ${firstLine}`, message: `not formatted as \`terraform fmt\` would write it: ${text}` });
  }
  return findings;
}
