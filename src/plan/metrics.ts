/**
 * The HTTP metrics the app really exposes, by the library that serves them: the series alerts,
 * dashboards, SLOs and rollout analysis may query. Libraries that only provide a registry
 * (prom-client, prometheus_client, client_golang's promhttp) define no HTTP metric of their own:
 * for them, and when the library is unknown, the app must meet the documented contract
 * (http_requests_total{code}, http_request_duration_seconds), and the run says so.
 */
import type { MetricsLibrary } from '../config/answers.js';
import type { MetricNames } from './types.js';

/** The default buckets of prom-client, prometheus_client and client_golang (DefBuckets). */
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

type Names = Omit<MetricNames, 'source'>;

const CONTRACT: Names = { requests: 'http_requests_total', duration: 'http_request_duration_seconds', statusLabel: 'code', histogram: true, statusClasses: false, buckets: DEFAULT_BUCKETS };

/** Libraries that instrument every request themselves, with their own names (their documentation and source). */
const INSTRUMENTING: Partial<Record<MetricsLibrary, Names>> = {
  // One histogram labelled status_code; its _count is the request counter.
  'express-prom-bundle': { requests: 'http_request_duration_seconds_count', duration: 'http_request_duration_seconds', statusLabel: 'status_code', histogram: true, statusClasses: false, buckets: [0.003, 0.03, 0.1, 0.3, 1.5, 10] },
  // Status codes grouped into classes by default (should_group_status_codes): "2xx", "5xx".
  'prometheus-fastapi-instrumentator': { requests: 'http_requests_total', duration: 'http_request_duration_seconds', statusLabel: 'status', histogram: true, statusClasses: true, buckets: [0.1, 0.5, 1] },
  'django-prometheus': {
    requests: 'django_http_responses_total_by_status_total',
    duration: 'django_http_requests_latency_including_middlewares_seconds',
    statusLabel: 'status',
    histogram: true,
    statusClasses: false,
    buckets: [0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 25, 50, 75],
  },
  'prometheus-flask-exporter': { requests: 'flask_http_request_total', duration: 'flask_http_request_duration_seconds', statusLabel: 'status', histogram: true, statusClasses: false, buckets: DEFAULT_BUCKETS },
  'starlette-exporter': { requests: 'starlette_requests_total', duration: 'starlette_request_duration_seconds', statusLabel: 'status_code', histogram: true, statusClasses: false, buckets: DEFAULT_BUCKETS },
  // Spring Boot Actuator's Timer: _count and _sum always; _bucket only with
  // management.metrics.distribution.percentiles-histogram.http.server.requests=true, which is not assumed.
  micrometer: { requests: 'http_server_requests_seconds_count', duration: 'http_server_requests_seconds', statusLabel: 'status', histogram: false, statusClasses: false, buckets: [] },
};

export function metricNamesFor(library: MetricsLibrary | undefined): MetricNames {
  const own = library ? INSTRUMENTING[library] : undefined;
  return { ...(own ?? CONTRACT), source: { ...(library ? { library } : {}), contract: !own } };
}

/** The latency objective's threshold: the default (0.5 s) when it is a bucket bound, else the nearest bound. */
export function latencyThreshold(names: Pick<MetricNames, 'buckets'>, preferred: number): number {
  if (!names.buckets.length || names.buckets.includes(preferred)) return preferred;
  return [...names.buckets].sort((a, b) => Math.abs(a - preferred) - Math.abs(b - preferred) || a - b)[0]!;
}
