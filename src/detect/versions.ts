/**
 * A version to run from a version range ("engines": ">=18", requires-python ">=3.9,<3.12",
 * Poetry "^3.11"): the default version when the range allows it (an image and CI setup that are
 * current), else the highest version the range allows, at the precision the runtime is released
 * in (Node by major, Python by minor). Unreadable ranges give undefined, never a guess.
 */

type Version = [number, number, number];

const parse = (text: string): { v: Version; parts: number } | undefined => {
  const m = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(text.trim());
  if (!m) return undefined;
  const nums = [m[1], m[2], m[3]].map((p) => (p === undefined || p === 'x' || p === '*' ? undefined : Number(p)));
  const parts = nums.findIndex((n) => n === undefined);
  return { v: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], parts: parts === -1 ? 3 : parts };
};

const cmp = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** The next version after the last given part: 3.11 → 3.12, 20 → 21. */
const bump = (v: Version, parts: number): Version => (parts <= 1 ? [v[0] + 1, 0, 0] : parts === 2 ? [v[0], v[1] + 1, 0] : [v[0], v[1], v[2] + 1]);

interface Interval {
  lo?: Version;
  /** Exclusive. */
  hi?: Version;
}

function comparator(text: string, into: Interval): boolean {
  const m = /^(>=|<=|>|<|===|==|=|~=|\^|~)?\s*(.+)$/.exec(text.trim());
  const parsed = m && parse(m[2]!);
  if (!m || !parsed) return false;
  const { v, parts } = parsed;
  const op = m[1] ?? '';
  const raise = (lo: Version): void => void (into.lo = into.lo && cmp(into.lo, lo) > 0 ? into.lo : lo);
  const lower = (hi: Version): void => void (into.hi = into.hi && cmp(into.hi, hi) < 0 ? into.hi : hi);
  if (op === '>=' || op === '>') raise(op === '>' ? bump(v, parts) : v);
  else if (op === '<') lower(v);
  else if (op === '<=') lower(bump(v, parts));
  else if (op === '^') (raise(v), lower(v[0] === 0 ? [0, v[1] + 1, 0] : [v[0] + 1, 0, 0]));
  else if (op === '~' || op === '~=') (raise(v), lower(bump(v, op === '~=' ? Math.max(parts - 1, 1) : Math.min(parts, 2))));
  else (raise(v), lower(bump(v, parts)));
  return true;
}

/** Alternatives ("||"), each a list of comparators (space- or comma-separated). */
function intervals(range: string): Interval[] | undefined {
  const out: Interval[] = [];
  for (const alternative of range.split('||')) {
    const interval: Interval = {};
    const parts = alternative.replace(/(>=|<=|>|<|==|=|~=|\^|~)\s+/g, '$1').split(/[\s,]+/).filter(Boolean);
    if (!parts.length || !parts.every((p) => comparator(p, interval))) return undefined;
    out.push(interval);
  }
  return out;
}

const within = (v: Version, i: Interval): boolean => (!i.lo || cmp(v, i.lo) >= 0) && (!i.hi || cmp(v, i.hi) < 0);

/** Compared at the runtime's precision: 20.11 and 20.0 are both "20" for Node. */
const cut = (v: Version, precision: 1 | 2): Version => (precision === 1 ? [v[0], 0, 0] : [v[0], v[1], 0]);

/** Just below the upper bound (at that precision), not below the lower one; else the lower bound. */
function highest(i: Interval, precision: 1 | 2): Version | undefined {
  if (!i.hi) return i.lo;
  const [major, minor, patch] = i.hi;
  const below: Version | undefined =
    precision === 1 ? [minor === 0 && patch === 0 ? major - 1 : major, 0, 0] : patch > 0 ? [major, minor, 0] : minor > 0 ? [major, minor - 1, 0] : undefined;
  if (!below) return i.lo;
  return i.lo && cmp(below, cut(i.lo, precision)) < 0 ? undefined : below;
}

/** `precision`: 1 for runtimes released by major (Node, Java), 2 by minor (Python, Go). */
export function versionInRange(range: string, fallback: string, precision: 1 | 2): { version: string; allowsDefault: boolean } | undefined {
  const all = intervals(range);
  const def = parse(fallback);
  if (!all || !def) return undefined;
  if (all.some((i) => within(def.v, i))) return { version: fallback, allowsDefault: true };
  // The highest version any alternative allows.
  let best: Version | undefined;
  for (const i of all) {
    const candidate = highest(i, precision);
    if (candidate && (!best || cmp(candidate, best) > 0)) best = candidate;
  }
  if (!best || best[0] <= 0) return undefined;
  return { version: precision === 1 ? String(best[0]) : `${best[0]}.${best[1]}`, allowsDefault: false };
}

/** An exact version as written ("v20.11.1", "3.12", "python-3.11.4"), or undefined. */
export function exactVersion(text: string | undefined): string | undefined {
  const m = text && /(\d+(?:\.\d+){0,2})/.exec(text.trim());
  return m ? m[1] : undefined;
}
