/**
 * Reads the observability facts back from the files, generated or hand-edited.
 * Anything missing or unreadable yields null or nothing, never an exception:
 * the consistency rules then report what is absent.
 */
import { loadDocuments } from '../../render/yaml.js';
import type { FileTree } from '../../core/files.js';
import type { Plan } from '../../plan/types.js';
import type { Located, ObservabilityFacts } from '../facts.js';
import { collectorFacts } from './collector-facts.js';
import { expandAlternation } from './keep-regex.js';
import { observabilityFiles } from './names.js';
import { metricNames, variableQueryMetricNames } from './metric-names.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

interface Doc {
  file: string;
  value: Obj;
}

function yamlDocs(tree: FileTree, dir: string): Doc[] {
  const docs: Doc[] = [];
  for (const [file, { content }] of tree) {
    if (!file.startsWith(`${dir}/`) || !/\.ya?ml$/.test(file)) continue;
    try {
      for (const value of loadDocuments(content)) docs.push({ file, value: obj(value) });
    } catch {
      // unreadable YAML: no facts from this file
    }
  }
  return docs;
}

function matches(regex: string, name: string): boolean {
  try {
    return new RegExp(`^(?:${regex})$`).test(name);
  } catch {
    return false;
  }
}

/**
 * Names that survive an endpoint's metricRelabelings on `__name__`: the first keep
 * rule's names, narrowed by later keep rules and drop rules. null: no keep rule.
 */
function keptNames(endpoint: Obj): string[] | null {
  let kept: string[] | null = null;
  // ServiceMonitor: metricRelabelings; GMP's PodMonitoring: metricRelabeling.
  for (const rule of arr(endpoint.metricRelabelings ?? endpoint.metricRelabeling).map(obj)) {
    const sources = arr(rule.sourceLabels);
    const regex = str(rule.regex) ?? '(.*)';
    const action = (str(rule.action) ?? 'replace').toLowerCase();
    if (sources.length !== 1 || sources[0] !== '__name__') continue;
    if (action === 'keep') kept = kept ? kept.filter((n) => matches(regex, n)) : expandAlternation(regex);
    else if (action === 'drop' && kept) kept = kept.filter((n) => !matches(regex, n));
  }
  return kept;
}

function pushUnique(list: Located<string>[], file: string, names: string[]): void {
  for (const value of names) {
    if (!list.some((l) => l.value === value && l.file === file)) list.push({ value, file });
  }
}

function panelExprs(panels: unknown): string[] {
  return arr(panels).flatMap((p) => [
    ...arr(obj(p).targets).flatMap((t) => str(obj(t).expr) ?? []),
    ...panelExprs(obj(p).panels),
  ]);
}

function dashboardMetrics(content: string): string[] {
  let json: Obj;
  try {
    json = obj(JSON.parse(content));
  } catch {
    return [];
  }
  const variables = arr(obj(json.templating).list)
    .map(obj)
    .filter((v) => v.type === 'query')
    .flatMap((v) => str(v.query) ?? str(obj(v.query).query) ?? []);
  return [
    ...panelExprs(json.panels).flatMap(metricNames),
    ...variables.flatMap(variableQueryMetricNames),
  ];
}

/** `rel` as seen from the directory of `from` (tree paths, '/'-separated). */
function resolvePath(from: string, rel: string): string {
  const out = from.split('/').slice(0, -1);
  for (const part of rel.split('/')) {
    if (part === '..') out.pop();
    else if (part && part !== '.') out.push(part);
  }
  return out.join('/');
}

export function extractObservability(tree: FileTree, plan: Plan): ObservabilityFacts {
  const { dir, serviceMonitor: smFile, podMonitoring: pmFile, prometheusValues } = observabilityFiles(plan);
  const docs = yamlDocs(tree, dir);
  const kustomizeNamespace = str(docs.find((d) => d.file === `${dir}/kustomization.yaml`)?.value.namespace);

  const metricsCollected: Located<string>[] = [];
  let serviceMonitor: ObservabilityFacts['serviceMonitor'] = null;
  // The app's, not the collector's (otel-collector/): its own file first. A GMP PodMonitoring
  // selects the pods the Service selects, on the port the Service names: the same facts.
  const monitors = docs.filter((d) => d.value.kind === 'ServiceMonitor' || d.value.kind === 'PodMonitoring');
  const sm = monitors.find((d) => d.file === smFile || d.file === pmFile) ?? monitors[0];
  if (sm) {
    const spec = obj(sm.value.spec);
    const endpoints = arr(spec.endpoints).map(obj);
    const kept = endpoints.map(keptNames);
    for (const names of kept) pushUnique(metricsCollected, sm.file, names ?? []);
    const matchLabels = Object.entries(obj(obj(spec.selector).matchLabels)).flatMap(([k, v]) =>
      typeof v === 'string' ? [[k, v] as const] : [],
    );
    serviceMonitor = {
      file: sm.file,
      namespace: str(obj(sm.value.metadata).namespace) ?? kustomizeNamespace ?? '',
      selector: Object.fromEntries(matchLabels),
      portName: str(endpoints[0]?.port) ?? '',
      // Prometheus scrapes /metrics when the endpoint names no path.
      path: str(endpoints[0]?.path) ?? '/metrics',
      keepsAllMetrics: endpoints.length > 0 && kept.some((names) => names === null),
    };
  }

  const metricsUsed: Located<string>[] = [];
  const alerts: Located<string>[] = [];
  const rules: ObservabilityFacts['rules'] = [];
  const namespaceOf = (doc: Doc): string => str(obj(doc.value.metadata).namespace) ?? kustomizeNamespace ?? '';
  // PrometheusRule, or GMP's Rules and ClusterRules: the same groups.
  for (const doc of docs.filter((d) => d.value.kind === 'PrometheusRule' || /^(Cluster)?Rules$/.test(String(d.value.kind)))) {
    for (const rule of arr(obj(doc.value.spec).groups).flatMap((g) => arr(obj(g).rules)).map(obj)) {
      const alert = str(rule.alert);
      const labels = Object.fromEntries(Object.entries(obj(rule.labels)).flatMap(([k, v]) => (str(v) === undefined ? [] : [[k, str(v)!]])));
      rules.push({ file: doc.file, namespace: namespaceOf(doc), ...(alert ? { alert } : {}), ...(str(rule.record) ? { record: str(rule.record)! } : {}), expr: str(rule.expr) ?? '', labels });
      if (alert) pushUnique(alerts, doc.file, [alert]);
      // A recording rule's output is a series Prometheus stores: collected, like a scraped one.
      const record = str(rule.record);
      if (record) pushUnique(metricsCollected, doc.file, [record]);
      pushUnique(metricsUsed, doc.file, metricNames(str(rule.expr) ?? ''));
    }
  }
  for (const [file, { content }] of tree) {
    if (file.startsWith(`${dir}/`) && file.endsWith('.json')) pushUnique(metricsUsed, file, dashboardMetrics(content));
  }

  // The operator's default matcher strategy (OnNamespace) adds namespace="<its namespace>" to each route.
  const routes = docs
    .filter((d) => d.value.kind === 'AlertmanagerConfig')
    .map((d) => {
      const matchers = arr(obj(obj(d.value.spec).route).matchers).map(obj);
      const equal = matchers.filter((m) => (str(m.matchType) ?? '=') === '=' && str(m.name) && str(m.value) !== undefined);
      return { file: d.file, namespace: namespaceOf(d), matchers: Object.fromEntries(equal.map((m) => [str(m.name)!, str(m.value)!])) };
    });

  const deployedRuleGroups = docs
    .filter((d) => d.value.kind === 'PrometheusRule' || /^(Cluster)?Rules$/.test(String(d.value.kind)))
    .map((d) => ({ file: d.file, value: JSON.stringify(arr(obj(d.value.spec).groups)) }));
  const byPath = new Map(docs.map((d) => [d.file, d.value]));
  const ruleTests = docs
    .filter((d) => Array.isArray(d.value.rule_files) && Array.isArray(d.value.tests))
    .map((d) => ({
      file: d.file,
      ruleFiles: arr(d.value.rule_files).flatMap((r) => {
        if (typeof r !== 'string') return [];
        const file = resolvePath(d.file, r);
        const value = byPath.get(file);
        return [{ file, groups: value && !value.kind && Array.isArray(value.groups) ? JSON.stringify(value.groups) : null }];
      }),
    }));

  const values = docs.find((d) => d.file === prometheusValues);
  const retentionValue = values && str(obj(obj(values.value.prometheus).prometheusSpec).retention);
  const retention = values && retentionValue ? { value: retentionValue, file: values.file } : null;

  const collectorFile = observabilityFiles(plan).collector;
  const collector = collectorFacts(collectorFile, docs.filter((d) => d.file === collectorFile).map((d) => d.value));

  return { serviceMonitor, metricsUsed, metricsCollected, alerts, rules, ruleTests, deployedRuleGroups, collector, retention, routes, kustomizeDir: dir };
}
