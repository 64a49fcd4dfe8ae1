/**
 * The OpenTelemetry Collector (REFERENCE §7) the app sends OTLP to: traces to the Tempo the
 * setup guide installs (backends.ts), metrics to Prometheus (a scrape endpoint with its
 * ServiceMonitor). No logs pipeline: the app's logs go from stdout to CloudWatch (the EKS
 * add-on), and a pipeline into `debug` would only drop them. Two replicas, hardened like the
 * app's pods.
 */
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import { sha256 } from '../../core/hash.js';
import type { Plan } from '../../plan/types.js';
import { toYaml } from '../../render/yaml.js';
import { TEMPO, tempoHost } from './backends.js';
import { PROMETHEUS_RELEASE } from './names.js';

/** Contrib (for the prometheus exporter); from v0.144 on the OTLP exporters are `otlp_grpc`/`otlp_http`. */
export const COLLECTOR_IMAGE = 'otel/opentelemetry-collector-contrib:0.159.0';
/** Tempo's OTLP/gRPC receiver (the Service of Helm release `tempo`); swap for any OTLP backend. */
export const TRACES_ENDPOINT = `${tempoHost}:${TEMPO.otlp.grpc}`;
export const HEALTH_PORT = 13133;
export const METRICS_PORT = 8889;
const CONFIG_DIR = '/etc/otelcol-contrib';

type CollectorPlan = Pick<Plan, 'tracing'>;

export function collectorConfig(plan: CollectorPlan) {
  const { otlpGrpcPort, otlpHttpPort } = plan.tracing;
  const pipeline = (exporter: string) => ({ receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: [exporter] });
  return {
    // Bound to all interfaces: the defaults (localhost) are unreachable from other pods.
    extensions: { health_check: { endpoint: `0.0.0.0:${HEALTH_PORT}` } },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${otlpGrpcPort}` }, http: { endpoint: `0.0.0.0:${otlpHttpPort}` } } },
    },
    // memory_limiter first: it refuses data before the pod reaches its memory limit.
    processors: { memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 25 }, batch: {} },
    exporters: {
      // In-cluster traffic to Tempo; use TLS (drop `insecure`) for a backend outside the cluster.
      otlp_grpc: { endpoint: TRACES_ENDPOINT, tls: { insecure: true } },
      prometheus: { endpoint: `0.0.0.0:${METRICS_PORT}` },
    },
    service: {
      extensions: ['health_check'],
      pipelines: { traces: pipeline('otlp_grpc'), metrics: pipeline('prometheus') },
    },
  };
}

export function collectorManifests(plan: CollectorPlan): unknown[] {
  const { collectorNamespace: namespace, collectorService: name, otlpGrpcPort, otlpHttpPort } = plan.tracing;
  const labels = { 'app.kubernetes.io/name': name };
  const metadata = { name, namespace, labels };
  const config = toYaml(collectorConfig(plan));
  const ports = { 'otlp-grpc': otlpGrpcPort, 'otlp-http': otlpHttpPort, metrics: METRICS_PORT, health: HEALTH_PORT };
  const probe = { httpGet: { path: '/', port: 'health' } };
  const ns: INamespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
  };
  const configMap: IConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { 'config.yaml': config } };
  const deployment: IDeployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        // A new config checksum rolls the pods: the collector reads its config only at start.
        metadata: { labels, annotations: { 'checksum/config': sha256(config).slice(0, 16) } },
        spec: {
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } },
          ],
          containers: [
            {
              name,
              image: COLLECTOR_IMAGE,
              args: [`--config=${CONFIG_DIR}/config.yaml`],
              ports: Object.entries(ports).map(([portName, containerPort]) => ({ name: portName, containerPort })),
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              // memory_limiter's percentages are of this limit.
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
              readinessProbe: probe,
              livenessProbe: { ...probe, initialDelaySeconds: 10 },
              volumeMounts: [{ name: 'config', mountPath: CONFIG_DIR, readOnly: true }],
            },
          ],
          volumes: [{ name: 'config', configMap: { name } }],
        },
      },
    },
  };
  const service: IService = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      selector: labels,
      ports: Object.entries(ports)
        .filter(([portName]) => portName !== 'health')
        .map(([portName, port]) => ({ name: portName, port, targetPort: portName })),
    },
  };
  const pdb: IPodDisruptionBudget = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata,
    spec: { minAvailable: 1, selector: { matchLabels: labels }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  };
  const monitor: IServiceMonitor = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { ...metadata, labels: { ...labels, release: PROMETHEUS_RELEASE } },
    spec: { selector: { matchLabels: labels }, endpoints: [{ port: 'metrics' }] },
  };
  return [ns, configMap, deployment, service, pdb, monitor];
}
