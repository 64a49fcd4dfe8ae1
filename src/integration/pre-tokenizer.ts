/**
 * cl100k_base's pre-tokenizer, gpt-tokenizer's pattern written out as a scanner:
 *
 *   '(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE])   a contraction
 *   | [^\r\n\p{L}\p{N}]?\p{L}+                          letters, after at most one other character
 *   | \p{N}{1,3}                                        up to three digits
 *   | ' '?[^\s\p{L}\p{N}]+[\r\n]*                       other characters, then line breaks
 *   | \s+$ | \s*[\r\n] | \s+(?!\S) | \s                 white space
 *
 * tried in that order at each position, in code points (the pattern's `u` flag). Why not the
 * pattern itself: V8 builds its Unicode classes when the pattern is constructed and compiles it on
 * first use, ~30 million instructions per run, most of a run's regular-expression cost. Here an
 * ASCII character's class is a table lookup, and another character's class comes from three
 * one-class patterns (\p{L}, \p{N}, \s, ~2 million instructions), built only when such a
 * character turns up and remembered per code point: the same Unicode data the pattern uses.
 * test/tokens.test.ts proves the pieces equal the pattern's on random text and every matrix file.
 */

const OTHER = 0;
const LETTER = 1;
const NUMBER = 2;
const SPACE = 3;

/** Classes of the ASCII characters: A–Z a–z letters, 0–9 numbers, \t \n \v \f \r and space white space. */
const ASCII = new Uint8Array(128);
for (let c = 65; c <= 90; c++) ASCII[c] = LETTER;
for (let c = 97; c <= 122; c++) ASCII[c] = LETTER;
for (let c = 48; c <= 57; c++) ASCII[c] = NUMBER;
for (const c of [9, 10, 11, 12, 13, 32]) ASCII[c] = SPACE;

let letter: RegExp | undefined;
let number: RegExp | undefined;
let space: RegExp | undefined;
const classes = new Map<number, number>();

/** The class of a code point beyond ASCII (a lone surrogate is a code point of its own, of no class). */
function classOf(codePoint: number): number {
  let found = classes.get(codePoint);
  if (found === undefined) {
    const char = String.fromCodePoint(codePoint);
    letter ??= /^\p{L}$/u;
    number ??= /^\p{N}$/u;
    space ??= /^\s$/u;
    found = letter.test(char) ? LETTER : number.test(char) ? NUMBER : space.test(char) ? SPACE : OTHER;
    classes.set(codePoint, found);
  }
  return found;
}

/**
 * Calls `piece` with the [start, end) of each piece of the text, in order. Every white space
 * character is one code unit, so white space runs are scanned by code unit.
 */
export function forEachPiece(text: string, piece: (start: number, end: number) => void): void {
  const length = text.length;
  /** The code point at `at`: its class and width, as class * 4 + width. */
  const at = (at: number): number => {
    const unit = text.charCodeAt(at);
    if (unit < 128) return ASCII[unit]! * 4 + 1;
    if (unit >= 0xd800 && unit <= 0xdbff && at + 1 < length) {
      const low = text.charCodeAt(at + 1);
      if (low >= 0xdc00 && low <= 0xdfff) return classOf((unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000) * 4 + 2;
    }
    return classOf(unit) * 4 + 1;
  };
  /** The end of the run of code points of this class from `from`. */
  const runOf = (kind: number, from: number): number => {
    let end = from;
    while (end < length) {
      const next = at(end);
      if (next >> 2 !== kind) break;
      end += next & 3;
    }
    return end;
  };
  const lineBreakAt = (i: number): boolean => {
    const unit = text.charCodeAt(i);
    return unit === 10 || unit === 13;
  };

  let i = 0;
  while (i < length) {
    const unit = text.charCodeAt(i);
    const here = at(i);
    const kind = here >> 2;
    const width = here & 3;
    const nextKind = i + width < length ? at(i + width) >> 2 : -1;

    // '(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE])
    if (unit === 39 && i + 1 < length) {
      const a = text.charCodeAt(i + 1);
      const b = i + 2 < length ? text.charCodeAt(i + 2) : 0;
      const one = a === 115 || a === 83 || a === 100 || a === 68 || a === 109 || a === 77 || a === 116 || a === 84;
      const two = ((a === 108 || a === 76) && (b === 108 || b === 76)) || ((a === 118 || a === 86) && (b === 101 || b === 69)) || ((a === 114 || a === 82) && (b === 101 || b === 69));
      if (one || two) {
        const end = i + (one ? 2 : 3);
        piece(i, end);
        i = end;
        continue;
      }
    }
    // [^\r\n\p{L}\p{N}]?\p{L}+
    if (kind === LETTER || (kind !== NUMBER && unit !== 10 && unit !== 13 && nextKind === LETTER)) {
      const end = runOf(LETTER, kind === LETTER ? i : i + width);
      piece(i, end);
      i = end;
      continue;
    }
    // \p{N}{1,3}
    if (kind === NUMBER) {
      let end = i;
      for (let digits = 0; digits < 3 && end < length; digits++) {
        const next = at(end);
        if (next >> 2 !== NUMBER) break;
        end += next & 3;
      }
      piece(i, end);
      i = end;
      continue;
    }
    // ' '?[^\s\p{L}\p{N}]+[\r\n]*
    if (kind === OTHER || (unit === 32 && nextKind === OTHER)) {
      let end = runOf(OTHER, kind === OTHER ? i : i + 1);
      while (end < length && lineBreakAt(end)) end++;
      piece(i, end);
      i = end;
      continue;
    }
    // White space: \s+$ | \s*[\r\n] | \s+(?!\S) | \s
    const end = runOf(SPACE, i);
    if (end === length) {
      piece(i, end);
      i = end;
      continue;
    }
    let lastBreak = end - 1;
    while (lastBreak >= i && !lineBreakAt(lastBreak)) lastBreak--;
    const stop = lastBreak >= i ? lastBreak + 1 : end - 1 > i ? end - 1 : i + 1;
    piece(i, stop);
    i = stop;
  }
}

/** The text's pieces. */
export function splitPieces(text: string): string[] {
  const pieces: string[] = [];
  forEachPiece(text, (start, end) => pieces.push(text.slice(start, end)));
  return pieces;
}
