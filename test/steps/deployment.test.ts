import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { load, loadAll } from 'js-yaml';
import { AnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import { Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { afterAll, describe, expect, it } from 'vitest';
import { lacksTool } from '../helpers/tools.js';
import { buildTree, type FileTree } from '../../src/core/files.js';
import { BUDGETS } from '../../src/integration/budgets.js';
import type { Plan } from '../../src/plan/types.js';
import { deploymentStep } from '../../src/steps/deployment/index.js';
import { GENERATED_HEADER } from '../../src/render/yaml.js';
import { planFor } from '../fixtures.js';

const K8S = 'deploy/k8s';
const MANIFESTS = ['kustomization', 'namespace', 'serviceaccount', 'deployment', 'service', 'hpa', 'pdb'];
const LOCAL = ['docker-compose.yml', '.env.example', 'Makefile', 'scripts/local/start.sh'];

function render(plan: Plan = planFor()): FileTree {
  return buildTree(deploymentStep.render(plan));
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
function manifest(tree: FileTree, name: string): Any {
  return load(tree.get(`${K8S}/${name}.yaml`)!.content);
}
function withFile(tree: FileTree, path: string, edit: (text: string) => string): FileTree {
  const file = tree.get(path)!;
  return buildTree([...[...tree.values()].filter((f) => f.path !== path), { ...file, content: edit(file.content) }]);
}
const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Writes the tree to a fresh temp directory. */
function writeTree(tree: FileTree): string {
  const dir = mkdtempSync(join(tmpdir(), 'deployment-step-'));
  tempDirs.push(dir);
  for (const file of tree.values()) {
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    if (file.executable) chmodSync(path, 0o755);
  }
  return dir;
}

describe('deployment step', () => {
  it('writes the manifests, the kustomization listing them, the rollback script and the strategy document', () => {
    const tree = render();
    expect([...tree.keys()].sort()).toEqual(
      [...MANIFESTS.map((m) => `${K8S}/${m}.yaml`), 'deploy/rollback.sh', 'docs/devops/deployment-strategy.md', ...LOCAL].sort(),
    );
    const kustomization = manifest(tree, 'kustomization');
    expect(kustomization.namespace).toBe('shop-api');
    for (const resource of kustomization.resources) expect(tree.has(`${K8S}/${resource}`)).toBe(true);
    for (const file of tree.values()) {
      if (!file.path.endsWith('.md')) expect(file.content).toContain(`# ${GENERATED_HEADER}`);
      expect(file.producer).toBe('deployment');
    }
  });

  it('is byte-identical for the same plan', () => {
    expect(deploymentStep.render(planFor())).toEqual(deploymentStep.render(planFor()));
  });

  it('writes objects that pass the Kubernetes schemas, with apiVersion, kind and metadata first', () => {
    const tree = render();
    const models: Record<string, new (data: Any) => { validate(): void }> = {
      namespace: Namespace,
      serviceaccount: ServiceAccount,
      deployment: Deployment,
      service: Service,
      hpa: HorizontalPodAutoscaler,
      pdb: PodDisruptionBudget,
    };
    for (const [name, Model] of Object.entries(models)) {
      const value = manifest(tree, name);
      expect(Object.keys(value).slice(0, 3)).toEqual(['apiVersion', 'kind', 'metadata']);
      expect(() => new Model(value).validate()).not.toThrow();
    }
  });

  it('enforces the restricted Pod Security Standard on the namespace and every container', () => {
    const tree = render();
    expect(manifest(tree, 'namespace').metadata.labels).toEqual({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    const pod = manifest(tree, 'deployment').spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(manifest(tree, 'serviceaccount').automountServiceAccountToken).toBe(false);
    const containers = [...pod.containers, ...(pod.initContainers ?? [])];
    for (const c of containers) {
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(c.resources.requests).toHaveProperty('cpu');
      expect(c.resources.requests).toHaveProperty('memory');
      expect(c.resources.limits).toHaveProperty('cpu');
      expect(c.resources.limits).toHaveProperty('memory');
      expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    }
  });

  it('probes health and readiness on the plan paths, by port name, with distinct probes; a startup probe for the JVM only', () => {
    const plan = planFor({ app: { healthPath: '/live', readinessPath: '/ready' } });
    const [c] = manifest(render(plan), 'deployment').spec.template.spec.containers;
    expect(c.image).toBe(plan.image.placeholder);
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    expect(c).not.toHaveProperty('startupProbe');
    const [jvm] = manifest(render(planFor({ stack: 'java' })), 'deployment').spec.template.spec.containers;
    expect(jvm.startupProbe).toEqual({ httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5, failureThreshold: 30 });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/live', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(c.livenessProbe).not.toEqual(c.readinessProbe);
    expect(c.lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
  });

  it('leaves replicas to the HPA, sized from the production environment', () => {
    const plan = planFor({ environments: ['staging', 'prod'] });
    const tree = render(plan);
    expect(manifest(tree, 'deployment').spec).not.toHaveProperty('replicas');
    const hpa = manifest(tree, 'hpa');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop-api' });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([plan.environments[1]!.replicas.min, plan.environments[1]!.replicas.max]);
  });

  it('keeps one pod through drains and lets unhealthy pods be evicted', () => {
    const pdb = manifest(render(), 'pdb');
    expect(pdb.spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'shop-api' } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  it('rolls with maxUnavailable 0 by default, and recreate changes the Deployment and the document', () => {
    const rolling = render();
    expect(manifest(rolling, 'deployment').spec.strategy).toEqual({ rollingUpdate: { maxUnavailable: 0 } });
    const recreate = render(planFor({ strategy: 'recreate' }));
    expect(manifest(recreate, 'deployment').spec.strategy).toEqual({ type: 'Recreate' });
    const doc = (tree: FileTree) => tree.get('docs/devops/deployment-strategy.md')!.content;
    expect(doc(rolling)).toMatch(/^# Deployment strategy: rolling/);
    expect(doc(recreate)).toMatch(/^# Deployment strategy: recreate/);
    expect(doc(recreate)).toContain('downtime on every deploy');
    for (const text of [doc(rolling), doc(recreate)]) {
      expect(text).toContain('`deploy/rollback.sh 3` (revision 3');
      expect(text).toContain('kubectl rollout history deployment/shop-api -n shop-api');
      expect(text).toContain('aws eks update-kubeconfig --name shop-api-prod');
    }
  });

  it('extracts facts equal to the plan', () => {
    const plan = planFor();
    expect(deploymentStep.extract(render(plan), plan)).toEqual({
      workload: {
        file: `${K8S}/deployment.yaml`,
        kind: 'Deployment',
        name: plan.name,
        namespace: plan.namespace,
        image: plan.image.placeholder,
        containerPortName: plan.app.portName,
        containerPort: plan.app.port,
        probes: [
          { kind: 'liveness', path: plan.app.healthPath, port: plan.app.portName },
          { kind: 'readiness', path: plan.app.readinessPath, port: plan.app.portName },
        ],
      },
      service: {
        file: `${K8S}/service.yaml`,
        name: plan.name,
        namespace: plan.namespace,
        labels: plan.labels,
        portName: plan.app.portName,
      },
      kustomizeDir: K8S,
      environments: [{ environment: 'prod', kustomizeDir: K8S, file: `${K8S}/kustomization.yaml` }],
      metricsQueried: [],
      migrationJob: null,
    });
  });

  it('extracts what a hand-edited tree says', () => {
    const plan = planFor();
    const tree = withFile(render(plan), `${K8S}/deployment.yaml`, (t) => t.replace('path: /readyz', 'path: /ready'));
    const probes = deploymentStep.extract(tree, plan).workload!.probes;
    expect(probes.find((p) => p.kind === 'readiness')).toEqual({ kind: 'readiness', path: '/ready', port: 'http' });
  });

  it('extracts null for a missing or broken manifest instead of throwing', () => {
    const plan = planFor();
    const tree = render(plan);
    const without = buildTree([...tree.values()].filter((f) => !f.path.endsWith('service.yaml')));
    expect(deploymentStep.extract(without, plan).service).toBeNull();
    const broken = withFile(tree, `${K8S}/deployment.yaml`, () => 'spec: [unclosed');
    expect(deploymentStep.extract(broken, plan).workload).toBeNull();
    expect(deploymentStep.extract(buildTree([]), plan)).toMatchObject({ workload: null, service: null });
  });

  it('writes an executable rollback script that quotes the plan values', () => {
    const plan = planFor();
    plan.namespace = "it's";
    const script = render(plan).get('deploy/rollback.sh')!;
    expect(script.executable).toBe(true);
    expect(script.content).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(script.content).toContain('set -euo pipefail');
    expect(script.content).toContain(`kubectl -n 'it'\\''s' "$@"`);
    expect(script.content).toContain('--timeout=5m');
  });

  it('rolls back to the previous or a given revision and rejects anything else', () => {
    const dir = writeTree(render());
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${join(dir, 'calls')}"\n`, { mode: 0o755 });
    const run = (...args: string[]) => {
      writeFileSync(join(dir, 'calls'), '');
      const result = spawnSync(join(dir, 'deploy/rollback.sh'), args, {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        encoding: 'utf8',
      });
      return { status: result.status, stderr: result.stderr, calls: readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') };
    };
    expect(run().calls).toEqual([
      '-n shop-api rollout history deployment/shop-api',
      '-n shop-api rollout undo deployment/shop-api',
      '-n shop-api rollout status deployment/shop-api --timeout=5m',
    ]);
    expect(run('3').calls[1]).toBe('-n shop-api rollout undo deployment/shop-api --to-revision=3');
    for (const bad of [['x'], ['3; rm -rf /'], ['1', '2'], ['-1']]) {
      const result = run(...bad);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('usage:');
      expect(result.calls).toEqual(['']);
    }
  });

  it.skipIf(lacksTool('shellcheck'))('writes scripts that pass shellcheck, with and without Argo Rollouts', () => {
    for (const plan of [planFor(), planFor({ tier: 'T3', strategy: 'canary', backingServices: ['postgres'] })]) {
      const tree = render(plan);
      const dir = writeTree(tree);
      const scripts = [...tree.values()].filter((f) => f.path.endsWith('.sh'));
      expect(scripts.map((f) => f.path).sort()).toEqual(['deploy/rollback.sh', ...LOCAL.filter((p) => p.endsWith('.sh'))].sort());
      for (const script of scripts) {
        expect(script.executable, script.path).toBe(true);
        expect(script.content, script.path).toContain('set -euo pipefail');
      }
      expect(() => execFileSync('/usr/bin/shellcheck', scripts.map((f) => join(dir, f.path)))).not.toThrow();
    }
  });

  it.skipIf(lacksTool('kubectl'))('builds with kustomize, and the image CI sets replaces the placeholder', () => {
    const plan = planFor();
    const dir = writeTree(render(plan));
    const k8s = join(dir, K8S);
    const built = execFileSync('/usr/bin/kubectl', ['kustomize', k8s], { encoding: 'utf8' });
    expect(built).toContain('kind: HorizontalPodAutoscaler');
    // What `kustomize edit set image NAME=REGISTRY/REPO@DIGEST` writes:
    const digest = `sha256:${'a'.repeat(64)}`;
    writeFileSync(
      join(k8s, 'kustomization.yaml'),
      `${readFileSync(join(k8s, 'kustomization.yaml'), 'utf8')}images:\n  - name: ${plan.image.placeholder}\n    newName: 1.dkr.ecr.us-east-1.amazonaws.com/shop-api\n    digest: ${digest}\n`,
    );
    const pinned = execFileSync('/usr/bin/kubectl', ['kustomize', k8s], { encoding: 'utf8' });
    expect(pinned).toContain(`image: 1.dkr.ecr.us-east-1.amazonaws.com/shop-api@${digest}`);
    expect(pinned).not.toMatch(/namespace: (?!shop-api)/);
  });

  it('stays within its token budget for the default plan of each tier', () => {
    const tokens = (plan: Plan) => [...render(plan).values()].reduce((sum, f) => sum + countTokens(f.content), 0);
    expect(tokens(planFor())).toBeLessThanOrEqual(BUDGETS.T1.deployment);
    expect(tokens(planFor({ tier: 'T2' }))).toBeLessThanOrEqual(BUDGETS.T2.deployment);
    expect(tokens(planFor({ tier: 'T2', strategy: 'canary' }))).toBeLessThanOrEqual(BUDGETS.T2.deployment);
    expect(tokens(planFor({ tier: 'T3', backingServices: ['postgres', 'redis'] }))).toBeLessThanOrEqual(BUDGETS.T3.deployment);
  });
});

/** Every object of a multi-document manifest. */
function objects(tree: FileTree, path: string): Any[] {
  return loadAll(tree.get(path)!.content) as Any[];
}
const BASE = `${K8S}/base`;
const kubectl = (...args: string[]) => execFileSync('/usr/bin/kubectl', args, { encoding: 'utf8' });

describe('deployment step from T2: overlays, NetworkPolicy, tracing', () => {
  it('moves the manifests into a base and writes one overlay per environment with its autoscaling bounds', () => {
    const plan = planFor({ tier: 'T2' });
    const tree = render(plan);
    expect(tree.has(`${K8S}/deployment.yaml`)).toBe(false);
    const base = load(tree.get(`${BASE}/kustomization.yaml`)!.content) as Any;
    for (const resource of base.resources) expect(tree.has(`${BASE}/${resource}`), resource).toBe(true);
    for (const env of plan.environments) {
      const overlay = load(tree.get(`${env.kustomizeDir}/kustomization.yaml`)!.content) as Any;
      expect(overlay.resources).toEqual(['../../base']);
      const hpaPatch = overlay.patches.find((p: Any) => p.target.kind === 'HorizontalPodAutoscaler');
      expect(load(hpaPatch.patch)).toEqual([
        { op: 'replace', path: '/spec/minReplicas', value: env.replicas.min },
        { op: 'replace', path: '/spec/maxReplicas', value: env.replicas.max },
      ]);
    }
  });

  it('keeps the T1 layout flat', () => {
    const tree = render(planFor());
    expect([...tree.keys()].some((p) => p.includes('/base/') || p.includes('/overlays/'))).toBe(false);
  });

  it.skipIf(lacksTool('kubectl'))('builds every overlay, and the image CI sets replaces the placeholder in the Deployment or the Rollout', () => {
    for (const strategy of ['rolling', 'canary'] as const) {
      const plan = planFor({ tier: 'T2', strategy });
      const dir = writeTree(render(plan));
      for (const env of plan.environments) {
        const overlay = join(dir, env.kustomizeDir);
        const digest = `sha256:${'b'.repeat(64)}`;
        writeFileSync(
          join(overlay, 'kustomization.yaml'),
          `${readFileSync(join(overlay, 'kustomization.yaml'), 'utf8')}images:\n  - name: ${plan.image.placeholder}\n    newName: 1.dkr.ecr.us-east-1.amazonaws.com/shop-api\n    digest: ${digest}\n`,
        );
        const built = loadAll(kubectl('kustomize', overlay)) as Any[];
        const workload = built.find((o) => o.kind === (strategy === 'rolling' ? 'Deployment' : 'Rollout'));
        const [c] = workload.spec.template.spec.containers;
        expect(c.image).toBe(`1.dkr.ecr.us-east-1.amazonaws.com/shop-api@${digest}`);
        expect(c.env).toContainEqual({ name: 'OTEL_RESOURCE_ATTRIBUTES', value: `deployment.environment=${env.name}` });
        const hpa = built.find((o) => o.kind === 'HorizontalPodAutoscaler');
        expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([env.replicas.min, env.replicas.max]);
        expect(built.every((o) => o.kind === 'Namespace' || o.metadata.namespace === plan.namespace)).toBe(true);
        // Only the root Service carries the label the ServiceMonitor selects: Argo's Services would scrape pods twice.
        const monitored = built.filter((o) => o.kind === 'Service' && o.metadata.labels?.['app.kubernetes.io/name'] === plan.name);
        expect(monitored.map((o) => o.metadata.name)).toEqual([plan.name]);
      }
    }
  });

  it('denies all traffic by default and allows DNS, the ingress controller, Prometheus, the collector, backing services and AWS', () => {
    const plan = planFor({ tier: 'T2', backingServices: ['postgres', 'redis'] });
    const [deny, app] = objects(render(plan), `${BASE}/networkpolicy.yaml`);
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(app.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'shop-api' } });
    const namespaces = (peers: Any[]) => peers.map((p) => p.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] ?? p.ipBlock.cidr);
    expect(app.spec.ingress).toHaveLength(1);
    expect(namespaces(app.spec.ingress[0].from)).toEqual(['ingress-nginx', 'monitoring']);
    expect(app.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: plan.app.port }]);
    const egress = app.spec.egress.map((r: Any) => [namespaces(r.to), r.ports.map((p: Any) => `${p.protocol}/${p.port}`)]);
    expect(egress).toEqual([
      [['kube-system'], ['UDP/53', 'TCP/53']],
      [['observability'], ['TCP/4317', 'TCP/4318']],
      [['10.0.0.0/16'], ['TCP/5432', 'TCP/6379']],
      [['169.254.170.23/32'], ['TCP/80']],
      [['0.0.0.0/0'], ['TCP/443']],
    ]);
    expect(app.spec.egress[0].to[0].podSelector).toEqual({ matchLabels: { 'k8s-app': 'kube-dns' } });
  });

  it('tells the app where to send traces', () => {
    const [c] = manifest(render(planFor({ tier: 'T2' })), 'base/deployment').spec.template.spec.containers;
    expect(c.env).toEqual([
      { name: 'PORT', value: '8080' },
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel-collector.observability.svc:4317' },
      { name: 'OTEL_SERVICE_NAME', value: 'shop-api' },
    ]);
  });
});

describe('deployment step with progressive delivery (Argo Rollouts)', () => {
  const canary = planFor({ tier: 'T2', strategy: 'canary' });
  const blueGreen = planFor({ tier: 'T2', strategy: 'blue-green' });

  it('replaces the Deployment with a Rollout that has the same hardened pod template, and points the HPA at it', () => {
    const tree = render(canary);
    expect(tree.has(`${BASE}/deployment.yaml`)).toBe(false);
    const rollout = manifest(tree, 'base/rollout');
    const deployment = manifest(render(planFor({ tier: 'T2' })), 'base/deployment');
    expect(rollout.spec.template).toEqual(deployment.spec.template);
    expect(rollout.spec.selector).toEqual(deployment.spec.selector);
    expect(rollout.spec).not.toHaveProperty('replicas');
    expect(rollout.spec.progressDeadlineAbort).toBe(true);
    expect(manifest(tree, 'base/hpa').spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'shop-api' });
    expect(() => new Rollout(rollout).validate()).not.toThrow();
  });

  it('canary: 20% → pause → analysis → 50% → pause → 100%, with canary and stable Services and background analysis', () => {
    const c = manifest(render(canary), 'base/rollout').spec.strategy.canary;
    expect(c.steps.map((s: Any) => Object.keys(s)[0])).toEqual(['setWeight', 'pause', 'analysis', 'setWeight', 'pause', 'setWeight']);
    expect(c.steps.filter((s: Any) => 'setWeight' in s).map((s: Any) => s.setWeight)).toEqual([20, 50, 100]);
    expect(c.steps[2].analysis.templates).toEqual([{ templateName: canary.rollout.analysisTemplate }]);
    expect(c.analysis).toMatchObject({ templates: [{ templateName: canary.rollout.analysisTemplate }], startingStep: 3 });
    expect(c.canaryService).toBe(canary.rollout.canaryService);
    expect(c.stableService).not.toBe(canary.name);
    expect(c.abortScaleDownDelaySeconds).toBeGreaterThan(0);
    const services = objects(render(canary), `${BASE}/rollout-services.yaml`).map((s) => s.metadata.name);
    expect(services.sort()).toEqual([c.canaryService, c.stableService].sort());
  });

  it('blue-green: active and preview Services, manual promotion, analysis before and after, old pods kept for a while', () => {
    const b = manifest(render(blueGreen), 'base/rollout').spec.strategy.blueGreen;
    expect(b).toMatchObject({ previewService: blueGreen.rollout.previewService, autoPromotionEnabled: false });
    expect(b.activeService).not.toBe(blueGreen.name);
    for (const analysis of [b.prePromotionAnalysis, b.postPromotionAnalysis]) {
      expect(analysis.templates).toEqual([{ templateName: blueGreen.rollout.analysisTemplate }]);
    }
    expect(b.scaleDownDelaySeconds).toBeGreaterThanOrEqual(300);
    const services = objects(render(blueGreen), `${BASE}/rollout-services.yaml`).map((s) => s.metadata.name);
    expect(services.sort()).toEqual([b.activeService, b.previewService].sort());
  });

  it('analyses the new pods with Prometheus queries over exactly the plan metrics, and the Rollout passes every argument', () => {
    const tree = render(canary);
    const template = manifest(tree, 'base/analysistemplate');
    expect(() => new AnalysisTemplate(template).validate()).not.toThrow();
    expect(template.metadata.name).toBe(canary.rollout.analysisTemplate);
    const [success, latency] = template.spec.metrics;
    expect(success).toMatchObject({ successCondition: `result[0] >= ${canary.rollout.successRatio}`, failureLimit: 1 });
    expect(success.provider.prometheus.address).toBe(canary.rollout.prometheusAddress);
    expect(success.provider.prometheus.query).toContain(`${canary.metrics.requests}{`);
    expect(success.provider.prometheus.query).toContain(`${canary.metrics.statusLabel}=~"5.."`);
    expect(success.provider.prometheus.query).toContain('service="{{args.service-name}}"');
    expect(success.provider.prometheus.query).toContain('namespace="{{args.namespace}}"');
    expect(latency.provider.prometheus.query).toContain(`${canary.metrics.duration}_bucket{`);
    const facts = deploymentStep.extract(tree, canary);
    expect(facts.metricsQueried).toEqual(
      [canary.metrics.requests, `${canary.metrics.duration}_bucket`, `${canary.metrics.duration}_count`].map((value) => ({
        value,
        file: `${BASE}/analysistemplate.yaml`,
      })),
    );
    const declared = template.spec.args.map((a: Any) => a.name).sort();
    const passed = manifest(tree, 'base/rollout').spec.strategy.canary.steps[2].analysis.args.map((a: Any) => a.name).sort();
    expect(passed).toEqual(declared);
  });

  it('rolls a Rollout back with abort and undo, and the strategy document gives both automatic and manual paths', () => {
    const tree = render(canary);
    const script = tree.get('deploy/rollback.sh')!.content;
    expect(script).toContain('k() { kubectl argo rollouts "$@" -n shop-api; }');
    expect(script.indexOf('k abort')).toBeLessThan(script.indexOf('k undo'));
    expect(script).toContain('--timeout 30m');
    const doc = tree.get('docs/devops/deployment-strategy.md')!.content;
    for (const text of ['replica count', 'trafficRouting', 'kubectl argo rollouts abort shop-api', 'kubectl argo rollouts undo shop-api', 'kubectl argo rollouts promote shop-api', 'deploy/rollback.sh', 'gh run rerun', '0.99']) {
      expect(doc, text).toContain(text);
    }
  });

  it('extracts the Rollout, the root Service and each environment overlay', () => {
    const facts = deploymentStep.extract(render(canary), canary);
    expect(facts.workload).toMatchObject({ kind: 'Rollout', name: 'shop-api', namespace: 'shop-api', file: `${BASE}/rollout.yaml` });
    expect(facts.service).toMatchObject({ name: 'shop-api', file: `${BASE}/service.yaml`, labels: { 'app.kubernetes.io/name': 'shop-api' } });
    expect(facts.kustomizeDir).toBe(BASE);
    expect(facts.environments).toEqual(
      canary.environments.map((e) => ({ environment: e.name, kustomizeDir: e.kustomizeDir, file: `${e.kustomizeDir}/kustomization.yaml` })),
    );
    expect(facts.migrationJob).toBeNull();
  });

  it('reads what hand-edited files say: a missing overlay, a metric added to the analysis', () => {
    const tree = withFile(render(canary), `${BASE}/analysistemplate.yaml`, (t) => t.replace('http_requests_total{', 'http_server_requests_seconds_count{'));
    const without = buildTree([...tree.values()].filter((f) => !f.path.startsWith(`${K8S}/overlays/dev/`)));
    const facts = deploymentStep.extract(without, canary);
    expect(facts.environments.map((e) => e.environment)).toEqual(['staging', 'prod']);
    expect(facts.metricsQueried.map((m) => m.value)).toContain('http_server_requests_seconds_count');
  });
});

describe('deployment step at T3 with a database and a second region', () => {
  const plan = planFor({ tier: 'T3', strategy: 'canary', backingServices: ['postgres'] });
  const tree = render(plan);
  const dir = `${K8S}/migration`;

  it('writes a hardened migration Job in its own kustomization, with the app image and DATABASE_URL from the Secret', () => {
    const kustomization = load(tree.get(`${dir}/kustomization.yaml`)!.content) as Any;
    expect(kustomization.resources.sort()).toEqual(['job.yaml', 'networkpolicy.yaml', 'serviceaccount.yaml']);
    expect(plan.commands.perEnvironment.prod!.runMigrations!.run).toContain(`kubectl apply -k ${dir}`);
    const job = manifest(tree, 'migration/job');
    expect(() => new Job(job).validate()).not.toThrow();
    expect(job.metadata.name).toBe(plan.database!.migrationJob);
    expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 86400 });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const [c] = pod.containers;
    expect(c.image).toBe(plan.image.placeholder);
    expect(c.command).toEqual(plan.database!.migrateCommand);
    expect(c.env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: plan.database!.secretName, key: 'DATABASE_URL' } } }]);
    expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.resources.limits).toHaveProperty('memory');
    // Not selected by the app's Service, PDB or NetworkPolicy.
    expect(job.spec.template.metadata.labels['app.kubernetes.io/name']).not.toBe(plan.name);
    const policy = manifest(tree, 'migration/networkpolicy');
    expect(policy.spec.podSelector.matchLabels).toEqual(job.spec.template.metadata.labels);
    expect(policy.spec.egress.at(-1)).toEqual({ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 5432 }] });
    expect(deploymentStep.extract(tree, plan).migrationJob).toEqual({ file: `${dir}/job.yaml`, name: plan.database!.migrationJob });
  });

  it.skipIf(lacksTool('kubectl'))('builds the migration kustomization', () => {
    expect(kubectl('kustomize', join(writeTree(tree), dir))).toContain('kind: Job');
  });

  it('documents expand/contract, the migration ordering and the region order with per-region rollback', () => {
    const doc = tree.get('docs/devops/deployment-strategy.md')!.content;
    for (const text of ['Expand', 'Contract', 'before it applies the new version', 'us-east-1 first, then to us-west-2', '--region us-west-2`, then `deploy/rollback.sh']) {
      expect(doc, text).toContain(text);
    }
  });
});

describe('local orchestration (every tier)', () => {
  const compose = (plan: Plan) => load(render(plan).get('docker-compose.yml')!.content) as Any;

  it('builds the app with a healthcheck on the health path, and waits for healthy backing services', () => {
    const plan = planFor({ backingServices: ['postgres', 'redis'] });
    const { services } = compose(plan);
    expect(Object.keys(services)).toEqual(['postgres', 'redis', 'app']);
    expect(services.app.build).toBe('.');
    expect(services.app.healthcheck.test).toContain('http://127.0.0.1:8080/healthz');
    expect(services.app.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(services.postgres.healthcheck.test).toMatch(/^pg_isready/);
    expect(services.redis.healthcheck.test).toBe('redis-cli ping');
    expect(services.postgres.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD/);
    expect(compose(plan)).not.toHaveProperty('name');
    const env = render(plan).get('.env.example')!.content;
    expect(env).toContain('POSTGRES_PASSWORD=change-me');
  });

  it('checks health with what each slim image has: the runtime, or a static busybox for distroless go and the JRE', () => {
    expect(compose(planFor({ stack: 'node' })).services.app.healthcheck.test).toMatch(/^node -e "fetch\(/);
    expect(compose(planFor({ stack: 'python' })).services.app.healthcheck.test).toMatch(/^python -c "import urllib.request/);
    for (const stack of ['go', 'java'] as const) {
      const { services, volumes } = compose(planFor({ stack }));
      expect(services.app.healthcheck.test.slice(0, 3)).toEqual(['CMD', '/hc/busybox', 'wget']);
      expect(services.app.depends_on['healthcheck-tools']).toEqual({ condition: 'service_completed_successfully' });
      expect(services.app.volumes).toEqual(['healthcheck-tools:/hc:ro']);
      expect(volumes).toHaveProperty('healthcheck-tools');
    }
  });

  it('writes a Makefile: start runs the script, stop and status are compose commands', () => {
    const makefile = render(planFor()).get('Makefile')!.content;
    expect(makefile).toMatch(/^\.PHONY: start stop restart status$/m);
    expect(makefile).toContain('start:\n\tscripts/local/start.sh');
    // compose down stops dependants before what they depend on: the reverse of start.
    expect(makefile).toContain('stop:\n\tdocker compose -f docker-compose.yml down');
    expect(makefile).toContain('status:\n\tdocker compose -f docker-compose.yml ps --all');
    expect(makefile).toContain('restart: stop start');
  });

  it('starts with compose waiting for health and stops everything when a service fails', () => {
    const dir = writeTree(render(planFor()));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const calls = join(dir, 'calls');
    // A docker that fails `up`, as when a healthcheck never passes.
    writeFileSync(join(bin, 'docker'), `#!/bin/sh\nprintf '%s\\n' "$*" >> "${calls}"\ncase "$*" in *" up "*) exit 1;; esac\n`, { mode: 0o755 });
    const result = spawnSync(join(dir, 'scripts/local/start.sh'), [], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual([
      'compose -f docker-compose.yml up -d --build --wait --wait-timeout 120',
      'compose -f docker-compose.yml logs --tail 20',
      'compose -f docker-compose.yml down',
    ]);
    expect(existsSync(join(dir, '.env'))).toBe(true);
  });
});
