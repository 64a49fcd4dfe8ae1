/**
 * Pod hardening (shared/REFERENCE.md §3: Pod Security Standards "restricted", kube-score,
 * kube-linter) for every container and init container of the pod templates of Deployments,
 * StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs and Argo Rollouts under `deploy/`:
 * - runs as non-root: `runAsNonRoot: true` (container or pod level), and no `runAsUser: 0`;
 * - `allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true` and `capabilities.drop`
 *   containing ALL (container level);
 * - seccomp profile RuntimeDefault (or Localhost), at pod or container level;
 * - cpu and memory requests and limits;
 * - readiness and liveness probes on the (non-init) containers of long-running workloads
 *   (not Jobs/CronJobs).
 * Kustomize patches are skipped (partial objects); a Rollout with `workloadRef` has no template.
 */
import { type Finding, type PathSeg, type RunContext, type Tree, isRecord, k8sObjects, lineAt, parseYaml, pathString } from './common.js';
import { kustomizeRoles, manifestFiles } from './kubernetes.js';

export const POD_SECURITY = 'pod-security';

const TEMPLATE_PATH: Record<string, PathSeg[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Rollout: ['spec', 'template'],
};
const BATCH = new Set(['Job', 'CronJob']);

function get(obj: unknown, path: readonly PathSeg[]): unknown {
  let cur: unknown = obj;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isRecord(cur) && typeof seg === 'string') cur = cur[seg];
    else return undefined;
  }
  return cur;
}

export function podProblems(kind: string, obj: Record<string, unknown>): { path: PathSeg[]; message: string }[] {
  const tplPath = TEMPLATE_PATH[kind];
  if (!tplPath) return [];
  const template = get(obj, tplPath);
  if (!isRecord(template)) return kind === 'Rollout' && isRecord(get(obj, ['spec', 'workloadRef'])) ? [] : [{ path: tplPath, message: 'no pod template' }];
  const specPath = [...tplPath, 'spec'];
  const pod = isRecord(template.spec) ? template.spec : {};
  const podSc = isRecord(pod.securityContext) ? pod.securityContext : {};
  const out: { path: PathSeg[]; message: string }[] = [];
  const groups: ['containers' | 'initContainers', boolean][] = [
    ['containers', true],
    ['initContainers', false],
  ];
  for (const [field, main] of groups) {
    const list = Array.isArray(pod[field]) ? (pod[field] as unknown[]) : [];
    list.forEach((c, i) => {
      if (!isRecord(c)) return;
      const path: PathSeg[] = [...specPath, field, i];
      const label = `container "${String(c.name ?? i)}"`;
      const sc = isRecord(c.securityContext) ? c.securityContext : {};
      const runAsNonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
      const runAsUser = sc.runAsUser ?? podSc.runAsUser;
      if (runAsNonRoot !== true) out.push({ path, message: `${label} does not set runAsNonRoot: true (container or pod securityContext)` });
      if (runAsUser === 0) out.push({ path, message: `${label} runs as uid 0 (runAsUser: 0)` });
      if (sc.allowPrivilegeEscalation !== false) out.push({ path, message: `${label} does not set securityContext.allowPrivilegeEscalation: false` });
      if (sc.readOnlyRootFilesystem !== true) out.push({ path, message: `${label} does not set securityContext.readOnlyRootFilesystem: true (mount an emptyDir where it writes)` });
      const drop = isRecord(sc.capabilities) && Array.isArray(sc.capabilities.drop) ? sc.capabilities.drop : [];
      if (!drop.includes('ALL')) out.push({ path, message: `${label} does not drop ALL capabilities (securityContext.capabilities.drop: [ALL])` });
      const seccomp = (isRecord(sc.seccompProfile) ? sc.seccompProfile.type : undefined) ?? (isRecord(podSc.seccompProfile) ? podSc.seccompProfile.type : undefined);
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push({ path, message: `${label} has no seccompProfile RuntimeDefault (container or pod securityContext)` });
      const res = isRecord(c.resources) ? c.resources : {};
      for (const part of ['requests', 'limits'] as const) {
        const r = isRecord(res[part]) ? res[part] : {};
        const missing = ['cpu', 'memory'].filter((k) => r[k] === undefined);
        if (missing.length) out.push({ path, message: `${label} has no ${part}.${missing.join(' / ')} in resources` });
      }
      if (main && !BATCH.has(kind)) {
        for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
          if (!isRecord(c[probe])) out.push({ path, message: `${label} has no ${probe}` });
        }
      }
    });
  }
  return out;
}

export async function checkPodSecurity(tree: Tree, _ctx?: RunContext): Promise<Finding[]> {
  const findings: Finding[] = [];
  const { patches } = kustomizeRoles(tree);
  for (const file of manifestFiles(tree)) {
    if (patches.has(file.path)) continue;
    const yf = parseYaml(file);
    for (const { doc, obj, kind, name } of k8sObjects(file)) {
      for (const p of podProblems(kind, obj)) {
        findings.push({ validator: POD_SECURITY, file: file.path, location: `${kind}/${name} ${pathString(p.path)} (line ${lineAt(yf, doc, p.path) ?? doc.line})`, message: p.message });
      }
    }
  }
  return findings;
}
