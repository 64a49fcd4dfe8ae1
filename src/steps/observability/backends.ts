/**
 * What the setup guide installs in each cluster for the observability files to work, and where
 * each signal ends up: one table, which the guide renders its `helm` commands from and the
 * telemetry rule checks the collector's exporters against.
 */
import type { Plan } from '../../plan/types.js';
import { cloudOf } from '../../platforms/registry.js';
import { observabilityFiles, PROMETHEUS_RELEASE } from './names.js';

export interface HelmInstall {
  release: string;
  chart: string;
  repo: { name: string; url: string };
  namespace: string;
  /** A values file of the stack, passed with -f. */
  values?: string;
}

export const MONITORING_NAMESPACE = 'monitoring';

/** Tempo (single binary) receives OTLP on both ports; its Service is named after the release. */
export const TEMPO = {
  release: 'tempo',
  chart: 'grafana/tempo',
  repo: { name: 'grafana', url: 'https://grafana.github.io/helm-charts' },
  // kube-prometheus-stack's namespace: the collector's enforces the restricted Pod Security
  // Standard, which the chart's pods do not meet.
  namespace: MONITORING_NAMESPACE,
  otlp: { grpc: 4317, http: 4318 },
  queryPort: 3100,
} as const;

/** An OTLP receiver the guide installs: host:port and the protocol it speaks. */
export interface OtlpBackend {
  name: string;
  host: string;
  port: number;
  protocol: 'grpc' | 'http/protobuf';
}

export const tempoHost = `${TEMPO.release}.${TEMPO.namespace}.svc`;

export function otlpBackends(): OtlpBackend[] {
  return [
    { name: 'Tempo', host: tempoHost, port: TEMPO.otlp.grpc, protocol: 'grpc' },
    { name: 'Tempo', host: tempoHost, port: TEMPO.otlp.http, protocol: 'http/protobuf' },
  ];
}

/**
 * The Helm releases of each cluster, in install order (the guide adds the repositories first).
 * kube-prometheus-stack only where the cluster does not collect metrics itself (GKE: Managed
 * Service for Prometheus, steps/observability/gmp).
 */
export function helmInstalls(plan: Pick<Plan, 'features' | 'name' | 'paths' | 'platforms'>): HelmInstall[] {
  const prometheus: HelmInstall = {
    release: PROMETHEUS_RELEASE,
    chart: 'prometheus-community/kube-prometheus-stack',
    repo: { name: 'prometheus-community', url: 'https://prometheus-community.github.io/helm-charts' },
    namespace: MONITORING_NAMESPACE,
    ...(plan.features.slo ? { values: observabilityFiles(plan).prometheusValues } : {}),
  };
  const operator = cloudOf(plan).kubernetes.monitoring === 'prometheus-operator';
  return [...(operator ? [prometheus] : []), ...(plan.features.tracing ? [{ release: TEMPO.release, chart: TEMPO.chart, repo: TEMPO.repo, namespace: TEMPO.namespace }] : [])];
}

/** The chart's default retention (kube-prometheus-stack values.yaml, prometheus.prometheusSpec.retention). */
export const CHART_DEFAULT_RETENTION = '10d';

/**
 * Helm values of kube-prometheus-stack with SLOs: Prometheus keeps the SLO period and a day more
 * (the 30-day ratio averages 30 days of the 5-minute one), on a volume that outlives the pod.
 */
export function prometheusValues(plan: Pick<Plan, 'slo' | 'features'>) {
  const days = plan.slo.windowDays + 1;
  // About 1.2 GB a day for a small cluster's kube-prometheus-stack series, with headroom.
  const gigabytes = Math.ceil(days * 1.5);
  return {
    prometheus: {
      prometheusSpec: {
        retention: `${days}d`,
        retentionSize: `${gigabytes}GB`,
        storageSpec: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${gigabytes + 5}Gi` } } } } },
      },
    },
    ...(plan.features.tracing && {
      grafana: { additionalDataSources: [{ name: 'Tempo', type: 'tempo', uid: 'tempo', url: `http://${tempoHost}:${TEMPO.queryPort}` }] },
    }),
  };
}

/** The guide's commands: each release from its chart repository (values file of the stack, when it has one). */
export function helmCommands(plan: Pick<Plan, 'features' | 'name' | 'paths' | 'platforms'>): string[] {
  return helmInstalls(plan).map(
    (i) => `helm upgrade --install ${i.release} ${i.chart.split('/')[1]} --repo ${i.repo.url} -n ${i.namespace} --create-namespace${i.values ? ` -f ${i.values}` : ''}`,
  );
}
