import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { load } from 'js-yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTree, type FileTree } from '../../src/core/files.js';
import type { Plan } from '../../src/plan/types.js';
import { deploymentStep } from '../../src/steps/deployment/index.js';
import { GENERATED_HEADER } from '../../src/render/yaml.js';
import { planFor } from '../fixtures.js';

const K8S = 'deploy/k8s';
const MANIFESTS = ['kustomization', 'namespace', 'serviceaccount', 'deployment', 'service', 'hpa', 'pdb'];

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
const hasKubectl = existsSync('/usr/bin/kubectl');
const hasShellcheck = existsSync('/usr/bin/shellcheck');

describe('deployment step', () => {
  it('writes the manifests, the kustomization listing them, the rollback script and the strategy document', () => {
    const tree = render();
    expect([...tree.keys()].sort()).toEqual(
      [...MANIFESTS.map((m) => `${K8S}/${m}.yaml`), 'deploy/rollback.sh', 'docs/devops/deployment-strategy.md'].sort(),
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
    expect(manifest(tree, 'namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
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

  it('probes health and readiness on the plan paths, by port name, with distinct probes', () => {
    const plan = planFor({ app: { healthPath: '/live', readinessPath: '/ready' } });
    const [c] = manifest(render(plan), 'deployment').spec.template.spec.containers;
    expect(c.image).toBe(plan.image.placeholder);
    expect(c.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    expect(c.startupProbe.httpGet).toEqual({ path: '/live', port: 'http' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/live', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(c.livenessProbe).not.toEqual(c.readinessProbe);
    expect(c.lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
  });

  it('leaves replicas to the HPA, sized from the production environment', () => {
    const plan = planFor({ environments: ['staging', 'prod'] });
    const tree = render(plan);
    expect(manifest(tree, 'deployment').spec).not.toHaveProperty('replicas');
    expect(manifest(tree, 'deployment').spec.revisionHistoryLimit).toBeGreaterThan(1);
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
    expect(manifest(rolling, 'deployment').spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
    });
    const recreate = render(planFor({ strategy: 'recreate' }));
    expect(manifest(recreate, 'deployment').spec.strategy).toEqual({ type: 'Recreate' });
    const doc = (tree: FileTree) => tree.get('docs/devops/deployment-strategy.md')!.content;
    expect(doc(rolling)).toMatch(/^# Deployment strategy: rolling/);
    expect(doc(recreate)).toMatch(/^# Deployment strategy: recreate/);
    expect(doc(recreate)).toContain('downtime on every deploy');
    for (const text of [doc(rolling), doc(recreate)]) {
      expect(text).toContain('deploy/rollback.sh 3');
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
          { kind: 'startup', path: plan.app.healthPath, port: plan.app.portName },
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
      metricsQueried: [],
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
      '-n shop-api get deployment/shop-api -o jsonpath={..image}{"\\n"}',
    ]);
    expect(run('3').calls[1]).toBe('-n shop-api rollout undo deployment/shop-api --to-revision=3');
    for (const bad of [['x'], ['3; rm -rf /'], ['1', '2']]) {
      const result = run(...bad);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('usage:');
      expect(result.calls).toEqual(['']);
    }
  });

  it.skipIf(!hasShellcheck)('passes shellcheck', () => {
    const dir = writeTree(render());
    expect(() => execFileSync('/usr/bin/shellcheck', [join(dir, 'deploy/rollback.sh')])).not.toThrow();
  });

  it.skipIf(!hasKubectl)('builds with kustomize, and the image CI sets replaces the placeholder', () => {
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

  it('stays within its token budget of 1,500 for the default plan', () => {
    const tokens = [...render().values()].reduce((sum, f) => sum + countTokens(f.content), 0);
    expect(tokens).toBeLessThanOrEqual(1500);
  });
});
