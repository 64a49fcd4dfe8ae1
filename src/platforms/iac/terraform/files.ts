/** Small builders every cloud's Terraform shares, so that every file has the same shape. */
import type { VirtualFile } from '../../../core/files.js';
import { type HclBody, type HclValue, attr, block, expr, renderHcl } from '../../../render/hcl.js';

export function hclFile(path: string, summary: string, nodes: HclBody, header?: string): VirtualFile {
  return { path, content: renderHcl(nodes, header), producer: 'iac', summary };
}

/** `variable "name" { description, type, default?, validation? }` */
export function variable(name: string, type: string, description?: string, extra: { default?: HclValue; condition?: string; error?: string } = {}) {
  return block('variable', [name], [
    description !== undefined && attr('description', description),
    attr('type', expr(type)),
    extra.default !== undefined && attr('default', extra.default),
    extra.condition !== undefined &&
      block('validation', [], [attr('condition', expr(extra.condition)), attr('error_message', extra.error ?? '')]),
  ]);
}

export const output = (name: string, value: string) => block('output', [name], [attr('value', expr(value))]);
