import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { dump, load } from 'js-yaml';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTree, type FileTree } from '../../src/core/files.js';
import { BUDGETS } from '../../src/integration/budgets.js';
import type { Plan } from '../../src/plan/types.js';
import { isPlatformMetric, metricNames, observabilityStep } from '../../src/steps/observability/index.js';
import { expandAlternation } from '../../src/steps/observability/keep-regex.js';
import { variableQueryMetricNames } from '../../src/steps/observability/metric-names.js';
import { planFor } from '../fixtures.js';
import { formatFindings, validateTree } from '../validators/index.js';

const DIR = 'deploy/observability';
const SM = `${DIR}/servicemonitor.yaml`;
const RULES = `${DIR}/prometheusrule.yaml`;
const DASHBOARD = `${DIR}/dashboards/shop-api-red.json`;
const KUSTOMIZATION = `${DIR}/kustomization.yaml`;
const DOC = 'docs/devops/observability.md';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const render = (plan: Plan = planFor()): FileTree => buildTree(observabilityStep.render(plan));
const yamlOf = (tree: FileTree, path: string): Any => load(tree.get(path)!.content);
const alertsOf = (tree: FileTree): Any[] => yamlOf(tree, RULES).spec.groups.flatMap((g: Any) => g.rules);

function withFile(tree: FileTree, path: string, content: string | null): FileTree {
  const rest = [...tree.values()].filter((f) => f.path !== path);
  return buildTree(content === null ? rest : [...rest, { ...tree.get(path)!, content }]);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const headings = [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => m[1]!);
  return new Set(headings.map((h) => h.toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));
}

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'observability-step-'));
  tempDirs.push(dir);
  return dir;
}
function writeTree(tree: FileTree): string {
  const dir = tempDir();
  for (const f of tree.values()) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  return dir;
}

describe('observability step: files', () => {
  it('writes the ServiceMonitor, the rules, the dashboard, the kustomization and the doc', () => {
    expect([...render().keys()]).toEqual([DASHBOARD, KUSTOMIZATION, RULES, SM, DOC].sort());
    for (const f of render().values()) expect(f.producer).toBe('observability');
  });

  it('gives byte-identical output for the same plan', () => {
    const [a, b] = [render(), render()];
    for (const [path, f] of a) expect(b.get(path)!.content, path).toBe(f.content);
  });

  it("passes the field's validators: promtool, kustomize, Kubernetes models, Grafana schema, PromQL parser, yamllint", async () => {
    const only = ['promtool', 'kustomize', 'kubernetes-schema', 'grafana-dashboard', 'promql', 'yamllint', 'secret-literals'];
    const { findings } = await validateTree(render(), { only });
    expect(formatFindings(findings)).toBe('');
  });

  it('keeps the whole step within the observability token budget', () => {
    const byFile = Object.fromEntries([...render().values()].map((f) => [f.path, countTokens(f.content)]));
    const tokens = Object.values(byFile).reduce((sum, n) => sum + n, 0);
    expect(tokens, JSON.stringify(byFile)).toBeLessThanOrEqual(BUDGETS.T1.observability);
  });
});

describe('observability step: ServiceMonitor', () => {
  const sm = yamlOf(render(), SM);
  const plan = planFor();

  it('is a valid prometheus-operator ServiceMonitor with the release label', () => {
    expect(() => new ServiceMonitor(sm).validate()).not.toThrow();
    expect(sm.metadata).toMatchObject({ namespace: plan.namespace, labels: { release: 'kube-prometheus-stack' } });
  });

  it("selects the Service by plan.labels' name, on the plan's port name and metrics path, every 30s", () => {
    expect(sm.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': plan.labels['app.kubernetes.io/name'] });
    expect(sm.spec.endpoints).toHaveLength(1);
    expect(sm.spec.endpoints[0]).toMatchObject({ port: plan.app.portName, path: plan.app.metricsPath, interval: '30s' });
  });

  it('keeps exactly the request counter and the duration histogram', () => {
    expect(sm.spec.endpoints[0].metricRelabelings).toEqual([
      { sourceLabels: ['__name__'], action: 'keep', regex: 'http_requests_total|http_request_duration_seconds_(bucket|sum|count)' },
    ]);
  });

  it('follows a custom metrics path', () => {
    const custom = yamlOf(render(planFor({ app: { metricsPath: '/internal/metrics' } })), SM);
    expect(custom.spec.endpoints[0].path).toBe('/internal/metrics');
  });
});

describe('observability step: alert rules', () => {
  const tree = render();
  const alerts = alertsOf(tree);
  const plan = planFor();

  it('is a valid PrometheusRule with the release label', () => {
    const rule = yamlOf(tree, RULES);
    expect(() => new PrometheusRule(rule).validate()).not.toThrow();
    expect(rule.metadata).toMatchObject({ namespace: plan.namespace, labels: { release: 'kube-prometheus-stack' } });
  });

  it('has the six service alerts', () => {
    expect(alerts.map((a) => a.alert)).toEqual([
      'HighErrorRatio',
      'HighLatencyP99',
      'CrashLooping',
      'PodsNotReady',
      'ReplicasMismatch',
      'HpaMaxedOut',
    ]);
  });

  it('gives every alert a severity, a summary, a description and a runbook that exists in observability.md', () => {
    const headings = anchors(tree.get(DOC)!.content);
    const base = `https://github.com/${plan.repository}/blob/main/docs/devops/observability.md#`;
    for (const a of alerts) {
      expect(['critical', 'warning'], a.alert).toContain(a.labels.severity);
      expect(a.annotations.summary, a.alert).toBeTruthy();
      expect(a.annotations.description, a.alert).toBeTruthy();
      expect(a.annotations.runbook_url.startsWith(base), a.alert).toBe(true);
      expect(headings, a.alert).toContain(a.annotations.runbook_url.slice(base.length));
    }
  });

  it('pages on a 5xx ratio above 5% for 10 minutes', () => {
    const errors = alerts.find((a) => a.alert === 'HighErrorRatio');
    expect(errors).toMatchObject({ for: '10m', labels: { severity: 'critical' } });
    expect(errors.expr).toContain('code=~"5.."}[5m]');
    expect(errors.expr).toMatch(/> 0\.05$/);
  });

  it('scopes every expression to the namespace and the workload', () => {
    for (const a of alerts) {
      expect(a.expr, a.alert).toContain(`namespace="${plan.namespace}"`);
      expect(a.expr, a.alert).toMatch(/job="shop-api"|container="shop-api"|pod=~"shop-api-\.\*"|deployment="shop-api"|horizontalpodautoscaler="shop-api"/);
    }
  });

  it.skipIf(!existsSync('/usr/local/bin/promtool'))('passes promtool check rules', () => {
    const file = join(tempDir(), 'rules.yml');
    writeFileSync(file, dump(yamlOf(tree, RULES).spec));
    const out = execFileSync('/usr/local/bin/promtool', ['check', 'rules', file], { encoding: 'utf8' });
    expect(out).toContain('SUCCESS: 6 rules found');
  });
});

describe('observability step: dashboard', () => {
  const tree = render();
  const text = tree.get(DASHBOARD)!.content;
  const dashboard = JSON.parse(text) as Any;
  const exprs: string[] = dashboard.panels.flatMap((p: Any) => p.targets.map((t: Any) => t.expr));

  it('is JSON with sorted keys, 2-space indentation and a final newline, without a header', () => {
    expect(text.startsWith('{\n  "panels":[\n    {')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(dashboard)).toEqual([...Object.keys(dashboard)].sort());
  });

  it('has a stable uid from the name, at most 40 characters, and a schemaVersion Grafana 10 and later read', () => {
    expect(dashboard.uid).toBe('shop-api-red');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(dashboard.schemaVersion).toBeLessThanOrEqual(41);
    const long = 'a'.repeat(40);
    const uid = JSON.parse(render(planFor({ name: long })).get(`${DIR}/dashboards/${long}-red.json`)!.content).uid;
    expect(uid.length).toBeLessThanOrEqual(40);
    expect(uid).toMatch(/^[a-z0-9-]+$/);
  });

  it('has datasource and namespace variables, and every panel uses the datasource variable', () => {
    const [ds, ns] = dashboard.templating.list;
    expect(ds).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
    expect(ns).toMatchObject({ name: 'namespace', type: 'query' });
    for (const p of dashboard.panels) expect(p.datasource.uid, p.title).toBe('$datasource');
  });

  it('shows rate, error ratio, p50/p95/p99 latency and CPU and memory against limits as time series', () => {
    expect(dashboard.panels.map((p: Any) => [p.type, p.title, p.fieldConfig?.defaults.unit])).toEqual([
      ['timeseries', 'Requests', 'reqps'],
      ['timeseries', 'Error ratio', 'percentunit'],
      ['timeseries', 'Latency (s)', undefined],
      ['timeseries', 'CPU and memory / limit', 'percentunit'],
    ]);
    const latency = exprs.filter((e) => e.startsWith('histogram_quantile('));
    expect(latency.map((e) => e.slice(19, e.indexOf(',')))).toEqual(['0.5', '0.95', '0.99']);
    for (const e of latency) expect(e).toContain('http_request_duration_seconds_bucket{namespace="$namespace"}[$__rate_interval]');
    expect(exprs.filter((e) => e.includes('kube_pod_container_resource_limits'))).toHaveLength(2);
    for (const e of exprs) expect(e).toContain('namespace="$namespace"');
  });
});

describe('observability step: kustomization', () => {
  const tree = render();
  const k = yamlOf(tree, KUSTOMIZATION);

  it('applies both resources in the app namespace and ships the dashboard as a sidecar ConfigMap', () => {
    expect(k).toMatchObject({
      namespace: 'shop-api',
      resources: ['servicemonitor.yaml', 'prometheusrule.yaml'],
      configMapGenerator: [{ files: ['dashboards/shop-api-red.json'], options: { labels: { grafana_dashboard: '1' } } }],
      generatorOptions: { disableNameSuffixHash: true },
    });
  });

  it.skipIf(!existsSync('/usr/bin/kubectl'))('builds with kubectl kustomize', () => {
    const out = execFileSync('/usr/bin/kubectl', ['kustomize', join(writeTree(tree), DIR)], { encoding: 'utf8' });
    const kinds = out.split(/^---$/m).map((doc) => (load(doc) as Any).kind);
    expect(kinds.sort()).toEqual(['ConfigMap', 'PrometheusRule', 'ServiceMonitor']);
    expect(out).toContain('name: shop-api-dashboard');
  });
});

describe('observability step: doc', () => {
  const doc = render().get(DOC)!.content;

  it('states the metrics contract, with the library hint for the stack', () => {
    expect(doc).toContain('`http_requests_total` (counter, label `code`');
    expect(doc).toContain('`http_request_duration_seconds` (histogram)');
    expect(doc).toContain('`prom-client`');
    expect(render(planFor({ stack: 'go' })).get(DOC)!.content).toContain('InstrumentHandlerDuration');
  });

  it('says where logs go, with the aws logs tail command for each cluster', () => {
    expect(doc).toContain('amazon-cloudwatch-observability');
    expect(doc).toContain(`aws logs tail /aws/containerinsights/shop-api-prod/application --region us-east-1 --follow`);
    const staging = render(planFor({ environments: ['staging'], region: 'eu-west-1' })).get(DOC)!.content;
    expect(staging).toContain('/aws/containerinsights/shop-api-staging/application --region eu-west-1');
  });
});

describe('PromQL metric names', () => {
  it.each([
    ['sum by (code) (rate(http_requests_total{code=~"5.."}[5m]))', ['http_requests_total']],
    ['histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="a"}[$__rate_interval])))', ['http_request_duration_seconds_bucket']],
    ['sum(rate(x_total[5m])) by (job) / on() group_left(instance) max without (pod) (up{job="b"})', ['x_total', 'up']],
    ['a_metric * on (pod) group_left kube_pod_info{node!=""} and ignoring(le) b_metric offset 5m > bool 0.5', ['a_metric', 'kube_pod_info', 'b_metric']],
    ['count_values("version", build_info) unless absent(foo{bar="}{"}) or vector(1) @ start()', ['build_info', 'foo']],
    ['{__name__="by_name_total", job="x"} + Inf - NaN + 1e-3 + 0x1F', ['by_name_total']],
    ['job:http_requests:rate5m{namespace="$namespace"}', ['job:http_requests:rate5m']],
  ])('%s', (expr, names) => {
    expect(metricNames(expr)).toEqual(names);
  });

  it('reads Grafana variable queries', () => {
    expect(variableQueryMetricNames('label_values(http_requests_total{job="a"}, namespace)')).toEqual(['http_requests_total']);
    expect(variableQueryMetricNames('label_values(namespace)')).toEqual([]);
    expect(variableQueryMetricNames('query_result(topk(5, foo_total))')).toEqual(['foo_total']);
  });

  it('treats kube-state-metrics, cAdvisor and node metrics as collected by the platform', () => {
    for (const name of ['kube_pod_status_ready', 'container_memory_working_set_bytes', 'node_cpu_seconds_total', 'up']) {
      expect(isPlatformMetric(name), name).toBe(true);
    }
    expect(isPlatformMetric('http_requests_total')).toBe(false);
  });
});

describe('keep regex expansion', () => {
  it.each([
    ['http_requests_total|http_request_duration_seconds_(bucket|sum|count)', ['http_requests_total', 'http_request_duration_seconds_bucket', 'http_request_duration_seconds_sum', 'http_request_duration_seconds_count']],
    ['a_(?:x|y)_(1|2)', ['a_x_1', 'a_x_2', 'a_y_1', 'a_y_2']],
    ['up', ['up']],
    ['http_.*', ['http_.*']],
    ['a_(b|c)?', ['a_(b|c)?']],
  ])('%s', (regex, names) => {
    expect(expandAlternation(regex)).toEqual(names);
  });
});

describe('observability step: extract', () => {
  const plan = planFor();
  const tree = render(plan);

  it('reads the facts back from the generated files', () => {
    const facts = observabilityStep.extract(tree, plan);
    expect(facts.serviceMonitor).toEqual({
      file: SM,
      namespace: 'shop-api',
      selector: { 'app.kubernetes.io/name': 'shop-api' },
      portName: 'http',
      path: '/metrics',
      keepsAllMetrics: false,
    });
    expect(facts.metricsCollected).toEqual(
      ['http_requests_total', 'http_request_duration_seconds_bucket', 'http_request_duration_seconds_sum', 'http_request_duration_seconds_count'].map(
        (value) => ({ value, file: SM }),
      ),
    );
    expect(facts.alerts.map((a) => a.value)).toEqual(alertsOf(tree).map((a) => a.alert));
    expect(facts.alerts.every((a) => a.file === RULES)).toBe(true);
    expect(facts.kustomizeDir).toBe(DIR);
    const used = (file: string) => facts.metricsUsed.filter((m) => m.file === file).map((m) => m.value);
    expect(used(RULES)).toEqual([
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'kube_pod_container_status_restarts_total',
      'kube_pod_status_ready',
      'kube_deployment_spec_replicas',
      'kube_deployment_status_replicas_available',
      'kube_horizontalpodautoscaler_status_current_replicas',
      'kube_horizontalpodautoscaler_spec_max_replicas',
    ]);
    expect(used(DASHBOARD)).toEqual([
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'container_cpu_usage_seconds_total',
      'kube_pod_container_resource_limits',
      'container_memory_working_set_bytes',
    ]);
  });

  it('finds every metric the alerts and the dashboard use among the collected or platform metrics', () => {
    const facts = observabilityStep.extract(tree, plan);
    const collected = new Set(facts.metricsCollected.map((m) => m.value));
    const missing = facts.metricsUsed.filter((m) => !collected.has(m.value) && !isPlatformMetric(m.value));
    expect(missing).toEqual([]);
  });

  it('shows a keep regex edited to drop the histogram', () => {
    const edited = withFile(tree, SM, tree.get(SM)!.content.replace(/regex: .*/, 'regex: http_requests_total'));
    const facts = observabilityStep.extract(edited, plan);
    expect(facts.metricsCollected).toEqual([{ value: 'http_requests_total', file: SM }]);
    const collected = new Set(facts.metricsCollected.map((m) => m.value));
    const missing = facts.metricsUsed.filter((m) => !collected.has(m.value) && !isPlatformMetric(m.value));
    expect(missing).toEqual([
      { value: 'http_request_duration_seconds_bucket', file: RULES },
      { value: 'http_request_duration_seconds_bucket', file: DASHBOARD },
    ]);
  });

  it('reads hand-edited values: selector, port, path, namespace from the kustomization, extra keep and drop rules', () => {
    const sm = yamlOf(tree, SM);
    delete sm.metadata.namespace;
    sm.spec.selector.matchLabels = { app: 'shop' };
    sm.spec.endpoints[0].port = 'metrics';
    delete sm.spec.endpoints[0].path;
    sm.spec.endpoints[0].metricRelabelings.push({ sourceLabels: ['__name__'], action: 'drop', regex: '.*_sum' });
    const facts = observabilityStep.extract(withFile(tree, SM, dump(sm)), plan);
    expect(facts.serviceMonitor).toMatchObject({ namespace: 'shop-api', selector: { app: 'shop' }, portName: 'metrics', path: '/metrics' });
    expect(facts.metricsCollected.map((m) => m.value)).not.toContain('http_request_duration_seconds_sum');
    expect(facts.metricsCollected).toHaveLength(3);
  });

  it('reports a ServiceMonitor without a keep rule as keeping everything', () => {
    const facts = observabilityStep.extract(withFile(tree, SM, tree.get(SM)!.content.replace(/\n {6}metricRelabelings:[\s\S]*$/, '\n')), plan);
    expect(facts.serviceMonitor?.keepsAllMetrics).toBe(true);
    expect(facts.metricsCollected).toEqual([]);
  });

  it('returns null and empty lists for missing or unreadable files, without throwing', () => {
    const empty = observabilityStep.extract(buildTree([]), plan);
    expect(empty).toEqual({ serviceMonitor: null, metricsUsed: [], metricsCollected: [], alerts: [], kustomizeDir: DIR });
    let broken = withFile(tree, SM, 'kind: ServiceMonitor\nspec: [unclosed');
    broken = withFile(broken, RULES, 'kind: PrometheusRule\nspec:\n  groups: 3\n');
    broken = withFile(broken, DASHBOARD, '{"panels": [');
    const facts = observabilityStep.extract(broken, plan);
    expect(facts).toEqual({ serviceMonitor: null, metricsUsed: [], metricsCollected: [], alerts: [], kustomizeDir: DIR });
    const odd = withFile(tree, SM, 'kind: ServiceMonitor\nspec:\n  endpoints: [{port: 8080, metricRelabelings: [{}]}]\n');
    expect(observabilityStep.extract(odd, plan).serviceMonitor).toMatchObject({ portName: '8080', selector: {}, keepsAllMetrics: true });
  });
});
