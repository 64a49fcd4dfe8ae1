/**
 * A goal in words → answers, deterministically: "python API on EKS with canary
 * releases and SLO alerts" → stack python, cloud aws, target kubernetes, strategy
 * canary, tier T2. Every inference records the words that caused it; values we do not
 * generate are reported with the supported alternatives; negated terms set nothing.
 */
import type { BackingService, SkippableStep, Tier } from '../config/answers.js';
import { mergeSources } from '../config/load.js';
import { findEnvironments, findName, findRegions, findTerms } from './match.js';
import type { GoalStep, ObservabilityNeed, Term } from './vocabulary.js';

/** The answers a goal can set, in answers-file shape (merged under explicit flags). */
export interface GoalAnswers {
  name?: string;
  tier?: Tier;
  stack?: string;
  ci?: string;
  cloud?: string;
  iac?: string;
  target?: string;
  strategy?: string;
  region?: string;
  secondaryRegion?: string;
  environments?: string[];
  backingServices?: BackingService[];
  /** Steps the goal rules out as a whole ("no monitoring", "without CI"). */
  skip?: SkippableStep[];
}

export interface GoalMatch {
  /** The goal's words, e.g. "canary". */
  text: string;
  step: GoalStep;
  /** What it set, e.g. ["strategy canary", "tier T2"]; empty when an earlier match already had. */
  sets: string[];
  why?: string;
}

export interface Unsupported {
  text: string;
  field: string;
  value: string;
  alternatives: string[];
}

export interface GoalInference {
  goal: string;
  answers: GoalAnswers;
  observability: ObservabilityNeed[];
  matches: GoalMatch[];
  /** Terms the goal rules out ("no kubernetes"), with the field and value they name. */
  negated: { text: string; field: string; value: string }[];
  /** Backing services the goal rules out ("without postgres"): removed from what was detected. */
  excluded: BackingService[];
  unsupported: Unsupported[];
  /** Choices made between contradicting words, e.g. two stacks. */
  notes: string[];
}

const SINGLE_FIELDS = ['stack', 'ci', 'cloud', 'target', 'iac', 'strategy'] as const;
const TIER_RANK: Record<Tier, number> = { T1: 1, T2: 2, T3: 3 };

function fieldsOf(term: Term): { field: string; value: string }[] {
  const out: { field: string; value: string }[] = SINGLE_FIELDS.filter((f) => term[f] !== undefined).map((f) => ({ field: f, value: String(term[f]) }));
  if (term.service) out.push({ field: 'backingServices', value: term.service });
  if (term.tier) out.push({ field: 'tier', value: term.tier });
  if (term.observability) out.push({ field: 'observability', value: term.observability });
  if (term.unsupported) out.push({ field: term.unsupported.field, value: term.unsupported.value });
  return out;
}

export function inferGoal(goal: string): GoalInference {
  const found = findTerms(goal);
  const answers: GoalAnswers = {};
  const observability = new Set<ObservabilityNeed>();
  const services: BackingService[] = [];
  const result: GoalInference = { goal, answers, observability: [], matches: [], negated: [], excluded: [], unsupported: [], notes: [] };
  const skip: SkippableStep[] = [];
  const tierHints: { tier: Tier; text: string; explicit: boolean }[] = [];

  for (const match of found) {
    const { term } = match;
    if (match.negated) {
      for (const f of fieldsOf(term)) result.negated.push({ text: match.text, ...f });
      if (term.service && !result.excluded.includes(term.service)) result.excluded.push(term.service);
      if (term.wholeStep && !skip.includes(term.wholeStep)) {
        skip.push(term.wholeStep);
        result.matches.push({ text: `no ${match.text}`, step: term.step, sets: [`skip ${term.wholeStep}`], why: `leaves the ${term.wholeStep === 'cicd' ? 'CI/CD' : 'observability'} step out` });
      }
      continue;
    }
    const sets: string[] = [];
    for (const field of SINGLE_FIELDS) {
      const value = term[field];
      if (value === undefined) continue;
      const previous = answers[field];
      if (previous === undefined) {
        answers[field] = value;
        sets.push(`${field} ${value}`);
      } else if (previous !== value) {
        result.notes.push(`"${match.text}" asks for ${field} ${value}, but an earlier word chose ${previous}: kept ${previous} (pass --${field} ${value} to change it).`);
      }
    }
    if (term.service && !services.includes(term.service)) {
      services.push(term.service);
      sets.push(`service ${term.service}`);
    }
    if (term.observability && !observability.has(term.observability)) {
      observability.add(term.observability);
      sets.push(`observability ${term.observability}`);
    }
    if (term.tier) tierHints.push({ tier: term.tier, text: match.text, explicit: term.id.startsWith('tier-') });
    if (term.unsupported) result.unsupported.push({ text: match.text, ...term.unsupported });
    result.matches.push({ text: match.text, step: term.step, sets, ...(term.why ? { why: term.why } : {}) });
  }

  const regions = findRegions(goal);
  if (regions[0]) {
    answers.region = regions[0];
    result.matches.push({ text: regions[0], step: 'iac', sets: [`region ${regions[0]}`] });
  }
  if (regions[1]) {
    answers.secondaryRegion = regions[1];
    tierHints.push({ tier: 'T3', text: regions[1], explicit: false });
    result.matches.push({ text: regions[1], step: 'iac', sets: [`secondaryRegion ${regions[1]}`], why: 'a second production region is T3' });
  }
  // Two or more environments named: they are the promotion order, and several environments need T2.
  const environments = findEnvironments(goal);
  if (environments.length > 1) {
    answers.environments = environments;
    tierHints.push({ tier: 'T2', text: environments.join(', '), explicit: false });
    result.matches.push({ text: environments.join(', '), step: 'deployment', sets: [`environments ${environments.join(', ')}`], why: 'several environments start at T2' });
  }
  const name = findName(goal);
  if (name) {
    answers.name = name;
    result.matches.push({ text: `called ${name}`, step: 'cicd', sets: [`name ${name}`] });
  }
  if (services.length) answers.backingServices = services;
  if (skip.length) answers.skip = skip;
  result.observability = [...observability].sort();
  decideTier(result, tierHints);
  return result;
}

/**
 * The goal's answers over raw (detected values and the answers file): what it names is set, the
 * steps it rules out are added to skip, the services it rules out are removed, and a strategy it
 * rules out ("no canary" while the answers say canary) becomes rolling.
 */
export function applyGoal(raw: Record<string, unknown>, goal: GoalInference | undefined): Record<string, unknown> {
  if (!goal) return raw;
  const merged = mergeSources(raw, goal.answers as Record<string, unknown>);
  const skip = [...new Set([...((raw['skip'] as string[] | undefined) ?? []), ...(goal.answers.skip ?? [])])];
  if (skip.length) merged['skip'] = skip;
  const services = merged['backingServices'];
  if (Array.isArray(services) && goal.excluded.length) merged['backingServices'] = services.filter((s) => !goal.excluded.includes(s as BackingService));
  if (goal.negated.some((n) => n.field === 'strategy' && n.value === merged['strategy']) && goal.answers.strategy === undefined) merged['strategy'] = 'rolling';
  // "No kubernetes": the other target, containers without a cluster (ECS on Fargate).
  if (goal.negated.some((n) => n.field === 'target' && n.value === 'kubernetes') && goal.answers.target === undefined && raw['target'] === undefined) merged['target'] = 'containers';
  return merged;
}

/** An explicit tier ("T2") wins; otherwise the highest tier any word needs. */
function decideTier(result: GoalInference, hints: { tier: Tier; text: string; explicit: boolean }[]): void {
  if (!hints.length) return;
  const explicit = hints.find((h) => h.explicit);
  const highest = hints.reduce((a, b) => (TIER_RANK[b.tier] > TIER_RANK[a.tier] ? b : a));
  const chosen = explicit ?? highest;
  result.answers.tier = chosen.tier;
  const sameTier = new Set(hints.filter((h) => h.tier === chosen.tier).map((h) => h.text));
  for (const match of result.matches) {
    if (sameTier.has(match.text) && !match.sets.some((s) => s.startsWith('tier'))) match.sets.push(`tier ${chosen.tier}`);
  }
  for (const hint of hints) {
    if (TIER_RANK[hint.tier] > TIER_RANK[chosen.tier]) {
      result.notes.push(`"${hint.text}" needs ${hint.tier}, but the goal says ${chosen.tier}: see the warnings.`);
    } else if (hint.tier === 'T1' && chosen.tier !== 'T1') {
      result.notes.push(`"${hint.text}" asks for the simple tier, but "${chosen.text}" needs ${chosen.tier}: chose ${chosen.tier}.`);
    }
  }
}
