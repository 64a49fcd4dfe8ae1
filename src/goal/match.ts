/**
 * Finds the vocabulary's terms in a goal, with negation: "no kubernetes", "without
 * canary", "not python", "no-canary" and "no canary or blue-green" match nothing.
 * Deterministic and local: regular expressions over the lower-cased text.
 */
import { TERMS, type Term } from './vocabulary.js';

export interface TermMatch {
  term: Term;
  /** The words of the goal that matched, as written (lower-cased). */
  text: string;
  start: number;
  end: number;
  negated: boolean;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/#]/g, '\\$&');

/** A space or hyphen in a synonym matches any run of spaces and hyphens, or none. */
function synonymPattern(synonym: string): string {
  return synonym
    .split(/[\s-]+/)
    .map(escape)
    .join('[\\s-]*');
}

// Letters, digits and the characters that belong to names (node.js, c#) end a word; "-" does not,
// so "no-canary" and "blue-green" split where they should.
// Compiled on first use: a run without a goal never pays for them.
let patterns: readonly { term: Term; regex: RegExp }[] | undefined;
const compiled = (): readonly { term: Term; regex: RegExp }[] =>
  (patterns ??= TERMS.map((term) => ({
    term,
    regex: new RegExp(`(?<![a-z0-9#+])(?:${[...term.synonyms].sort((a, b) => b.length - a.length).map(synonymPattern).join('|')})(?![a-z0-9#+])`, 'g'),
  })));

/** "go" is also a verb: "go live", "ready to go", "let's go" are not the language. */
function isVerbGo(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 8), start);
  const after = text.slice(end, end + 9);
  return /(?:to|let'?s|will|can|we)\s+$/.test(before) || /^[\s-]+(?:live|to|ahead|back|through|out|fast)(?![a-z])/.test(after);
}

const NEGATOR = /(?:^|\s)(?:no|not|without|non|never|avoid|skip|excluding|except|don'?t|do not)(?:\s+|-)(?:(?:a|an|any|the|using|use|need|needed|want|wanted|for|do|doing|run|running|on|in)\s+){0,3}$/;
/** Where the clause of a match begins: negation never crosses these. */
const CLAUSE_BREAK = /[,;:!?()]|\.(?=\s)|\s(?:but|and|with|plus|also|then|instead)\s/g;

function clausePrefix(text: string, start: number): string {
  const prefix = text.slice(0, start);
  let from = 0;
  for (const m of prefix.matchAll(CLAUSE_BREAK)) from = m.index + m[0].length;
  return prefix.slice(from);
}

/** Every term in the goal, left to right; where synonyms overlap the longest wins. */
export function findTerms(goal: string): TermMatch[] {
  const text = goal.toLowerCase().replace(/\s+/g, ' ');
  const found: TermMatch[] = [];
  for (const { term, regex } of compiled()) {
    for (const m of text.matchAll(regex)) {
      const start = m.index;
      const end = start + m[0].length;
      if (term.id === 'go' && m[0] === 'go' && isVerbGo(text, start, end)) continue;
      found.push({ term, text: m[0], start, end, negated: false });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: TermMatch[] = [];
  for (const match of found) {
    const previous = kept[kept.length - 1];
    if (previous && match.start < previous.end) continue;
    // "no canary or blue-green": a term joined to a negated one by "or"/"nor"/"/" is negated too.
    const joined = previous?.negated && /^\s*(?:or|nor|\/)\s*$/.test(text.slice(previous.end, match.start));
    kept.push({ ...match, negated: Boolean(joined) || NEGATOR.test(clausePrefix(text, match.start)) });
  }
  return kept;
}

const REGION = /(?<![a-z0-9-])([a-z]{2}(?:-gov)?-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d)(?![a-z0-9-])/g;

/** AWS region names in the goal, in order (the second, if any, is the second region). */
export function findRegions(goal: string): string[] {
  return [...new Set([...goal.toLowerCase().matchAll(REGION)].map((m) => m[1]!))];
}

/** Environment words, normalised: "development" → dev, "production" → prod. */
const ENVIRONMENT = /(?<![a-z0-9-])(dev|development|qa|uat|staging|stage|preprod|pre-prod|prod|production)(?![a-z0-9]|-(?:grade|ready|like))/g;
const ENV_NAMES: Record<string, string> = { development: 'dev', stage: 'staging', 'pre-prod': 'preprod', production: 'prod' };

/** Environments named in the goal, in the order written ("dev, staging and prod"). */
export function findEnvironments(goal: string): string[] {
  return [...new Set([...goal.toLowerCase().matchAll(ENVIRONMENT)].map((m) => ENV_NAMES[m[1]!] ?? m[1]!))];
}

/** "a service called shop-api" / "named orders": the service name, if it is a valid one. */
export function findName(goal: string): string | undefined {
  const name = /(?:called|named)\s+["'`]?([a-z][-a-z0-9]*[a-z0-9])/.exec(goal.toLowerCase())?.[1];
  return name && name.length <= 32 ? name : undefined;
}
