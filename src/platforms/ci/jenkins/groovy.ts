/**
 * Groovy literals for the Jenkinsfile, through the quoting helpers of src/render/groovy.ts: every
 * value single-quoted (never interpolated by Groovy), every `sh` script a '…' or '''…''' literal.
 */
import { groovyString, groovyTripleQuotedBody } from '../../../render/groovy.js';

/** A single-quoted Groovy string. */
export const gq = groovyString;

/** `sh '…'` for one line, `sh '''…'''` with the lines indented under it for several. */
export function shStep(lines: readonly string[], indent: string): string[] {
  const script = lines.join('\n');
  if (lines.length === 1 && !script.includes('\n')) return [`${indent}sh ${gq(script)}`];
  const body = groovyTripleQuotedBody(script)
    .split('\n')
    .map((l) => (l ? `${indent}  ${l}` : ''));
  return [`${indent}sh '''`, ...body, `${indent}'''`];
}
