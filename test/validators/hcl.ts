/**
 * HCL parsing shared by the Terraform validators: @cdktf/hcl2json 0.21.0 (HashiCorp's hcl
 * parser compiled to wasm), once per file. In its JSON, every block (and every `x = [{…}]`)
 * comes out as an array of objects and expressions as `"${…}"` strings.
 */
import { parse } from '@cdktf/hcl2json';
import type { Tree, TreeFile } from './common.js';

export const isTerraformPath = (p: string): boolean => /\.tf$/.test(p);
export const isHclPath = (p: string): boolean => /\.(tf|tfvars|tfbackend)$/.test(p);

export type HclBody = Record<string, unknown>;

const cache = new WeakMap<TreeFile, Promise<{ json?: HclBody; error?: string }>>();

export function parseHcl(file: TreeFile): Promise<{ json?: HclBody; error?: string }> {
  let p = cache.get(file);
  if (!p) {
    p = parse(file.path, file.content).then(
      (json) => ({ json: json as HclBody }),
      (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }),
    );
    cache.set(file, p);
  }
  return p;
}

export function terraformFiles(tree: Tree): TreeFile[] {
  return [...tree.values()].filter((f) => isTerraformPath(f.path));
}

/** 1-based line of a `KIND "label" "label" {` header, or undefined. */
export function headerLine(file: TreeFile, kind: string, labels: readonly string[]): number | undefined {
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^\\s*${esc(kind)}${labels.map((l) => `\\s+"${esc(l)}"`).join('')}\\s*\\{`);
  const idx = file.content.split('\n').findIndex((line) => re.test(line));
  return idx < 0 ? undefined : idx + 1;
}

export function headerLocation(file: TreeFile, kind: string, labels: readonly string[]): string {
  const line = headerLine(file, kind, labels);
  return `${kind}${labels.map((l) => ` "${l}"`).join('')}${line ? ` (line ${line})` : ''}`;
}
