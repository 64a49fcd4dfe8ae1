/**
 * Choices that are each valid but impossible together. Each check names the fields
 * involved and how to resolve the conflict.
 */
import type { Problem } from '../core/errors.js';
import type { Answers } from './answers.js';

type CombinationCheck = (answers: Answers) => Problem | undefined;

const CHECKS: CombinationCheck[] = [
  (a) =>
    a.tier === 'T1' && a.environments.length > 1
      ? {
          where: 'environments',
          message: `T1 generates one environment, but ${a.environments.length} were given (${a.environments.join(', ')})`,
          remedy: 'Give one environment (--environments prod), or choose a tier with several environments when it is available.',
        }
      : undefined,
  (a) => {
    const paths = [a.app.healthPath, a.app.readinessPath, a.app.metricsPath];
    return new Set(paths).size < paths.length
      ? {
          where: 'app',
          message: `healthPath, readinessPath and metricsPath must differ (got ${paths.join(', ')})`,
          remedy: 'Liveness and readiness answer different questions; give each its own path in devops-stack.yaml.',
        }
      : undefined;
  },
];

export function combinationProblems(answers: Answers): Problem[] {
  return CHECKS.map((check) => check(answers)).filter((p): p is Problem => p !== undefined);
}
