/**
 * The o200k_base pre-tokenizer: splits text into the pieces that byte-pair encoding then merges,
 * exactly as tiktoken's pattern does (test/tokens.test.ts compares with gpt-tokenizer).
 *
 * That pattern uses Unicode property classes (\p{L}, \p{Lu}, \p{M}, …), which V8 builds on first use:
 * 12–70 ms, more than all the rest of the counting. Text within the Basic Multilingual Plane is split
 * instead with the same pattern over a stand-in alphabet: each non-ASCII character is replaced by one
 * character of the same class (for the pattern: whitespace, upper-case letter, lower-case letter,
 * other letter, mark, number, other), so pieces keep their lengths and positions. Only text with
 * astral characters (emoji, …) or lone surrogates, whose lengths would change, takes the real pattern.
 */

const CONTRACTION = String.raw`(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))?`;
// Private-use stand-ins; a real private-use character in the text is "other" and mapped to '!'.
const OTHER_LETTER = '\uE000'; // Lm, Lo: letters in both case sets of the pattern
const MARK = '\uE001'; // M: in both case sets, not a letter

const ASCII = /^[\x00-\x7f]*$/;
const NON_ASCII = /[^\x00-\x7f]/g;
const ASTRAL_OR_SURROGATE = /[\ud800-\udfff]/;

let patterns: { standIn: RegExp; unicode?: RegExp } | undefined;

function standInPattern(): RegExp {
  const letter = `A-Za-z${OTHER_LETTER}`;
  const upper = `A-Z${OTHER_LETTER}${MARK}`;
  const lower = `a-z${OTHER_LETTER}${MARK}`;
  return new RegExp(
    String.raw`[^\r\n${letter}0-9]?[${upper}]*[${lower}]+${CONTRACTION}|[^\r\n${letter}0-9]?[${upper}]+[${lower}]*${CONTRACTION}` +
      String.raw`|[0-9]{1,3}| ?[^\s${letter}0-9]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
    'g',
  );
}

function unicodePattern(): RegExp {
  return new RegExp(
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+${CONTRACTION}` +
      String.raw`|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*${CONTRACTION}` +
      String.raw`|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
    'gu',
  );
}

// Single-class patterns cost ~1.6 ms together to build, once.
let classes: [RegExp, string][] | undefined;
const standIns = new Map<string, string>();

function standIn(char: string): string {
  let mapped = standIns.get(char);
  if (mapped === undefined) {
    classes ??= [
      [/\s/, '\t'],
      [/[\p{Lu}\p{Lt}]/u, 'A'],
      [/\p{Ll}/u, 'a'],
      [/[\p{Lm}\p{Lo}]/u, OTHER_LETTER],
      [/\p{M}/u, MARK],
      [/\p{N}/u, '0'],
    ];
    mapped = classes.find(([pattern]) => pattern.test(char))?.[1] ?? '!';
    standIns.set(char, mapped);
  }
  return mapped;
}

/** The pieces of text, in order; they concatenate to text. */
export function pieces(text: string): string[] {
  patterns ??= { standIn: standInPattern() };
  if (ASCII.test(text)) return text.match(patterns.standIn) ?? [];
  if (!ASTRAL_OR_SURROGATE.test(text)) {
    const out: string[] = [];
    let at = 0;
    for (const piece of text.replace(NON_ASCII, standIn).match(patterns.standIn) ?? []) {
      out.push(text.slice(at, at + piece.length));
      at += piece.length;
    }
    if (at === text.length) return out; // always, as every character starts some alternative: a safety net
  }
  patterns.unicode ??= unicodePattern();
  return text.match(patterns.unicode) ?? [];
}
