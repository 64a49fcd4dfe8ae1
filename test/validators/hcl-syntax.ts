/**
 * Terraform syntax: every `.tf` (and `.tfvars`) file parses with HashiCorp's HCL parser
 * (@cdktf/hcl2json 0.21.0): unclosed blocks, bad expressions, stray tokens.
 */
import type { Finding, RunContext, Tree } from './common.js';
import { parseHcl } from './hcl.js';

export const HCL_SYNTAX = 'hcl-syntax';

export async function checkHclSyntax(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of tree.values()) {
    if (!/\.(tf|tfvars)$/.test(file.path)) continue;
    const { error } = await parseHcl(file);
    if (!error) continue;
    // "parse config: [main.tf:2,7-3,1: Invalid expression; Expected the start of an expression, …]"
    for (const m of error.matchAll(/([^\s[\]]+):(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^;\]]+);?\s*([^\]]*)/g)) {
      findings.push({ validator: HCL_SYNTAX, file: file.path, location: `line ${m[2]}, col ${m[3]}`, message: `${m[4]!.trim()}${m[5] ? `: ${m[5].trim()}` : ''}` });
    }
    if (!findings.some((f) => f.file === file.path)) findings.push({ validator: HCL_SYNTAX, file: file.path, message: error });
  }
  return findings;
}
