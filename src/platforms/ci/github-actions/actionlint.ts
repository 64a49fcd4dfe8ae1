/**
 * .github/actionlint.yaml (T3): the self-hosted runner labels the deploy jobs use (one
 * actions-runner-controller scale set per target), so that actionlint accepts them.
 */
import type { Plan } from '../../../plan/types.js';

export const ACTIONLINT_CONFIG = '.github/actionlint.yaml';

/** Labels that are not GitHub-hosted runner images; empty when every job runs on GitHub. */
export function selfHostedLabels(plan: Pick<Plan, 'environments'>): string[] {
  const labels = plan.environments.flatMap((e) => e.targets.flatMap((t) => (t.runner.kind === 'self-hosted' ? [t.runner.label] : [])));
  return [...new Set(labels)];
}

export function actionlintConfig(labels: string[]): object {
  return { 'self-hosted-runner': { labels } };
}
