/**
 * Google's Workload Identity Federation refuses a token exchange whose mapped `google.subject`
 * passes 127 bytes. For every `google_iam_workload_identity_pool_provider`, this computes the
 * longest subject an admitted token can map to: its CEL mapping is a `+` of string literals and
 * claims; each claim is as long as the answers schema lets the value it is bound to be
 * (environment names, the branch, the repository path), or as a platform's numeric ids run; `sub`
 * is bounded only where the attribute_condition lists its admitted values. A claim it cannot bound
 * is a finding too: the limit must hold for every answers file, not just the one generated.
 */
import { readFileSync } from 'node:fs';
import { type Finding, type Tree, isRecord } from './common.js';
import { headerLocation, parseHcl, terraformFiles } from './hcl.js';

export const WIF_SUBJECT = 'wif-subject-length';
export const SUBJECT_LIMIT = 127;

interface SchemaField { maxLength?: number; maximum?: number; items?: SchemaField; properties?: Record<string, SchemaField> }

let maxima: Record<string, number> | undefined;
/** The longest value each claim can carry in a token the condition admits. */
export function claimMaxima(): Record<string, number> {
  if (maxima) return maxima;
  const schema = JSON.parse(readFileSync(new URL('../../schemas/devops-stack.schema.json', import.meta.url), 'utf8')) as { properties: Record<string, SchemaField> };
  const field = (name: string): SchemaField => schema.properties[name] ?? {};
  const digits = (n: number | undefined): number => String(n ?? Number.MAX_SAFE_INTEGER).length;
  const environment = field('environments').items?.maxLength;
  const branch = field('branch').maxLength;
  const repository = field('repository').maxLength;
  if (!environment || !branch || !repository) throw new Error('schemas/devops-stack.schema.json: environments.items, branch or repository has no maxLength');
  maxima = {
    environment,
    ref: branch,
    project_path: repository,
    repository,
    // GitHub's numeric ids, as far as the schema takes them (repositoryIds).
    repository_id: digits(field('repositoryIds').properties?.['repository']?.maximum),
    repository_owner_id: digits(field('repositoryIds').properties?.['owner']?.maximum),
    // GitLab's ids are 64-bit integers.
    project_id: String(2n ** 63n - 1n).length,
    namespace_id: String(2n ** 63n - 1n).length,
    ref_type: 'branch'.length,
  };
  return maxima;
}

/** Top-level `+` terms of a CEL expression (quotes respected). */
function terms(expression: string): string[] {
  const out: string[] = [];
  let quote = '';
  let current = '';
  for (const ch of expression) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '+') {
      out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current.trim());
  return out;
}

/** The values a condition admits for a claim (`== 'x'` or `in ['x', 'y']`), or undefined. */
function admitted(condition: string, claim: string): string[] | undefined {
  // A claim as CEL names it: `assertion.ref`, or `assertion['oidc.circleci.com/project-id']` for a name that is no identifier.
  const name = /^\w+$/.test(claim) ? `assertion\\.${claim}` : `assertion\\['${claim.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}'\\]`;
  const equal = new RegExp(`${name}\\s*==\\s*'([^']*)'`).exec(condition);
  if (equal) return [equal[1]!];
  const list = new RegExp(`${name}\\s+in\\s+\\[([^\\]]*)\\]`).exec(condition);
  return list ? [...list[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!) : undefined;
}

/** The longest subject in bytes, or the term that has no bound. */
export function worstSubjectBytes(mapping: string, condition: string): { bytes: number } | { unbounded: string } {
  let bytes = 0;
  for (const term of terms(mapping)) {
    const literal = /^(['"])(.*)\1$/.exec(term);
    const m = /^assertion(?:\.(\w+)|\['([^'\]]+)'\])$/.exec(term);
    const claim = m ? (m[1] ?? m[2]) : undefined;
    const values = claim ? admitted(condition, claim) : undefined;
    if (literal) bytes += Buffer.byteLength(literal[2]!);
    else if (claim && claim !== 'sub' && claimMaxima()[claim] !== undefined) bytes += claimMaxima()[claim]!;
    else if (values?.length) bytes += Math.max(...values.map((v) => Buffer.byteLength(v)));
    else return { unbounded: term };
  }
  return { bytes };
}

export async function checkWifSubject(tree: Tree): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of terraformFiles(tree)) {
    const providers = (await parseHcl(file)).json?.['resource'];
    const byName = isRecord(providers) ? providers['google_iam_workload_identity_pool_provider'] : undefined;
    if (!isRecord(byName)) continue;
    for (const [name, bodies] of Object.entries(byName)) {
      for (const body of Array.isArray(bodies) ? bodies : []) {
        if (!isRecord(body)) continue;
        const mappings = body['attribute_mapping'];
        const mapping = isRecord(mappings) ? mappings['google.subject'] : undefined;
        if (typeof mapping !== 'string') continue;
        const condition = typeof body['attribute_condition'] === 'string' ? body['attribute_condition'] : '';
        const worst = worstSubjectBytes(mapping, condition);
        const where = headerLocation(file, 'resource', ['google_iam_workload_identity_pool_provider', name]);
        const push = (message: string): void => void findings.push({ validator: WIF_SUBJECT, file: file.path, location: where, message });
        if ('unbounded' in worst) push(`google.subject = ${mapping}: "${worst.unbounded}" has no bound the answers schema or the attribute_condition sets; Google refuses subjects over ${SUBJECT_LIMIT} bytes`);
        else if (worst.bytes > SUBJECT_LIMIT) push(`google.subject = ${mapping} can map to ${worst.bytes} bytes (schema maxima); Google refuses subjects over ${SUBJECT_LIMIT} bytes`);
      }
    }
  }
  return findings;
}
