import { otlpBackends } from '../../steps/observability/backends.js';
import type { ConsistencyRule, Finding } from '../rule.js';

const SIGNALS = ['traces', 'metrics', 'logs'] as const;
/** Exporter types that store nothing (they print, count or drop). */
const NO_BACKEND = new Set(['debug', 'logging', 'nop']);
const GRPC_EXPORTERS = new Set(['otlp', 'otlp_grpc']);
const HTTP_EXPORTERS = new Set(['otlphttp', 'otlp_http']);

function hostPort(endpoint: string): { host: string; port: number } | null {
  try {
    const url = new URL(endpoint.includes('://') ? endpoint : `http://${endpoint}`);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { host: url.hostname.replace(/\.cluster\.local$/, ''), port };
  } catch {
    return null;
  }
}

/**
 * Every signal the app exports over OTLP reaches a backend: its endpoint names a collector port
 * whose receiver speaks the app's protocol (the OTLP spec's default is http/protobuf on 4318,
 * not gRPC on 4317), the collector has a pipeline for the signal, and one of that pipeline's
 * exporters delivers to a receiver the setup guide installs (Tempo), or to Prometheus through a
 * scraped port. `debug` is not a backend.
 */
export const telemetryReachesBackend: ConsistencyRule = {
  id: 'telemetry-reaches-backend',
  description: 'Every telemetry signal the app exports goes, over a protocol its receiver speaks, to a collector pipeline that delivers it to a backend the guides install.',
  needs: ['deployment', 'observability'],
  check({ plan, facts }) {
    const workload = facts.deployment.workload;
    const env = workload?.env ?? {};
    const base = env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    if (!workload || !base) return [];
    const collector = facts.observability.collector;
    const guide = `${plan.paths.docsDir}/setup-guide.md`;
    const problems: Omit<Finding, 'rule' | 'severity'>[] = [];
    for (const signal of SIGNALS) {
      const S = signal.toUpperCase();
      const exporter = env[`OTEL_${S}_EXPORTER`] ?? 'otlp';
      if (!exporter.split(',').includes('otlp')) continue;
      const endpoint = env[`OTEL_EXPORTER_OTLP_${S}_ENDPOINT`] ?? base;
      const protocol = env[`OTEL_EXPORTER_OTLP_${S}_PROTOCOL`] ?? env['OTEL_EXPORTER_OTLP_PROTOCOL'] ?? 'http/protobuf';
      const protocolNote = env[`OTEL_EXPORTER_OTLP_${S}_PROTOCOL`] ?? env['OTEL_EXPORTER_OTLP_PROTOCOL'] ? protocol : `${protocol} (the OTLP default, OTEL_EXPORTER_OTLP_PROTOCOL unset)`;
      const target = hostPort(endpoint);
      if (!collector || !target || target.host !== collector.host) {
        problems.push({
          message: `${workload.file} exports ${signal} to ${endpoint}, which is not the OpenTelemetry Collector ${collector ? `(${collector.host}, ${collector.file})` : `of ${plan.paths.observabilityDir}`}`,
          files: [workload.file, collector?.file ?? plan.paths.observabilityDir],
          remedy: 'Point OTEL_EXPORTER_OTLP_ENDPOINT at the collector Service, on the port of the protocol the app speaks.',
        });
        continue;
      }
      const receiver = collector.ports[target.port];
      const wanted = protocol === 'grpc' ? 'grpc' : 'http';
      if (receiver !== wanted) {
        problems.push({
          message: `${workload.file} exports ${signal} over ${protocolNote} to port ${target.port}, where ${collector.file} ${receiver ? `receives OTLP over ${receiver}` : 'has no OTLP receiver'}: every export fails`,
          files: [workload.file, collector.file],
          remedy: `Use the collector's ${wanted} port${Object.entries(collector.ports).filter(([, p]) => p === wanted).map(([port]) => ` (${port})`).join('')}, or set OTEL_EXPORTER_OTLP_PROTOCOL to the receiver's protocol.`,
        });
        continue;
      }
      const exporters = collector.pipelines[signal];
      if (!exporters) {
        problems.push({
          message: `${workload.file} exports ${signal} over OTLP, but ${collector.file} has no ${signal} pipeline: the collector refuses them`,
          files: [workload.file, collector.file],
          remedy: `Add a ${signal} pipeline with an exporter to a backend, or set OTEL_${S}_EXPORTER=none in the workload.`,
        });
        continue;
      }
      const delivered = exporters.some((name) => {
        const type = name.split('/')[0]!;
        const at = hostPort(collector.exporters[name] ?? '');
        if (NO_BACKEND.has(type) || !at) return false;
        if (type === 'prometheus') return collector.scraped.includes(at.port);
        const speaks = GRPC_EXPORTERS.has(type) ? 'grpc' : HTTP_EXPORTERS.has(type) ? 'http/protobuf' : '';
        return otlpBackends().some((b) => b.host === at.host && b.port === at.port && b.protocol === speaks);
      });
      if (!delivered) {
        const installed = otlpBackends().map((b) => `${b.name} at ${b.host}:${b.port} (${b.protocol})`).join(', ');
        problems.push({
          message: `${collector.file} sends ${signal} to ${exporters.map((e) => `${e}${collector.exporters[e] ? ` (${collector.exporters[e]})` : ''}`).join(', ')}: none is a backend ${guide} installs (${installed}, or Prometheus scraping a collector port)`,
          files: [collector.file, guide],
          remedy: `Export ${signal} to a backend the setup guide installs (otlp_grpc to ${otlpBackends()[0]!.host}:${otlpBackends()[0]!.port}), or stop exporting them from the app.`,
        });
      }
    }
    return problems;
  },
};
