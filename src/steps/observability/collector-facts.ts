/**
 * Reads the OpenTelemetry Collector back from its manifests: the OTLP receivers behind each
 * Service port, each pipeline's exporters and their endpoints, the ports a ServiceMonitor (or
 * a PodMonitoring) scrapes. Unreadable parts give empty values, never an exception.
 */
import { loadDocuments } from '../../render/yaml.js';
import type { ObservabilityFacts } from '../facts.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const portOf = (endpoint: string): number => Number(/:(\d+)$/.exec(endpoint)?.[1] ?? NaN);

export function collectorFacts(file: string, docs: Obj[]): ObservabilityFacts['collector'] {
  const configMap = docs.find((d) => d.kind === 'ConfigMap' && Object.keys(obj(d.data)).some((k) => /\.ya?ml$/.test(k)));
  const service = docs.find((d) => d.kind === 'Service');
  if (!configMap || !service) return null;
  let config: Obj = {};
  try {
    const text = Object.entries(obj(configMap.data)).find(([k]) => /\.ya?ml$/.test(k))![1];
    config = obj(loadDocuments(str(text))[0]);
  } catch {
    config = {};
  }
  const protocols = obj(obj(obj(config.receivers).otlp).protocols);
  const receiverPort = (protocol: string): number => portOf(str(obj(protocols[protocol]).endpoint)) || (protocol === 'grpc' ? 4317 : 4318);
  const containerPorts = new Map<string, number>();
  for (const d of docs.filter((d) => d.kind === 'Deployment')) {
    for (const c of arr(obj(obj(obj(d.spec).template).spec).containers).map(obj)) {
      for (const p of arr(c.ports).map(obj)) containerPorts.set(str(p.name), Number(p.containerPort));
    }
  }
  const ports: Record<number, 'grpc' | 'http' | ''> = {};
  const byName = new Map<string, number>();
  for (const p of arr(obj(service.spec).ports).map(obj)) {
    const target = p.targetPort === undefined ? Number(p.port) : typeof p.targetPort === 'number' ? p.targetPort : containerPorts.get(str(p.targetPort));
    const protocol = (['grpc', 'http'] as const).find((pr) => pr in protocols && receiverPort(pr) === target);
    ports[Number(p.port)] = protocol ?? '';
    byName.set(str(p.name), Number(p.port));
  }
  const pipelines: Record<string, string[]> = {};
  for (const [name, pipeline] of Object.entries(obj(obj(config.service).pipelines))) {
    const p = obj(pipeline);
    if (arr(p.receivers).some((r) => str(r).split('/')[0] === 'otlp')) pipelines[name.split('/')[0]!] = arr(p.exporters).map(str);
  }
  const exporters = Object.fromEntries(Object.entries(obj(config.exporters)).map(([name, e]) => [name, str(obj(e).endpoint)]));
  // A ServiceMonitor names the Service's ports; a PodMonitoring (GMP) the containers'.
  const scraped = docs
    .filter((d) => d.kind === 'ServiceMonitor' || d.kind === 'PodMonitoring')
    .flatMap((d) => arr(obj(d.spec).endpoints).map((e) => (d.kind === 'ServiceMonitor' ? byName : containerPorts).get(str(obj(e).port)) ?? Number(obj(e).port)))
    .filter((p) => !Number.isNaN(p));
  const meta = obj(service.metadata);
  return { file, host: `${str(meta.name)}.${str(meta.namespace)}.svc`, ports, pipelines, exporters, scraped };
}
