/**
 * The Groovy quoting helpers hold against hostile values: Groovy itself (the groovy-4 jars that
 * npm-groovy-lint ships, on the machine's JDK) reads every literal back to exactly the value,
 * with nothing interpolated and nothing run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groovyComment, groovyIdentifier, groovyMultiline, groovyString } from '../src/render/groovy.js';
import { whichTool } from './validators/tools.js';

const HOSTILE = [
  '',
  'plain',
  "it's",
  "'",
  "''",
  "'''",
  "''''",
  "ends with '",
  "ends with ''",
  '\\',
  'ends with \\',
  '\\\'',
  '$HOME ${HOME} ${ "x".execute() }',
  '"""; System.exit(1); """',
  "'; System.exit(1); '",
  "'''; System.exit(1); '''",
  'line\nbreak',
  'crlf\r\nline',
  'tab\there',
  '\\n is not a newline, \\u0027 is not a quote, \\d is not an escape',
  '\u0000nul and \u0007bell and \u001bescape',
  'unicode line\u2028separator\u2029paragraph',
  '*/ /* // comment',
  'emoji 🚀 and ü',
];

const GROOVY_LIB = join(import.meta.dirname, '..', 'node_modules', 'npm-groovy-lint', 'lib', 'java', 'groovy', 'lib');
const lacksJava = !whichTool('java') && process.env.CI !== 'true';
if (lacksJava) console.warn('groovy-quoting: java is not on PATH, the Groovy round trip is skipped (it runs in CI)');

/** Runs a Groovy script with the groovy-4 jars and returns its output. */
function runGroovy(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'groovy-quoting-'));
  try {
    const file = join(dir, 'Quoting.groovy');
    writeFileSync(file, script);
    const classpath = readdirSync(GROOVY_LIB).filter((f) => f.endsWith('.jar')).map((f) => join(GROOVY_LIB, f)).join(':');
    return execFileSync('java', ['-Xshare:auto', '-XX:TieredStopAtLevel=1', '-cp', classpath, 'groovy.ui.GroovyMain', file], { encoding: 'utf8', timeout: 120_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const base64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('Groovy quoting', () => {
  it('writes every value on one line, single-quoted', () => {
    for (const value of HOSTILE) {
      const literal = groovyString(value);
      expect(literal).toMatch(/^'.*'$/);
      expect(literal).not.toMatch(/[\n\r\u2028\u2029]/);
    }
  });

  it.skipIf(lacksJava)('reads back to exactly the value in Groovy, single and triple quoted', () => {
    const lines = HOSTILE.flatMap((v) => [
      `println(${groovyString(v)}.getBytes('UTF-8').encodeBase64().toString())`,
      `println(${groovyMultiline(v)}.getBytes('UTF-8').encodeBase64().toString())`,
    ]);
    const script = [groovyComment('hostile comment\nprintln("escaped the comment")'), ...lines, ''].join('\n');
    const out = runGroovy(script).replace(/\n$/, '').split('\n');
    expect(out).toEqual(HOSTILE.flatMap((v) => [base64(v), base64(v)]));
  }, 180_000);

  it('refuses a variable name Groovy would read as code', () => {
    expect(groovyIdentifier('AWS_ROLE_ARN')).toBe('AWS_ROLE_ARN');
    for (const bad of ['', '1X', 'A-B', 'A B', 'X = 1; evil()', "X'"]) expect(() => groovyIdentifier(bad), bad).toThrow(/variable name/);
  });

  it('keeps a comment on its line', () => {
    expect(groovyComment('a\nb\r\nc\u2028d')).toBe('// a b c d');
  });
});
