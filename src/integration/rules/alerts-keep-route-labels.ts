import { guaranteedLabels, recordedLabels } from '../../steps/observability/promql-labels.js';
import type { ConsistencyRule } from '../rule.js';

/**
 * An AlertmanagerConfig routes only alerts whose `namespace` label is its own namespace (the
 * operator's default OnNamespace strategy) and that carry its route's matchers. An alert whose
 * expression aggregates with `sum(…)` keeps no label at all: it reaches no receiver, silently.
 */
export const alertsKeepRouteLabels: ConsistencyRule = {
  id: 'alerts-keep-route-labels',
  description: 'Every alert keeps the labels its AlertmanagerConfig route matches (namespace, and the route matchers).',
  needs: ['observability'],
  check({ facts }) {
    const { rules, routes } = facts.observability;
    if (!routes.length) return [];
    const recorded = recordedLabels(rules.flatMap((r) => (r.record ? [{ record: r.record, expr: r.expr, labels: r.labels }] : [])));
    const seen = new Set<string>();
    return routes.flatMap((route) =>
      rules.flatMap((rule) => {
        if (!rule.alert || rule.namespace !== route.namespace) return [];
        const labels = guaranteedLabels(rule.expr, recorded);
        for (const [k, v] of Object.entries(rule.labels)) labels.set(k, v);
        const wanted: Record<string, string> = { namespace: route.namespace, ...route.matchers };
        const missing = Object.entries(wanted).filter(([k, v]) => !labels.has(k) || (labels.get(k) !== '' && labels.get(k) !== v));
        const key = `${rule.file}|${rule.alert}|${route.file}`;
        if (!missing.length || seen.has(key)) return [];
        seen.add(key);
        const what = missing.map(([k, v]) => (labels.has(k) ? `${k}="${labels.get(k)}" (the route wants "${v}")` : `no ${k} label`)).join(', ');
        return [{
          message: `${rule.file}: alert ${rule.alert} has ${what}, so the route of ${route.file} (namespace ${route.namespace}) never matches it and it reaches no receiver`,
          files: [rule.file, route.file],
          remedy: `Keep the label through the aggregation (\`sum by (${missing.map(([k]) => k).join(', ')}) (…)\`), or set it in the rule's labels.`,
        }];
      }),
    );
  },
};
