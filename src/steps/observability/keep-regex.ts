/**
 * Metric names a relabelling regex matches, for the literal alternations that
 * keep rules are written as: `a|b_(c|d)` → a, b_c, b_d. Relabelling regexes are
 * anchored at both ends, so the expansion is exact.
 */

/** More would mean the regex is not a list of names. */
const MAX_NAMES = 256;

class NotLiteral extends Error {}

/** Parses `text` from `pos`: a sequence of alternatives, each a sequence of literals and groups. */
class Expander {
  private pos = 0;

  constructor(private readonly text: string) {}

  expand(): string[] {
    const names = this.alternation();
    if (this.pos !== this.text.length) throw new NotLiteral();
    return names;
  }

  private alternation(): string[] {
    const names = this.sequence();
    while (this.text[this.pos] === '|') {
      this.pos++;
      for (const name of this.sequence()) if (!names.includes(name)) names.push(name);
    }
    return names;
  }

  private sequence(): string[] {
    let prefixes = [''];
    while (this.pos < this.text.length && this.text[this.pos] !== '|' && this.text[this.pos] !== ')') {
      const c = this.text[this.pos]!;
      let parts: string[];
      if (c === '(') {
        this.pos += this.text.startsWith('(?:', this.pos) ? 3 : 1;
        parts = this.alternation();
        if (this.text[this.pos] !== ')') throw new NotLiteral();
        this.pos++;
      } else if (c === '\\' && /[^A-Za-z0-9]/.test(this.text[this.pos + 1] ?? 'a')) {
        parts = [this.text[this.pos + 1]!];
        this.pos += 2;
      } else if (/[A-Za-z0-9_:-]/.test(c)) {
        parts = [c];
        this.pos++;
      } else throw new NotLiteral();
      if (/^[*+?{]/.test(this.text.slice(this.pos))) throw new NotLiteral();
      prefixes = prefixes.flatMap((p) => parts.map((s) => p + s));
      if (prefixes.length > MAX_NAMES) throw new NotLiteral();
    }
    return prefixes;
  }
}

/**
 * The names `regex` matches when it is a literal alternation; otherwise the regex
 * itself as the only entry, so that a finding can quote it.
 */
export function expandAlternation(regex: string): string[] {
  try {
    return new Expander(regex).expand();
  } catch (error) {
    if (error instanceof NotLiteral) return [regex];
    throw error;
  }
}
