/**
 * Shell quoting for values that end up in `run:` steps and scripts.
 * Plain words pass unchanged so that generated commands stay readable.
 */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shQuote(value: string): string {
  if (value !== '' && SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Joins words into a command line, quoting each one that needs it. */
export function shCommand(...words: string[]): string {
  return words.map(shQuote).join(' ');
}
