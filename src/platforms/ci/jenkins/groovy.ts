/**
 * Groovy literals for the Jenkinsfile. Every value is written single-quoted, so Groovy never
 * interpolates it: a `$` reaches the shell as it is, and a credential bound to an environment
 * variable is expanded by the shell, never pasted into the command line by Groovy (Jenkins warns
 * about that, and the secret would show in the process list).
 */

/** A single-quoted Groovy string: backslashes and quotes escaped. */
export function gq(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The body of a triple-single-quoted string: Groovy still reads backslash escapes there (`\n`,
 * and `\d` is a compile error), so every backslash is doubled and the shell gets the text as written.
 */
export function tripleQuotedBody(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/'''/g, "\\'\\'\\'");
}

/** `sh '…'` for one line, `sh '''…'''` with the lines indented under it for several. */
export function shStep(lines: readonly string[], indent: string): string[] {
  const script = lines.join('\n');
  if (lines.length === 1 && !script.includes('\n')) return [`${indent}sh ${gq(script)}`];
  const body = tripleQuotedBody(script)
    .split('\n')
    .map((l) => (l ? `${indent}  ${l}` : ''));
  return [`${indent}sh '''`, ...body, `${indent}'''`];
}
