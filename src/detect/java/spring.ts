/**
 * Spring Boot's configuration (application.properties / .yml, flattened to dotted keys) and what
 * it says: the port, the context path, and Actuator's endpoints. Actuator serves the liveness and
 * readiness groups at /actuator/health/liveness and /readiness (enabled on Kubernetes, or by
 * management.endpoint.health.probes.enabled); /actuator/prometheus needs
 * micrometer-registry-prometheus AND the endpoint exposed over HTTP, which by default it is not.
 */
import { parseYaml, type Repo } from '../repo.js';
import type { Detected } from '../types.js';

const CONFIG_FILES = ['src/main/resources/application.properties', 'src/main/resources/application.yml', 'src/main/resources/application.yaml'];

export interface SpringConfig {
  values: Map<string, string>;
  /** The file each key came from. */
  files: Map<string, string>;
}

function flatten(value: unknown, prefix: string, into: (key: string, value: string) => void): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else into(prefix, Array.isArray(value) ? value.join(',') : String(value));
}

export function readSpringConfig(repo: Repo): SpringConfig {
  const config: SpringConfig = { values: new Map(), files: new Map() };
  for (const file of CONFIG_FILES) {
    const text = repo.read(file);
    if (text === undefined) continue;
    const set = (key: string, value: string): void => {
      if (config.values.has(key)) return;
      config.values.set(key, value.trim());
      config.files.set(key, file);
    };
    if (file.endsWith('.properties')) {
      for (const line of text.split('\n')) {
        const m = /^\s*([^#!=:\s][^=:\s]*)\s*[=:]\s*(.*)$/.exec(line);
        if (m) set(m[1]!, m[2]!);
      }
    } else {
      // Only the first document: profile-specific documents (---) are not what runs by default.
      flatten(parseYaml(text.split(/^---\s*$/m)[0]!), '', set);
    }
  }
  return config;
}

/** "${PORT:8080}" → "8080"; "8081" → "8081"; "${PORT}" → undefined. */
export function springValue(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const placeholder = /^\$\{[^:}]+(?::([^}]*))?\}$/.exec(raw);
  return placeholder ? placeholder[1] : raw;
}

export function springPort(config: SpringConfig): Detected[] {
  const raw = config.values.get('server.port');
  const port = Number(springValue(raw));
  if (raw !== undefined && Number.isInteger(port) && port > 0) return [{ field: 'app.port', value: port, file: config.files.get('server.port')!, reason: `server.port ${raw}` }];
  return [{ field: 'app.port', value: 8080, file: 'pom.xml', reason: "Spring Boot's default port (no server.port)" }];
}

const joinPath = (...parts: string[]): string => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;

export function actuatorEndpoints(config: SpringConfig, deps: { actuator: boolean; prometheus: boolean; file: string }): Detected[] {
  const out: Detected[] = [];
  const get = (key: string): string | undefined => springValue(config.values.get(key));
  const context = get('server.servlet.context-path') ?? get('spring.webflux.base-path') ?? '';
  const base = get('management.endpoints.web.base-path') ?? '/actuator';
  const managementPort = get('management.server.port');
  const portNote = managementPort ? ` (served on management.server.port ${managementPort}, not on app.port)` : '';
  if (managementPort) out.push({ field: 'managementPort', value: Number(managementPort), file: config.files.get('management.server.port')!, reason: 'Actuator has a port of its own: probes and scraping must use it' });
  // management.server.port moves Actuator off the servlet context: no context path then.
  const root = managementPort ? (get('management.server.base-path') ?? '') : context;
  if (deps.actuator) {
    const why = (group: string): string => `Spring Boot Actuator's ${group} group (on Kubernetes, or with management.endpoint.health.probes.enabled)${portNote}`;
    out.push(
      { field: 'app.healthPath', value: joinPath(root, base, 'health/liveness'), file: deps.file, reason: why('liveness') },
      { field: 'app.readinessPath', value: joinPath(root, base, 'health/readiness'), file: deps.file, reason: why('readiness') },
    );
  }
  if (deps.prometheus) {
    out.push({ field: 'app.metricsLibrary', value: 'micrometer', file: deps.file, reason: 'dependency micrometer-registry-prometheus' });
    const exposed = (get('management.endpoints.web.exposure.include') ?? '').split(',').map((s) => s.trim());
    const file = config.files.get('management.endpoints.web.exposure.include') ?? deps.file;
    if (!deps.actuator) out.push({ field: 'app.metricsPath', value: 'none', file: deps.file, reason: 'micrometer-registry-prometheus without spring-boot-starter-actuator: nothing serves /actuator/prometheus' });
    else if (exposed.includes('prometheus') || exposed.includes('*')) out.push({ field: 'app.metricsPath', value: joinPath(root, base, 'prometheus'), file, reason: `micrometer-registry-prometheus, exposed by management.endpoints.web.exposure.include${portNote}` });
    else out.push({ field: 'app.metricsPath', value: 'none', file, reason: 'micrometer-registry-prometheus is a dependency, but management.endpoints.web.exposure.include does not list prometheus: /actuator/prometheus is not served over HTTP' });
  }
  return out;
}

/** Backing services from the connection properties. */
export const SPRING_SERVICES: readonly [RegExp, RegExp, string][] = [
  [/^spring\.(?:datasource|r2dbc|flyway|liquibase)\.url$/, /postgresql/, 'postgres'],
  [/^spring\.(?:datasource|r2dbc|flyway|liquibase)\.url$/, /mysql|mariadb/, 'mysql'],
  [/^spring\.(?:data\.)?mongodb\./, /./, 'mongodb'],
  [/^spring\.(?:data\.)?redis\./, /./, 'redis'],
  [/^spring\.rabbitmq\./, /./, 'rabbitmq'],
  [/^spring\.kafka\./, /./, 'kafka'],
  [/^spring\.elasticsearch\./, /./, 'elasticsearch'],
];
