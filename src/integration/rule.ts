/**
 * A consistency rule: one module each, with an id, what it checks, a message per
 * finding and a remedy. Rules read the typed facts that each step's extractor read
 * back from the files, so they hold for generated files and for files on disk alike.
 */
import type { FileTree } from '../core/files.js';
import type { Plan } from '../plan/types.js';
import type { StackFacts } from '../steps/facts.js';

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
  check(context: RuleContext): Omit<Finding, 'rule' | 'severity'>[];
  severity?: Finding['severity'];
}

export function runRules(rules: readonly ConsistencyRule[], context: RuleContext): Finding[] {
  return rules.flatMap((rule) =>
    rule.check(context).map((finding) => ({ rule: rule.id, severity: rule.severity ?? 'error', ...finding })),
  );
}
