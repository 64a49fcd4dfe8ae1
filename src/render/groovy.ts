/**
 * Groovy quoting for values that end up in a Jenkinsfile. Every value is written as a
 * single-quoted literal, so Groovy never interpolates it: a `$` reaches the shell as it is, and a
 * credential bound to an environment variable is expanded by the shell, never pasted into the
 * command line by Groovy (Jenkins warns about that, and the secret would show in the process list).
 * Names in code positions (variables) are never quoted: they are checked and refused instead.
 */

/** Control characters a literal may not hold raw (a newline ends a '…' literal), as \uXXXX escapes. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g;
const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A single-quoted Groovy string whose value is exactly `value`, on one line. */
export function groovyString(value: string): string {
  const body = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(CONTROL, unicodeEscape);
  return `'${body}'`;
}

/**
 * The body of a triple-single-quoted string ('''…'''), which keeps its newlines: Groovy still
 * reads backslash escapes there (`\n`, and `\d` is a compile error), so every backslash is
 * doubled; a run of three quotes, or quotes where the closing ''' follows, are escaped so that
 * the literal ends where it should. Other control characters become \uXXXX escapes.
 */
export function groovyTripleQuotedBody(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(CONTROL, unicodeEscape);
  return escaped.replace(/'+/g, (run, offset: number) => (run.length >= 3 || offset + run.length === escaped.length ? run.replace(/'/g, "\\'") : run));
}

/** A triple-single-quoted Groovy string whose value is exactly `text`. */
export function groovyMultiline(text: string): string {
  return `'''${groovyTripleQuotedBody(text)}'''`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A name written where Groovy reads code (an environment variable's name): only [A-Za-z_][A-Za-z0-9_]*. */
export function groovyIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" cannot be a variable name in a Jenkinsfile: use letters, digits and _ only, not starting with a digit`);
  return name;
}

/** A `//` comment line: line breaks in the text would end it and start code. */
export function groovyComment(text: string): string {
  return `// ${text.replace(/[\r\n\u2028\u2029]+/g, ' ')}`;
}
