/**
 * Kubernetes configuration the repository already has: Helm charts (Chart.yaml), kustomizations
 * and plain manifests (YAML with apiVersion and a workload or service kind), found by a bounded
 * walk. Files the lock says we generated are not the user's and are left out.
 */
import type { Repo } from '../repo.js';
import type { Detected, ExistingKubernetes } from '../types.js';

const KINDS = /^kind:\s*["']?(Deployment|StatefulSet|DaemonSet|Service|Ingress|CronJob|Job|ConfigMap|Rollout|HorizontalPodAutoscaler)\b/m;

const dirOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');

export function detectKubernetes(repo: Repo, generated: ReadonlySet<string>): { found: ExistingKubernetes[]; detected: Detected[] } {
  const yaml = repo.sources(['.yaml', '.yml']).files.filter((f) => !generated.has(f.path));
  const found: ExistingKubernetes[] = [];
  const add = (kind: ExistingKubernetes['kind'], path: string): void => {
    // One entry per directory: a chart's templates are the chart, an overlay's files the kustomization.
    if (!found.some((f) => path === f.path || path.startsWith(`${f.path}/`))) found.push({ kind, path });
  };
  for (const f of yaml) if (/(^|\/)Chart\.ya?ml$/.test(f.path)) add('helm', dirOf(f.path));
  for (const f of yaml) if (/(^|\/)kustomization\.ya?ml$/i.test(f.path)) add('kustomize', dirOf(f.path));
  for (const f of yaml) if (/^apiVersion:\s*\S+/m.test(f.text) && KINDS.test(f.text) && !/(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(f.path)) add('manifests', dirOf(f.path));
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const detected = found.map((k): Detected => ({ field: 'kubernetes', value: k.kind, file: k.path, reason: k.kind === 'helm' ? 'a Helm chart (Chart.yaml)' : k.kind === 'kustomize' ? 'a kustomization' : 'Kubernetes manifests' }));
  return { found, detected };
}
