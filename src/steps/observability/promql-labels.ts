/**
 * Which labels every series of a PromQL expression's result is sure to carry: what an
 * Alertmanager route can match on. `sum(…)` keeps none, `sum by (namespace) (…)` keeps
 * namespace, `a / b` keeps a's, `a or b` what both keep, `vector(1)` none. A small
 * precedence-climbing parser of PromQL's expression grammar; anything it does not know keeps
 * the labels of its first vector argument, so an unusual function never reads as a loss.
 */

/** Label → its value when the expression fixes it (an `=` matcher), '' when only its presence is sure. */
export type LabelSet = Map<string, string>;

interface Value {
  scalar: boolean;
  labels: LabelSet;
}

type Token = { kind: 'num' | 'str' | 'ident' | 'op' | 'punct' | 'dur'; text: string };

const OPS = ['==', '!=', '>=', '<=', '=~', '!~', '>', '<', '+', '-', '*', '/', '%', '^', '='];

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '#') while (i < expr.length && expr[i] !== '\n') i++;
    else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let text = '';
      while (j < expr.length && expr[j] !== c) {
        if (expr[j] === '\\' && c !== '`') j++;
        text += expr[j] ?? '';
        j++;
      }
      tokens.push({ kind: 'str', text });
      i = j + 1;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(?:0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)((?:[0-9]+(?:ms|[smhdwy]))*[a-z]*)?/i.exec(expr.slice(i))!;
      tokens.push({ kind: /[a-z]$/i.test(m[0]) && !/^0x/i.test(m[0]) ? 'dur' : 'num', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_:]/.test(c)) {
      const m = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(expr.slice(i))!;
      tokens.push({ kind: 'ident', text: m[0] });
      i += m[0].length;
    } else {
      const op = OPS.find((o) => expr.startsWith(o, i));
      if (op) {
        tokens.push({ kind: 'op', text: op });
        i += op.length;
      } else {
        tokens.push({ kind: 'punct', text: c });
        i++;
      }
    }
  }
  return tokens;
}

const AGGREGATIONS = new Set(['sum', 'avg', 'min', 'max', 'count', 'stddev', 'stdvar', 'group', 'quantile', 'topk', 'bottomk', 'limitk', 'limit_ratio', 'count_values']);
/** Aggregations whose result keeps each input series as it is (they select, not combine). */
const SELECTING = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);
const SCALAR_FUNCTIONS = new Set(['scalar', 'time', 'pi']);
const PRECEDENCE: Record<string, number> = {
  or: 1, and: 2, unless: 2,
  '==': 3, '!=': 3, '<=': 3, '<': 3, '>=': 3, '>': 3,
  '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, atan2: 5, '^': 6,
};

/** A regex matcher that matches the empty string also selects series without the label. */
function matchesEmpty(regex: string): boolean {
  try {
    return new RegExp(`^(?:${regex})$`).test('');
  } catch {
    return true;
  }
}

const intersect = (a: LabelSet, b: LabelSet): LabelSet =>
  new Map([...a].filter(([k]) => b.has(k)).map(([k, v]) => [k, v === b.get(k) ? v : '']));

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly recorded: ReadonlyMap<string, LabelSet>,
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }
  private next(): Token {
    return this.tokens[this.i++] ?? { kind: 'punct', text: '' };
  }
  private accept(text: string): boolean {
    if (this.peek()?.text !== text) return false;
    this.i++;
    return true;
  }
  private labelList(): string[] {
    const names: string[] = [];
    if (!this.accept('(')) return names;
    while (this.peek() && !this.accept(')')) {
      const t = this.next();
      if (t.kind === 'ident' || t.kind === 'str') names.push(t.text);
    }
    return names;
  }

  parse(): Value {
    return this.binary(1);
  }

  private binary(min: number): Value {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const op = t && (t.kind === 'op' || t.kind === 'ident') ? t.text.toLowerCase() : '';
      const prec = PRECEDENCE[op];
      if (!prec || prec < min) return left;
      this.i++;
      this.accept('bool');
      let matching: { on?: string[]; ignoring?: string[]; group?: 'left' | 'right'; extra: string[] } = { extra: [] };
      if (this.peek()?.text === 'on' || this.peek()?.text === 'ignoring') {
        const which = this.next().text as 'on' | 'ignoring';
        matching = { ...matching, [which]: this.labelList() };
        if (this.peek()?.text === 'group_left' || this.peek()?.text === 'group_right') {
          matching.group = this.next().text === 'group_left' ? 'left' : 'right';
          matching.extra = this.labelList();
        }
      }
      // ^ is right-associative; every other operator left-associative.
      const right = this.binary(op === '^' ? prec : prec + 1);
      left = combine(op, left, right, matching);
    }
  }

  private unary(): Value {
    if (this.accept('-') || this.accept('+')) return this.unary();
    let value = this.primary();
    // Range, subquery, offset and @ modifiers change no label.
    for (;;) {
      if (this.peek()?.text === '[') {
        while (this.peek() && !this.accept(']')) this.i++;
      } else if (this.peek()?.text === 'offset') {
        this.i++;
        this.accept('-');
        this.i++;
      } else if (this.peek()?.text === '@') {
        this.i++;
        if (this.peek()?.kind === 'ident') this.i++;
        this.accept('(');
        this.accept(')');
        if (this.peek()?.kind === 'num') this.i++;
      } else break;
    }
    return value;
  }

  private primary(): Value {
    const t = this.next();
    if (t.kind === 'num' || t.kind === 'str' || t.kind === 'dur') return { scalar: true, labels: new Map() };
    if (t.text === '(') {
      const inner = this.parse();
      this.accept(')');
      return inner;
    }
    if (t.text === '{') return this.selector('', true);
    if (t.kind !== 'ident') return { scalar: false, labels: new Map() };
    const name = t.text;
    const lower = name.toLowerCase();
    if (AGGREGATIONS.has(lower) && (this.peek()?.text === '(' || this.peek()?.text === 'by' || this.peek()?.text === 'without')) {
      return this.aggregation(lower);
    }
    if (this.peek()?.text === '(') return this.call(lower);
    return this.selector(name, this.accept('{'));
  }

  private selector(metric: string, braces: boolean): Value {
    const labels: LabelSet = new Map(metric ? this.recorded.get(metric) ?? [] : []);
    if (braces) {
      while (this.peek() && !this.accept('}')) {
        const label = this.next();
        if (label.kind !== 'ident' && label.kind !== 'str') continue;
        const op = this.next().text;
        const value = this.next().text;
        this.accept(',');
        if (op === '=' && value !== '') labels.set(label.text, value);
        else if (op === '=~' && !matchesEmpty(value)) labels.set(label.text, labels.get(label.text) ?? '');
      }
    }
    return { scalar: false, labels };
  }

  private aggregation(op: string): Value {
    let grouping: { by?: string[]; without?: string[] } = {};
    const clause = (): void => {
      if (this.peek()?.text === 'by' || this.peek()?.text === 'without') {
        const which = this.next().text as 'by' | 'without';
        grouping = { [which]: this.labelList() };
      }
    };
    clause();
    this.accept('(');
    const args = [this.parse()];
    while (this.accept(',')) args.push(this.parse());
    this.accept(')');
    clause();
    const inner = args[args.length - 1]!.labels;
    if (SELECTING.has(op)) return { scalar: false, labels: new Map(inner) };
    const kept: LabelSet = grouping.by
      ? new Map([...inner].filter(([k]) => grouping.by!.includes(k)))
      : grouping.without
        ? new Map([...inner].filter(([k]) => !grouping.without!.includes(k)))
        : new Map();
    return { scalar: false, labels: kept };
  }

  private call(fn: string): Value {
    this.accept('(');
    const args: Value[] = [];
    if (!this.accept(')')) {
      args.push(this.parse());
      while (this.accept(',')) args.push(this.parse());
      this.accept(')');
    }
    if (SCALAR_FUNCTIONS.has(fn)) return { scalar: true, labels: new Map() };
    if (fn === 'vector') return { scalar: false, labels: new Map() };
    const vector = args.find((a) => !a.scalar);
    const labels = new Map(vector?.labels ?? []);
    if (fn === 'histogram_quantile') labels.delete('le');
    return { scalar: false, labels };
  }
}

function combine(op: string, left: Value, right: Value, m: { on?: string[]; ignoring?: string[]; group?: 'left' | 'right'; extra: string[] }): Value {
  if (left.scalar && right.scalar) return { scalar: true, labels: new Map() };
  if (left.scalar) return { scalar: false, labels: new Map(right.labels) };
  if (right.scalar) return { scalar: false, labels: new Map(left.labels) };
  if (op === 'or') return { scalar: false, labels: intersect(left.labels, right.labels) };
  if (op === 'and' || op === 'unless') return { scalar: false, labels: new Map(left.labels) };
  const [many, one] = m.group === 'right' ? [right, left] : [left, right];
  const labels = new Map(many.labels);
  for (const extra of m.extra) if (one.labels.has(extra)) labels.set(extra, one.labels.get(extra)!);
  return { scalar: false, labels };
}

/** The labels every result series of `expr` carries; `recorded` gives those of recording rules' outputs. */
export function guaranteedLabels(expr: string, recorded: ReadonlyMap<string, LabelSet> = new Map()): LabelSet {
  try {
    const value = new Parser(tokenize(expr), recorded).parse();
    return value.labels;
  } catch {
    return new Map();
  }
}

/**
 * The labels of each recording rule's output: its expression's, then its own `labels:` over
 * them; a name recorded by several rules keeps what all of them give.
 */
export function recordedLabels(rules: readonly { record: string; expr: string; labels: Record<string, string> }[]): Map<string, LabelSet> {
  const out = new Map<string, LabelSet>();
  // Two passes: a rule may read a series recorded further down.
  for (let pass = 0; pass < 2; pass++) {
    const round = new Map<string, LabelSet>();
    for (const rule of rules) {
      const labels = guaranteedLabels(rule.expr, out);
      for (const [k, v] of Object.entries(rule.labels)) labels.set(k, v);
      const seen = round.get(rule.record);
      round.set(rule.record, seen ? intersect(seen, labels) : labels);
    }
    for (const [k, v] of round) out.set(k, v);
  }
  return out;
}
