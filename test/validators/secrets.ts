/**
 * No secret-looking literal in any generated file (shared/REFERENCE.md §1 and §10):
 * - token shapes, everywhere (`.env.example` included): AWS access key ids (AKIA/ASIA…),
 *   private key headers, GitHub tokens (ghp_/gho_/ghu_/ghs_/ghr_, github_pat_), Slack tokens,
 *   Stripe live keys, Google API keys;
 * - a password/secret/token/api key/access key given a literal value, in YAML (`password: x`),
 *   HCL (`password = "x"`), JSON (`"password": "x"`) and env files (`DB_PASSWORD=x`), skipped in
 *   `*.example`/`*.sample`/`*.template` files. References are fine: `${{ secrets.X }}`, `${VAR}`,
 *   `$VAR`, `{{ … }}`, `<placeholder>`, HCL expressions, booleans and numbers.
 */
import { type Finding, type RunContext, type Tree, baseName } from './common.js';

export const SECRETS = 'secret-literals';

const TOKEN_SHAPES: { name: string; re: RegExp }[] = [
  { name: 'AWS access key id', re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'private key', re: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { name: 'GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'GitHub fine-grained token', re: /\bgithub_pat_[A-Za-z0-9_]{22,}\b/ },
  { name: 'Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'Stripe live key', re: /\b[sr]k_live_[A-Za-z0-9]{16,}\b/ },
  { name: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
];

/** Key names that hold a credential (after camelCase → snake_case). */
const SECRET_KEY = /(^|_)(password|passwd|pwd|secret|client_secret|token|auth_token|access_token|api_key|apikey|access_key|secret_access_key|private_key)$/;

const isExampleFile = (p: string): boolean => /\.(example|sample|template|tmpl|dist)$/.test(baseName(p)) || /\.example\./.test(baseName(p));

export function isReference(value: string): boolean {
  const v = value.trim();
  return (
    v === '' ||
    /^\$\{\{[\s\S]*\}\}$/.test(v) || // GitHub expression
    /^\$\{?[A-Za-z_][A-Za-z0-9_]*(:?[-?=][^}]*)?\}?$/.test(v) || // ${VAR}, $VAR, ${VAR:-x}
    /^\{\{[\s\S]*\}\}$/.test(v) || // template
    /^<[^>]+>$/.test(v) ||
    /^(true|false|null|~|yes|no|on|off|\d+(\.\d+)?)$/i.test(v) ||
    /^(read|write|none)$/.test(v) || // GitHub Actions permission levels (`id-token: write`)
    /^(changeme|change-me|replace-me|example|placeholder|redacted|x{3,}|\*{3,}|\.{3})$/i.test(v)
  );
}

const snake = (k: string): string => k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-.]/g, '_').toLowerCase();

/** `key: value` / `key = "value"` / `"key": "value"` / `KEY=value` pairs with a literal value. */
function literalAssignments(path: string, content: string): { line: number; key: string; value: string }[] {
  const out: { line: number; key: string; value: string }[] = [];
  const lines = content.split('\n');
  const hcl = /\.(tf|tfvars|hcl)$/.test(path);
  const env = /(^|\/)\.env(\.|$)|\.env$/.test(path);
  lines.forEach((text, i) => {
    if (/^\s*(#|\/\/)/.test(text)) return;
    let m: RegExpExecArray | null;
    if (hcl) {
      // Only quoted literals: an unquoted right-hand side is an expression (var.x, random_password.x.result).
      m = /^\s*"?([A-Za-z_][\w-]*)"?\s*=\s*"((?:[^"\\$]|\\.)*)"\s*(#.*)?$/.exec(text);
    } else if (env) {
      m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text);
    } else if ((m = /^\s*-\s+["']?([A-Za-z_][A-Za-z0-9_]*)=([^"']*)["']?\s*$/.exec(text))) {
      // YAML list entry `- KEY=value` (compose `environment:` in list form)
    } else {
      // YAML or JSON: key: value on one line (block scalars and nested values are not literals here).
      m = /^\s*(?:-\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*:\s*(?!\||>)["']?([^"'#,{}[\]]*?)["']?\s*,?\s*(#.*)?$/.exec(text);
    }
    if (!m) return;
    const value = (m[2] ?? '').trim().replace(/^["']|["']$/g, '');
    out.push({ line: i + 1, key: m[1]!, value });
  });
  return out;
}

export async function checkSecrets(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of tree.values()) {
    const lines = file.content.split('\n');
    lines.forEach((text, i) => {
      for (const { name, re } of TOKEN_SHAPES) {
        const m = re.exec(text);
        if (m) findings.push({ validator: SECRETS, file: file.path, location: `line ${i + 1}`, message: `${name} literal (${m[0].slice(0, 8)}…): never put credentials in generated files` });
      }
    });
    if (isExampleFile(file.path) || /\.(md|txt)$/.test(file.path)) continue;
    for (const { line, key, value } of literalAssignments(file.path, file.content)) {
      if (!SECRET_KEY.test(snake(key)) || isReference(value)) continue;
      findings.push({
        validator: SECRETS,
        file: file.path,
        location: `line ${line}`,
        message: `"${key}" has a literal value: read it from a secret store or the environment (\${{ secrets.X }}, \${VAR}, secretKeyRef, a secret manager)`,
      });
    }
  }
  return findings;
}
