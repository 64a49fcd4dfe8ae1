/**
 * A consistency rule: one module each, with an id, what it checks, a message per
 * finding and a remedy. Rules read the typed facts that each step's extractor read
 * back from the files, so they hold for generated files and for files on disk alike.
 */
import { skippedSteps } from '../config/answers.js';
import type { FileTree } from '../core/files.js';
import type { Plan } from '../plan/types.js';
import type { StackFacts } from '../steps/facts.js';
import type { StepId } from '../steps/step.js';

export interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  /** The files that disagree, first the one to change. */
  files: string[];
  remedy: string;
}

export interface RuleContext {
  plan: Plan;
  facts: StackFacts;
  tree: FileTree;
}

export interface ConsistencyRule {
  id: string;
  description: string;
  /** The steps whose facts it reads: when one of them is left out (skip), the rule does not run. */
  needs: StepId[];
  check(context: RuleContext): Omit<Finding, 'rule' | 'severity'>[];
  severity?: Finding['severity'];
}

/** Runs every rule whose steps all ran: a left-out step has empty facts, which are not a disagreement. */
export function runRules(rules: readonly ConsistencyRule[], context: RuleContext): Finding[] {
  const skipped: readonly StepId[] = skippedSteps(context.plan.answers);
  return rules.filter((rule) => !rule.needs.some((step) => skipped.includes(step))).flatMap((rule) =>
    rule.check(context).map((finding) => ({ rule: rule.id, severity: rule.severity ?? 'error', ...finding })),
  );
}

/**
 * A finding on one of the user's own files (a kept Dockerfile, owner user): a warning, since we
 * never rewrite it; the remedy says to change it by hand, or what to change on our side.
 * `kept`: such files' tree paths.
 */
export function keptAsWarnings(findings: Finding[], kept: { has(path: string): boolean } | undefined): Finding[] {
  if (!kept) return findings;
  return findings.map((f) => {
    const theirs = f.files.find((file) => kept.has(file));
    return theirs ? { ...f, severity: 'warning', remedy: `${theirs} is yours and kept as it is (never rewritten): change it by hand, or: ${f.remedy}` } : f;
  });
}
