/**
 * Every generated name in one place. Steps and consistency rules read these,
 * so a name cannot drift between the file that defines it and the file that uses it.
 */
import type { MonitoringStack } from '../platforms/types.js';
import type { MetricNames, Paths, StackLocation } from './types.js';

export const GENERATOR = 'create-devops-stack';

/** The paths every stack shares; the CI platform's and the IaC tool's come from their adapters. */
export const PATHS: Omit<Paths, 'ciWorkflow' | 'deployWorkflow' | 'toolsScript' | 'iacDir'> = {
  dockerfile: 'Dockerfile',
  dockerignore: '.dockerignore',
  bootstrapDir: 'infra/bootstrap',
  k8sDir: 'deploy/k8s',
  observabilityDir: 'deploy/observability',
  docsDir: 'docs/devops',
  rollbackScript: 'deploy/rollback.sh',
  answers: 'devops-stack.yaml',
  policyDir: 'policy',
  // docker-compose.yml rather than compose.yaml: Debian's docker-compose 1.29 (our validator) and older tooling find it.
  composeFile: 'docker-compose.yml',
  makefile: 'Makefile',
  envExample: '.env.example',
  localScriptsDir: 'scripts/local',
};

/**
 * A tree path of a repository-root file (`../../.github/workflows/api-ci.yml` from services/api)
 * as the repository sees it (`.github/workflows/api-ci.yml`); other paths as they are.
 */
export function fromRoot(location: Pick<StackLocation, 'toRoot'>, treePath: string): string {
  return location.toRoot && treePath.startsWith(location.toRoot) ? treePath.slice(location.toRoot.length) : treePath;
}

/** Prometheus client defaults in every language we support (prom-client, prometheus_client, client_golang, Micrometer with a rename). */
export const METRICS: MetricNames = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
  statusLabel: 'code',
};

/** The Kubernetes minor version new clusters start at (every cloud's managed offering has it). */
export const KUBERNETES_VERSION = '1.34';

/** uid above 10000 so that it never collides with a host user (kube-score). */
export const APP_UID = 10001;

export const PORT_NAME = 'http';

export function stateKey(app: string, environment: string, region?: string): string {
  return region ? `${app}/${environment}/${region}/terraform.tfstate` : `${app}/${environment}/terraform.tfstate`;
}

/** Id of a deploy target: the environment for the primary region, `<env>-<region>` for the second. */
export function targetId(environment: string, region: string, primary: boolean): string {
  return primary ? environment : `${environment}-${region}`;
}

export const SLO_DEFAULTS = { availability: 0.999, latencyObjective: 0.99, latencySeconds: 0.5, windowDays: 30 } as const;

export const PROMETHEUS_ADDRESS = 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090';

/** On GKE, Managed Service for Prometheus's query frontend serves the Prometheus API (steps/observability/gmp). */
export const GMP_QUERY = { namespace: 'monitoring', service: 'frontend', port: 9090 } as const;

/** The kinds of the objects that make the cluster scrape the app and evaluate its rules. */
export const MONITORING_KINDS: Record<MonitoringStack, { monitor: string; rules: string }> = {
  'prometheus-operator': { monitor: 'ServiceMonitor', rules: 'PrometheusRule' },
  'managed-prometheus-gmp': { monitor: 'PodMonitoring', rules: 'Rules' },
};

/** Where the pods that scrape the app run: kube-prometheus-stack's Prometheus, or GMP's collectors. */
export const SCRAPER_NAMESPACES: Record<MonitoringStack, string> = { 'prometheus-operator': 'monitoring', 'managed-prometheus-gmp': 'gmp-system' };

/** Where analysis and gates query the app's metrics, by how the cluster collects them. */
export const QUERY_ADDRESSES: Record<MonitoringStack, string> = {
  'prometheus-operator': PROMETHEUS_ADDRESS,
  'managed-prometheus-gmp': `http://${GMP_QUERY.service}.${GMP_QUERY.namespace}.svc:${GMP_QUERY.port}`,
};

export const OTEL = { namespace: 'observability', service: 'otel-collector', grpcPort: 4317, httpPort: 4318 } as const;

export function standardLabels(app: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/managed-by': GENERATOR,
  };
}
