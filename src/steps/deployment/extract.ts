/**
 * Reads the deployment facts back from the manifests, generated or hand-edited.
 * Anything missing or malformed gives null or an empty value, never an exception.
 */
import { loadDocuments } from '../../render/yaml.js';
import type { FileTree } from '../../core/files.js';
import type { Plan } from '../../plan/types.js';
import { metricNames } from '../observability/metric-names.js';
import type { DeploymentFacts, Located, ProbeFact } from '../facts.js';
import { commandMinutes } from '../../plan/timeouts.js';

type Obj = Record<string, unknown>;

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'Rollout']);
const PROBES = [
  ['startup', 'startupProbe'],
  ['liveness', 'livenessProbe'],
  ['readiness', 'readinessProbe'],
] as const;

function obj(value: unknown): Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}
function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj) : [];
}
function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
function strings(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(obj(value)).map(([k, v]) => [k, str(v)]));
}

function documents(text: string | undefined): Obj[] {
  if (text === undefined) return [];
  try {
    return loadDocuments(text).map(obj);
  } catch {
    return [];
  }
}

interface Doc {
  file: string;
  value: Obj;
}

interface Kustomized {
  kust: Obj;
  kustomizationPath: string | undefined;
  docs: Doc[];
}

const kustomizationIn = (tree: FileTree, dir: string): string | undefined =>
  [`${dir}/kustomization.yaml`, `${dir}/kustomization.yml`].find((p) => tree.has(p));

/** The objects a kustomize directory lists (without a kustomization, every manifest in it). */
function read(tree: FileTree, dir: string): Kustomized {
  const kustomizationPath = kustomizationIn(tree, dir);
  const kust = documents(kustomizationPath && tree.get(kustomizationPath)?.content)[0] ?? {};
  const files = Array.isArray(kust.resources)
    ? kust.resources.map((r) => `${dir}/${str(r).replace(/^\.\//, '')}`)
    : [...tree.keys()].filter((p) => p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/') && /\.ya?ml$/.test(p) && p !== kustomizationPath);
  const docs = files.flatMap((file) => documents(tree.get(file)?.content).map((value) => ({ file, value })));
  return { kust, kustomizationPath, docs };
}

export function extractDeployment(tree: FileTree, plan: Plan): DeploymentFacts {
  // From T2 the manifests live in a base that every environment's overlay builds on.
  const base = `${plan.paths.k8sDir}/base`;
  const dir = kustomizationIn(tree, base) ? base : plan.paths.k8sDir;
  const { kust, kustomizationPath, docs } = read(tree, dir);

  // kustomize sets its namespace on every object and adds its labels over the objects' own.
  const namespaceOf = (meta: Obj): string => str(kust.namespace) || str(meta.namespace) || 'default';
  const kustLabels: Record<string, string> = Object.assign(
    strings(kust.commonLabels),
    ...list(kust.labels).map((l) => strings(l.pairs)),
  );

  const workloadDoc = docs.find((d) => WORKLOAD_KINDS.has(str(d.value.kind)));
  // ConfigMaps the container's envFrom can name: the kustomization's generators and ConfigMap objects.
  const configMaps = new Map<string, Record<string, string>>();
  for (const g of list(kust.configMapGenerator)) {
    const literals = Array.isArray(g.literals) ? g.literals.map(str) : [];
    configMaps.set(str(g.name), Object.fromEntries(literals.flatMap((l) => (l.includes('=') ? [[l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]] : []))));
  }
  for (const d of docs.filter((d) => d.value.kind === 'ConfigMap')) configMaps.set(str(obj(d.value.metadata).name), strings(d.value.data));
  // The Service named after the app (Argo's stable/canary/preview Services sit beside it).
  const services = docs.filter((d) => d.value.kind === 'Service');
  const serviceDoc = services.find((d) => str(obj(d.value.metadata).name) === plan.name) ?? services[0];
  return {
    workload: workloadDoc ? workload(workloadDoc, plan, namespaceOf, configMaps) : null,
    service: serviceDoc ? service(serviceDoc, plan, namespaceOf, kustLabels) : null,
    kustomizeDir: dir,
    environments: plan.environments.flatMap((env) => {
      const file = kustomizationIn(tree, env.kustomizeDir);
      return file ? [{ environment: env.name, kustomizeDir: env.kustomizeDir, file }] : [];
    }),
    metricsQueried: metricsQueried(docs),
    migrationJob: migrationJob(tree, plan),
    imageCommands: imageCommands(tree, plan, workloadDoc),
    ingress: ingressFact(docs),
    networkPolicies: docs.filter((d) => d.value.kind === 'NetworkPolicy').map(networkPolicy),
    rollback: rollbackScript(tree, plan),
  };
}

function ingressFact(docs: Doc[]): DeploymentFacts['ingress'] {
  const doc = docs.find((d) => d.value.kind === 'Ingress');
  if (!doc) return null;
  const spec = obj(doc.value.spec);
  const annotations = strings(obj(doc.value.metadata).annotations);
  const paths = list(spec.rules).flatMap((r) => list(obj(r.http).paths));
  const backend = obj(spec.defaultBackend).service ? obj(spec.defaultBackend) : obj(paths[0]?.backend);
  return {
    file: doc.file,
    className: str(spec.ingressClassName) || (annotations['kubernetes.io/ingress.class'] ?? ''),
    annotations,
    service: str(obj(backend.service).name),
  };
}

function networkPolicy(doc: Doc): DeploymentFacts['networkPolicies'][number] {
  const spec = obj(doc.value.spec);
  return {
    file: doc.file,
    name: str(obj(doc.value.metadata).name),
    podSelector: strings(obj(spec.podSelector).matchLabels),
    policyTypes: Array.isArray(spec.policyTypes) ? spec.policyTypes.map(str) : ['Ingress'],
    ingress: list(spec.ingress).map((rule) => ({
      peers: list(rule.from).map((peer) => {
        const cidr = str(obj(peer.ipBlock).cidr);
        const namespace = strings(obj(peer.namespaceSelector).matchLabels)['kubernetes.io/metadata.name'];
        return { ...(cidr ? { cidr } : {}), ...(namespace ? { namespace } : {}) };
      }),
      ports: list(rule.ports).map((p) => (typeof p.port === 'number' ? p.port : str(p.port))),
    })),
  };
}

/** The containers of the workload and the migration Job that run the app's image (the placeholder CI replaces). */
function imageCommands(tree: FileTree, plan: Plan, workloadDoc: Doc | undefined): DeploymentFacts['imageCommands'] {
  const job = read(tree, `${plan.paths.k8sDir}/migration`).docs.find((d) => d.value.kind === 'Job');
  const podOf = (d: Doc): Obj => obj(obj(obj(d.value.spec).template).spec);
  return [workloadDoc, job].flatMap((d) =>
    !d
      ? []
      : list(podOf(d).containers)
          .filter((c) => str(c.image).split(/[:@]/)[0] === plan.image.placeholder)
          .map((c) => ({
            file: d.file,
            kind: str(d.value.kind),
            name: str(obj(d.value.metadata).name),
            command: Array.isArray(c.command) ? c.command.map(str) : [],
          })),
  );
}

/** The longest wait in the rollback script (`--timeout 10m`, `--timeout=5m`, `timeout 14m …`). */
function rollbackScript(tree: FileTree, plan: Plan): DeploymentFacts['rollback'] {
  const file = plan.paths.rollbackScript;
  const content = tree.get(file)?.content;
  if (content === undefined) return null;
  return { file, timeoutMinutes: commandMinutes(content) };
}

/** Metric names the Prometheus queries of every AnalysisTemplate read. */
function metricsQueried(docs: Doc[]): Located<string>[] {
  const out: Located<string>[] = [];
  for (const doc of docs.filter((d) => /^(Cluster)?AnalysisTemplate$/.test(str(d.value.kind)))) {
    for (const metric of list(obj(doc.value.spec).metrics)) {
      const query = str(obj(obj(metric.provider).prometheus).query);
      for (const name of metricNames(query)) {
        if (!out.some((m) => m.value === name && m.file === doc.file)) out.push({ value: name, file: doc.file });
      }
    }
  }
  return out;
}

function migrationJob(tree: FileTree, plan: Plan): DeploymentFacts['migrationJob'] {
  const job = read(tree, `${plan.paths.k8sDir}/migration`).docs.find((d) => d.value.kind === 'Job');
  return job ? { file: job.file, name: str(obj(job.value.metadata).name) } : null;
}

function workload(doc: Doc, plan: Plan, namespaceOf: (meta: Obj) => string, configMaps: Map<string, Record<string, string>>): NonNullable<DeploymentFacts['workload']> {
  const meta = obj(doc.value.metadata);
  const containers = list(obj(obj(obj(doc.value.spec).template).spec).containers);
  const container = containers.find((c) => c.name === plan.app.containerName) ?? containers[0] ?? {};
  const ports = list(container.ports);
  const port = ports.find((p) => p.name === plan.app.portName) ?? ports[0] ?? {};
  const probes: ProbeFact[] = PROBES.flatMap(([kind, key]): ProbeFact[] => {
    if (container[key] === undefined) return [];
    const probe = obj(container[key]);
    const handler = probe.httpGet !== undefined ? 'http' : probe.tcpSocket !== undefined ? 'tcp' : probe.grpc !== undefined ? 'grpc' : 'exec';
    const target = obj(probe.httpGet ?? probe.tcpSocket ?? probe.grpc);
    const probePort = target.port;
    return [{ kind, handler, path: handler === 'http' ? str(target.path) : '', port: typeof probePort === 'number' ? probePort : str(probePort) }];
  });
  return {
    file: doc.file,
    kind: str(doc.value.kind),
    name: str(meta.name),
    namespace: namespaceOf(meta),
    image: str(container.image),
    containerPortName: str(port.name),
    containerPort: typeof port.containerPort === 'number' ? port.containerPort : 0,
    probes,
    podLabels: strings(obj(obj(obj(doc.value.spec).template).metadata).labels),
    // envFrom first: an `env` entry of the same name wins, as in the kubelet.
    env: {
      ...Object.assign({}, ...list(container.envFrom).map((e) => configMaps.get(str(obj(e.configMapRef).name)) ?? {})),
      ...Object.fromEntries(list(container.env).flatMap((e) => (typeof e.value === 'string' && str(e.name) ? [[str(e.name), e.value]] : []))),
    },
  };
}

function service(
  doc: Doc,
  plan: Plan,
  namespaceOf: (meta: Obj) => string,
  kustLabels: Record<string, string>,
): NonNullable<DeploymentFacts['service']> {
  const meta = obj(doc.value.metadata);
  const ports = list(obj(doc.value.spec).ports);
  const port = ports.find((p) => p.name === plan.app.portName) ?? ports[0] ?? {};
  return {
    file: doc.file,
    name: str(meta.name),
    namespace: namespaceOf(meta),
    labels: { ...strings(meta.labels), ...kustLabels },
    portName: str(port.name),
  };
}
