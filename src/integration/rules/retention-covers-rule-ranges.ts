import { cloudOf } from '../../platforms/registry.js';
import type { MonitoringStack } from '../../platforms/types.js';
import { CHART_DEFAULT_RETENTION } from '../../steps/observability/backends.js';
import type { ConsistencyRule } from '../rule.js';

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds of a Prometheus duration (1h30m, 30d, 1w); NaN when it is not one. */
export function durationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (!parts.length || parts.map((p) => p[0]).join('') !== text) return NaN;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNITS[unit!]!, 0);
}

/** The longest range (or subquery range) an expression reads; strings are left out first. */
export function longestRange(expr: string): string | null {
  let longest: string | null = null;
  for (const [, range] of expr.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`/g, '""').matchAll(/\[\s*([0-9][0-9a-z]*)\s*(?::[^\]]*)?\]/g)) {
    if (longest === null || durationSeconds(range!) > durationSeconds(longest)) longest = range!;
  }
  return longest;
}

/** What the cluster's metrics store keeps when no values file of the stack says otherwise. */
const DEFAULT_RETENTION: Record<MonitoringStack, { kept: string; where: string }> = {
  'prometheus-operator': { kept: CHART_DEFAULT_RETENTION, where: `kube-prometheus-stack keeps ${CHART_DEFAULT_RETENTION} (its default: no values file sets prometheus.prometheusSpec.retention)` },
  // Cloud Monitoring keeps Managed Service for Prometheus samples for 24 months (downsampled with age).
  'managed-prometheus-gmp': { kept: '104w', where: 'Managed Service for Prometheus keeps 24 months' },
};

/**
 * A rule that reads 30 days of data gets 10 days from kube-prometheus-stack's default retention:
 * the 30-day SLO ratio silently covers a third of its period, and the error budget it reports is
 * wrong. The installed retention must cover the longest range any rule reads.
 */
export const retentionCoversRuleRanges: ConsistencyRule = {
  id: 'retention-covers-rule-ranges',
  description: 'The installed Prometheus keeps data at least as long as the longest range any recording or alerting rule reads.',
  needs: ['observability'],
  check({ plan, facts }) {
    const { rules, retention } = facts.observability;
    const fallback = DEFAULT_RETENTION[cloudOf(plan).kubernetes.monitoring];
    const kept = retention?.value ?? fallback.kept;
    const keptSeconds = durationSeconds(kept);
    const where = retention ? `${retention.file} keeps ${kept}` : fallback.where;
    return rules.flatMap((rule) => {
      const range = longestRange(rule.expr);
      if (!range || !(durationSeconds(range) > keptSeconds)) return [];
      return [{
        message: `${rule.file}: ${rule.record ?? rule.alert} reads ${range} of data, but ${where}: it computes over what is left`,
        files: [rule.file, ...(retention ? [retention.file] : [])],
        remedy: `Set prometheus.prometheusSpec.retention to at least ${range} (with storage for it) in the kube-prometheus-stack values the setup guide installs, or shorten the rule's range.`,
      }];
    });
  },
};
