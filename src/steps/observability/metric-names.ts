/**
 * Just enough PromQL reading to list the metric names an expression selects:
 * no parser, a scanner that skips everything that cannot be a metric name.
 */

/** Aggregations, binary operators and modifiers: words that are never metric names. */
const KEYWORDS = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values',
  'group', 'limitk', 'limit_ratio', 'and', 'or', 'unless', 'by', 'without', 'on', 'ignoring',
  'group_left', 'group_right', 'bool', 'offset', 'atan2', 'inf', 'nan',
]);

/** Clauses whose parentheses hold label names, not expressions. */
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

const IDENT = /[A-Za-z_:][A-Za-z0-9_:]*/y;
/** Grafana variables: `$name`, `${name}`, `${name:format}`. */
const VARIABLE = /\$\{[^}]*\}|\$\w*/y;
/** Numbers and durations: 0.99, 1e3, 0x1F, 5m, 1h30m. */
const NUMBER = /[0-9.][0-9A-Za-z_.]*/y;

/** The token `sticky` matches at `at` (it always matches there: callers checked the first character). */
function tokenAt(sticky: RegExp, text: string, at: number): string {
  sticky.lastIndex = at;
  return sticky.exec(text)![0];
}
const NAME_MATCHER = /__name__\s*=\s*(["'`])((?:\\.|(?!\1).)*)\1/g;

/** Index just after the string literal that starts at `start`. */
function skipString(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== quote) i += text[i] === '\\' && quote !== '`' ? 2 : 1;
  return i + 1;
}

/** Index just after the bracket that closes the one at `start`, skipping strings inside. */
function skipGroup(text: string, start: number, close: string): number {
  let i = start + 1;
  while (i < text.length && text[i] !== close) {
    i = text[i] === '"' || text[i] === "'" || text[i] === '`' ? skipString(text, i) : i + 1;
  }
  return i + 1;
}

function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/**
 * Metric names an expression selects, in order of first appearance: what remains
 * after dropping strings, label matchers, ranges, grouping clauses, numbers and
 * durations, function names and keywords. Grafana variables (`$__rate_interval`)
 * are dropped too, so dashboard queries work unmodified.
 */
export function metricNames(expr: string): string[] {
  const names: string[] = [];
  const add = (name: string): void => {
    if (!names.includes(name)) names.push(name);
  };
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '"' || c === "'" || c === '`') i = skipString(expr, i);
    else if (c === '#') i = expr.includes('\n', i) ? expr.indexOf('\n', i) : expr.length;
    else if (c === '{') {
      const end = skipGroup(expr, i, '}');
      for (const m of expr.slice(i, end).matchAll(NAME_MATCHER)) add(m[2]!);
      i = end;
    } else if (c === '[') i = skipGroup(expr, i, ']');
    else if (c === '$') i += tokenAt(VARIABLE, expr, i).length;
    else if (/[0-9.]/.test(c)) i += tokenAt(NUMBER, expr, i).length;
    else if (/[A-Za-z_:]/.test(c)) {
      const word = tokenAt(IDENT, expr, i);
      i += word.length;
      const after = nextNonSpace(expr, i);
      const lower = word.toLowerCase();
      if (expr[after] === '(') {
        if (LABEL_LISTS.has(lower)) i = skipGroup(expr, after, ')');
      } else if (!KEYWORDS.has(lower)) add(word);
    } else i++;
  }
  return names;
}

/**
 * Metric names a Grafana variable query reads: `label_values(expr, label)` and
 * `query_result(expr)` wrap PromQL; `label_values(label)`, `label_names()` and
 * `metrics(…)` read none.
 */
export function variableQueryMetricNames(query: string): string[] {
  const call = /^\s*(label_values|query_result|label_names|metrics)\s*\(([\s\S]*)\)\s*$/.exec(query);
  if (!call) return metricNames(query);
  const [, fn, args] = call;
  if (fn === 'query_result') return metricNames(args!);
  if (fn !== 'label_values') return [];
  const comma = args!.lastIndexOf(',');
  return comma < 0 ? [] : metricNames(args!.slice(0, comma));
}

/**
 * Series that kube-prometheus-stack collects whatever our ServiceMonitor keeps:
 * kube-state-metrics (`kube_*`), cAdvisor and the kubelet (`container_*`,
 * `machine_*`, `kubelet_*`), node-exporter (`node_*`), and the series Prometheus
 * adds to every target (`up`, `scrape_*`).
 */
export function isPlatformMetric(name: string): boolean {
  return /^(kube_|container_|machine_|kubelet_|node_|scrape_)/.test(name) || name === 'up';
}
