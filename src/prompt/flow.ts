/**
 * The guided run: goal → detected chain → confirm, use defaults, or customise question by
 * question (back, where you are, finish early, start over) → warnings resolved → review →
 * answers. Esc opens a menu; Ctrl-C quits at once. Talks only to a PromptAdapter, so tests
 * script it; nothing is written here.
 */
import type { Answers } from '../config/answers.js';
import { withDefaults, type PartialAnswers } from '../config/defaults.js';
import { mergeSources } from '../config/load.js';
import { applyStackAnswers, type Detection } from '../detect/index.js';
import { applyGoal, inferGoal, type GoalInference } from '../goal/infer.js';
import { CANCEL, QUIT, type PromptAdapter } from './adapter.js';
import { detectedChain, formatChain } from './chain.js';
import { fieldProblem, flat, getField, setField, type Raw } from './field.js';
import { CHAIN_TITLES, isAsked, QUESTIONS, showValue, type Question } from './questions.js';
import { formatReview, reviewProblems } from './review.js';
import { warningsFor } from './warnings.js';

export interface GuidedInput {
  /** Detected values and the answers file, merged: everything below the flags. */
  base: Raw;
  /** Answers given as flags (they win, and their questions are not asked unless invalid). */
  flags: Raw;
  goal?: string | undefined;
  detection?: Detection | undefined;
}

export type GuidedOutcome = { raw: Raw; goal?: GoalInference } | { cancelled: true };

export const GOAL_EXAMPLE = 'python API on EKS with canary releases and SLO alerts';

type Defaults = (raw: Raw) => Answers;
type Nav = 'back' | 'finish' | 'restart' | 'quit';
type Asked = { raw: Raw } | { nav: 'restart' | 'quit' };
type Step = { raw: Raw } | { nav: 'restart' | 'quit' };

export async function guidedRun(input: GuidedInput, ui: PromptAdapter): Promise<GuidedOutcome> {
  // What the repository says about its own stack (package manager, commands) counts while the stack is the detected one.
  const defaults: Defaults = (raw) => withDefaults(applyStackAnswers(raw, input.detection) as PartialAnswers);
  ui.intro('create-devops-stack');
  // Invalid values are fixed once, before anything else; starting over keeps the fixes.
  const base = await settleFlags(input.base, ui, defaults, 'devops-stack.yaml:');
  const fixed = base && (await settleFlags(input.flags, ui, defaults));
  if (!base || !fixed) return quit(ui);
  let goalText = input.goal;
  let askGoal = goalText === undefined;
  for (;;) {
    if (askGoal) {
      const typed = await ui.text({ message: 'What are you building? One sentence, or Enter to skip', placeholder: GOAL_EXAMPLE, initial: goalText ?? '' });
      if (typed === CANCEL || typed === QUIT) return quit(ui);
      goalText = typed.trim() || undefined;
    }
    const goal = goalText ? inferGoal(goalText) : undefined;
    const fromGoal = mergeSources(applyGoal(base, goal), fixed);
    ui.note(formatChain(detectedChain(defaults(fromGoal), goal, input.detection)), 'Detected chain');
    for (const note of goal?.notes ?? []) ui.info(note);
    // Something asked for that we cannot generate: generating must be a choice, never the default.
    const unsupported = goal?.unsupported.map((u) => u.text) ?? [];
    const asked = QUESTIONS.filter((q) => !(q.id in flat(fixed)) && isAsked(q, defaults(fromGoal))).length;
    const next = await ui.select({
      message: 'Generate this stack?',
      choices: [
        { value: 'confirm', label: 'Yes: review the answers, then generate', ...(unsupported.length ? { hint: `without ${unsupported.join(', ')}` } : {}) },
        { value: 'customise', label: 'Customise', hint: `${asked} questions, each with a default from the above` },
        ...(goal ? [{ value: 'defaults', label: 'Use the plain defaults', hint: 'ignore the goal; keep what the repository and devops-stack.yaml say' }] : []),
        { value: 'restart', label: 'Start over' },
      ],
      initial: unsupported.length ? 'customise' : 'confirm',
    });
    if (next === CANCEL || next === QUIT) return quit(ui);
    if (next === 'restart') {
      askGoal = true;
      continue;
    }
    const usedGoal = next === 'defaults' ? undefined : goal;
    let raw: Raw = next === 'defaults' ? mergeSources(base, fixed) : fromGoal;
    let customise = next === 'customise';
    const fixedIds = new Set(Object.keys(flat(fixed)));
    for (;;) {
      const step = await settle(raw, customise, usedGoal, input.detection, fixedIds, defaults, ui);
      if ('nav' in step) {
        if (step.nav === 'quit') return quit(ui);
        break;
      }
      raw = step.raw;
      const review = await reviewScreen(raw, input.detection, defaults, unsupported.length > 0 && usedGoal !== undefined, ui);
      if (review === 'generate') {
        ui.outro('Answers complete: generating');
        return { raw, ...(usedGoal ? { goal: usedGoal } : {}) };
      }
      if (review === 'quit') return quit(ui);
      if (review === 'restart') break;
      customise = true;
    }
    askGoal = true;
  }
}

/** Customise (when asked), then resolve the warnings the answers raise. */
async function settle(start: Raw, customise: boolean, goal: GoalInference | undefined, detection: Detection | undefined, fixed: ReadonlySet<string>, defaults: Defaults, ui: PromptAdapter): Promise<Step> {
  let raw = start;
  if (customise) {
    const result = await askQuestions(raw, fixed, defaults, ui);
    if ('nav' in result) return result;
    raw = result.raw;
    // Leaving a step out is the last question: show the chain as it will be generated.
    if (defaults(raw).skip.length) ui.note(formatChain(detectedChain(defaults(raw), goal, detection)), 'Chain to generate');
  }
  const resolved = await resolveWarnings(raw, goal, detection, defaults, ui);
  return resolved ? { raw: resolved } : { nav: 'quit' };
}

async function reviewScreen(raw: Raw, detection: Detection | undefined, defaults: Defaults, unsupported: boolean, ui: PromptAdapter): Promise<'generate' | 'customise' | 'restart' | 'quit'> {
  const answers = defaults(raw);
  ui.note(formatReview(answers, detection), 'Review');
  const problems = reviewProblems(answers);
  for (const p of problems) ui.warn(`${p.where}: ${p.message}\n${p.remedy}`);
  const choice = await ui.select({
    message: problems.length ? 'These answers cannot be generated yet: change them?' : 'Generate with these answers?',
    choices: [
      { value: 'generate', label: 'Generate', ...(problems.length ? { hint: 'stops with the problems above', disabled: true } : {}) },
      { value: 'customise', label: 'Change answers' },
      { value: 'restart', label: 'Start over' },
      { value: 'quit', label: 'Quit without writing anything' },
    ],
    initial: problems.length || unsupported ? 'customise' : 'generate',
  });
  return choice === CANCEL || choice === QUIT ? 'quit' : (choice as 'generate' | 'customise' | 'restart' | 'quit');
}

function quit(ui: PromptAdapter): GuidedOutcome {
  ui.cancel('Nothing was written.');
  return { cancelled: true };
}

/** Valid values are kept; an invalid one (a flag, or a field of the answers file) is asked again with the schema's reason. */
async function settleFlags(flags: Raw, ui: PromptAdapter, defaults: Defaults, source?: string): Promise<Raw | undefined> {
  let settled = flags;
  for (const [path, value] of Object.entries(flat(flags))) {
    const problem = fieldProblem(path, value);
    const question = QUESTIONS.find((q) => q.id === path);
    if (!problem || !question) continue;
    ui.warn(`${source ? `${source} ${path}:` : question.flag} ${showValue(value)}: ${problem}`);
    const answer = await ask(question, defaults(setField(settled, path, undefined)), 'fix the flag', ui);
    if (answer === CANCEL || answer === QUIT) return undefined;
    settled = setField(settled, path, answer);
  }
  return settled;
}

async function ask(q: Question, a: Answers, position: string, ui: PromptAdapter): Promise<unknown> {
  const message = `${q.message}  (${position} · ${CHAIN_TITLES[q.step]})\n${q.why}`;
  const current = getField(a as unknown as Raw, q.id);
  if (q.kind === 'select') return ui.select({ message, choices: q.choices!(a), initial: String(current) });
  if (q.kind === 'multiselect') return ui.multiselect({ message, choices: q.choices!(a), initial: Array.isArray(current) ? current.map(String) : [] });
  const parse = q.parse ?? ((t: string) => t.trim());
  const text = await ui.text({ message, initial: showValue(current), validate: (v) => fieldProblem(q.id, parse(v)) });
  return text === CANCEL || text === QUIT ? text : parse(text);
}

async function askQuestions(start: Raw, fixed: ReadonlySet<string>, defaults: Defaults, ui: PromptAdapter): Promise<Asked> {
  let raw = start;
  let index = 0;
  for (;;) {
    const list = QUESTIONS.filter((q) => !fixed.has(q.id) && isAsked(q, defaults(raw)));
    const question = list[index];
    if (!question) return { raw };
    const answer = await ask(question, defaults(raw), `${index + 1} of ${list.length}`, ui);
    if (answer === QUIT) return { nav: 'quit' };
    if (answer !== CANCEL) {
      raw = setField(raw, question.id, answer);
      index += 1;
      continue;
    }
    const nav = await navigate(ui, index, list.length - index);
    if (nav === 'back') index = Math.max(0, index - 1);
    else if (nav === 'finish') return { raw };
    else return { nav };
  }
}

async function navigate(ui: PromptAdapter, index: number, remaining: number): Promise<Nav> {
  const choice = await ui.select({
    message: `Paused at question ${index + 1}: what next?`,
    choices: [
      { value: 'back', label: 'Back to the previous question', disabled: index === 0 },
      { value: 'finish', label: 'Finish now', hint: `defaults for the remaining ${remaining}` },
      { value: 'restart', label: 'Start over' },
      { value: 'quit', label: 'Quit without writing anything' },
    ],
    initial: index === 0 ? 'finish' : 'back',
  });
  return choice === CANCEL || choice === QUIT ? 'quit' : (choice as Nav);
}

/** Each warning once: pick a resolution (or keep the answers when that is allowed). */
async function resolveWarnings(start: Raw, goal: GoalInference | undefined, detection: Detection | undefined, defaults: Defaults, ui: PromptAdapter): Promise<Raw | undefined> {
  let raw = start;
  const seen = new Set<string>();
  for (;;) {
    const warning = warningsFor(defaults(raw), { goal, detection }).find((w) => !seen.has(w.id));
    if (!warning) return raw;
    seen.add(warning.id);
    if (warning.options.length === 1 && warning.options[0]!.patch === null) {
      ui.warn(`${warning.where}: ${warning.message}`);
      continue;
    }
    const choice = await ui.select({
      message: `${warning.where}: ${warning.message}`,
      choices: warning.options.map((o, i) => ({ value: String(i), label: o.label, ...(o.flag ? { hint: o.flag } : {}) })),
      initial: '0',
    });
    if (choice === CANCEL || choice === QUIT) return undefined;
    const patch = warning.options[Number(choice)]!.patch;
    if (patch) raw = mergeSources(raw, patch);
  }
}
