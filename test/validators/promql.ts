/**
 * PromQL outside Prometheus rule files, parsed with @prometheus-io/lezer-promql (the grammar of
 * Prometheus' own UI): every `expr` of a Grafana dashboard (`*.json` under a `dashboards/` dir),
 * after replacing Grafana's `$__rate_interval`/`$__interval`/`$__range` and `$var`/`${var}`
 * template variables, and every Prometheus query of an Argo Rollouts AnalysisTemplate, after
 * replacing `{{args.x}}`. A parse tree with error nodes is a finding. (PrometheusRule and
 * `*.rules.yml` expressions go through promtool, which also type-checks them.)
 */
import { parser } from '@prometheus-io/lezer-promql';
import { type Finding, type PathSeg, type RunContext, type Tree, isRecord, isYamlPath, k8sObjects, lineAt, parseYaml, pathString } from './common.js';

export const PROMQL = 'promql';

export const isDashboardPath = (p: string): boolean => /(^|\/)dashboards\/(.+\/)?[^/]+\.json$/.test(p);

/** Grafana variables replaced by values PromQL accepts where they stand. */
export function substituteGrafana(expr: string): string {
  return expr
    .replace(/\$\{?__(rate_interval|interval|range|interval_ms|range_s|range_ms)\}?/g, (_m, n: string) => (/_(s|ms)$/.test(n) ? '300' : '5m'))
    .replace(/\[\s*\$\{?(\w+)(?::[^}\]]*)?\}?\s*\]/g, '[5m]')
    .replace(/\$\{(\w+)(?::[^}]*)?\}/g, 'var_$1')
    .replace(/\$(\w+)/g, 'var_$1');
}

export function substituteArgoArgs(query: string): string {
  return query.replace(/\{\{\s*args\.([\w-]+)\s*\}\}/g, (_m, n: string) => `arg_${n.replace(/-/g, '_')}`);
}

/** Syntax errors of a PromQL expression: offset and a short excerpt around it. */
export function promqlErrors(expr: string): { offset: number; near: string }[] {
  const errors: { offset: number; near: string }[] = [];
  if (!expr.trim()) return [{ offset: 0, near: '(empty expression)' }];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push({ offset: node.from, near: expr.slice(Math.max(0, node.from - 15), node.from + 15) });
    },
  });
  return errors;
}

function collectExprs(value: unknown, path: PathSeg[], out: { path: PathSeg[]; expr: string; title?: string }[], title?: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectExprs(v, [...path, i], out, title));
    return;
  }
  if (!isRecord(value)) return;
  const here = typeof value.title === 'string' ? value.title : title;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'expr' && typeof v === 'string') out.push({ path: [...path, k], expr: v, title: here });
    else collectExprs(v, [...path, k], out, here);
  }
}

export async function checkPromql(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of tree.values()) {
    if (!isDashboardPath(file.path)) continue;
    let json: unknown;
    try {
      json = JSON.parse(file.content);
    } catch {
      continue; // grafana-dashboard reports invalid JSON
    }
    const exprs: { path: PathSeg[]; expr: string; title?: string }[] = [];
    collectExprs(json, [], exprs);
    for (const { path, expr, title } of exprs) {
      const substituted = substituteGrafana(expr);
      for (const e of promqlErrors(substituted)) {
        findings.push({
          validator: PROMQL,
          file: file.path,
          location: `${pathString(path)}${title ? ` (panel "${title}")` : ''}`,
          message: `PromQL syntax error at offset ${e.offset} near ${JSON.stringify(e.near)} in ${JSON.stringify(expr)}`,
        });
      }
    }
  }
  for (const file of tree.values()) {
    if (!isYamlPath(file.path)) continue;
    const yf = parseYaml(file);
    for (const { doc, obj, kind, name } of k8sObjects(file)) {
      if (kind !== 'AnalysisTemplate' && kind !== 'ClusterAnalysisTemplate') continue;
      const metrics = isRecord(obj.spec) && Array.isArray(obj.spec.metrics) ? obj.spec.metrics : [];
      metrics.forEach((m, i) => {
        const prom = isRecord(m) && isRecord(m.provider) && isRecord(m.provider.prometheus) ? m.provider.prometheus : undefined;
        if (!prom || typeof prom.query !== 'string') return;
        const path: PathSeg[] = ['spec', 'metrics', i, 'provider', 'prometheus', 'query'];
        for (const e of promqlErrors(substituteArgoArgs(prom.query))) {
          findings.push({
            validator: PROMQL,
            file: file.path,
            location: `${kind}/${name} ${pathString(path)} (line ${lineAt(yf, doc, path) ?? doc.line})`,
            message: `PromQL syntax error at offset ${e.offset} near ${JSON.stringify(e.near)} in ${JSON.stringify(prom.query)}`,
          });
        }
      });
    }
  }
  return findings;
}
