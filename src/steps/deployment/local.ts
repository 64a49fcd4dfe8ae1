/**
 * Local orchestration (every tier): docker-compose.yml with a healthcheck on every service, the
 * app waiting for its backing services to be healthy; .env.example; a Makefile and scripts.
 */
import type { VirtualFile } from '../../core/files.js';
import { httpCheckPath } from '../../plan/conventions.js';
import { allConnectionKeys, localOf, localValue, supersededSettings } from './connections.js';
import type { Plan } from '../../plan/types.js';
import { yamlFile } from '../../render/yaml.js';
import { renderTemplate } from '../../render/templates.js';

interface Healthcheck {
  /** A string runs in the image's shell (CMD-SHELL); a list runs without one. */
  test: string | string[];
  interval?: string;
  start_period?: string;
}

interface ComposeService {
  image?: string;
  build?: string;
  command?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: 'service_healthy' | 'service_completed_successfully' }>;
  healthcheck?: Healthcheck;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, Record<string, never>>;
}

/** A static busybox lent to images that have no HTTP client (distroless go, the JRE). */
const TOOLS = { service: 'healthcheck-tools', volume: 'healthcheck-tools', image: 'busybox:1.37-musl' };

/**
 * A check with what the slim image of each stack has: node and python ask the runtime (their
 * Debian images have a shell); distroless go has no shell and the JRE no HTTP client, so they
 * run a static busybox that another service copies into a shared volume.
 */
function appHealthTest(plan: Plan): { test: Healthcheck['test']; needsTools: boolean } {
  const path = httpCheckPath(plan.app);
  const port = plan.app.port;
  // No health route: the port accepting connections is all there is to check.
  if (path === null) {
    switch (plan.stack) {
      case 'node':
        return { test: `node -e "require('net').connect(${port},'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"`, needsTools: false };
      case 'python':
        return { test: `python -c "import socket;socket.create_connection(('127.0.0.1',${port}),2)"`, needsTools: false };
      default:
        return { test: ['CMD', '/hc/busybox', 'nc', '-z', '127.0.0.1', String(port)], needsTools: true };
    }
  }
  const url = `http://127.0.0.1:${port}${path}`;
  switch (plan.stack) {
    case 'node':
      return { test: `node -e "fetch('${url}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"`, needsTools: false };
    case 'python':
      return { test: `python -c "import urllib.request as u;u.urlopen('${url}',timeout=2)"`, needsTools: false };
    default:
      return { test: ['CMD', '/hc/busybox', 'wget', '-q', '-O', '/dev/null', url], needsTools: true };
  }
}

const BACKING: Record<string, ComposeService> = {
  // User and database default to `postgres`.
  postgres: {
    image: 'postgres:17-alpine',
    environment: { POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:?set it in .env}' },
    healthcheck: { test: 'pg_isready -U postgres', interval: '5s' },
  },
  redis: { image: 'redis:7-alpine', healthcheck: { test: 'redis-cli ping', interval: '5s' } },
  // mysqladmin ping exits 0 once the server answers, even when it denies the login.
  mysql: {
    image: 'mysql:8.4',
    environment: { MYSQL_ROOT_PASSWORD: '${MYSQL_PASSWORD:?set it in .env}', MYSQL_DATABASE: 'app' },
    healthcheck: { test: 'mysqladmin ping -h 127.0.0.1 --silent', interval: '5s' },
  },
  mongodb: { image: 'mongo:8.0', healthcheck: { test: 'mongosh --quiet --eval "db.adminCommand({ ping: 1 })"', interval: '5s' } },
  elasticsearch: {
    // Elastic's own registry: the Docker Hub library image stopped following releases in 2025.
    image: 'docker.elastic.co/elasticsearch/elasticsearch:8.19.15',
    environment: { 'discovery.type': 'single-node', 'xpack.security.enabled': 'false', ES_JAVA_OPTS: '-Xms512m -Xmx512m' },
    healthcheck: { test: 'curl -fsS http://127.0.0.1:9200/_cluster/health', interval: '5s' },
  },
  opensearch: {
    // Security off (no demo certificates, no admin password to set): a local server only.
    image: 'opensearchproject/opensearch:2.19.1',
    environment: { 'discovery.type': 'single-node', DISABLE_SECURITY_PLUGIN: 'true', DISABLE_INSTALL_DEMO_CONFIG: 'true', OPENSEARCH_JAVA_OPTS: '-Xms512m -Xmx512m' },
    healthcheck: { test: 'curl -fsS http://127.0.0.1:9200/_cluster/health', interval: '5s' },
  },
  // RabbitMQ's guest user may connect only from the broker's own host: the app gets a user of its own.
  rabbitmq: {
    image: 'rabbitmq:4.1-alpine',
    environment: { RABBITMQ_DEFAULT_USER: 'app', RABBITMQ_DEFAULT_PASS: '${RABBITMQ_PASSWORD:?set it in .env}' },
    healthcheck: { test: 'rabbitmq-diagnostics -q ping', interval: '5s' },
  },
  // One KRaft node, advertised under its compose name (the image's default advertises localhost).
  kafka: {
    image: 'apache/kafka:4.0.0',
    environment: {
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    },
    healthcheck: { test: '/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 > /dev/null', interval: '5s', start_period: '20s' },
  },
};

/** The app's settings locally: every key of its services' connections, its non-secret values, and its secrets from .env. */
function appEnvironment(plan: Plan): Record<string, string> {
  const env: Record<string, string> = { PORT: String(plan.app.port) };
  for (const key of allConnectionKeys(plan)) {
    const value = localValue(key);
    if (value !== undefined) env[key.key] ??= value;
  }
  const superseded = supersededSettings(plan);
  for (const s of plan.answers.app.settings) {
    if (env[s.name] !== undefined || superseded.includes(s.name)) continue;
    // A local address of another app stays as the app's own default would have it.
    const local = localOf(s);
    if (s.secret) env[s.name] = `\${${s.name}:?set it in .env}`;
    else if (local !== undefined) env[s.name] = local;
    else if (s.value !== undefined) env[s.name] = s.value;
  }
  return env;
}

/** The app's secret settings that .env must hold (the services' URLs are set above). */
const localSecrets = (plan: Plan): string[] => Object.entries(appEnvironment(plan)).filter(([, v]) => v.includes(':?set it in .env')).map(([k]) => k);

export function compose(plan: Plan): ComposeFile {
  const { test, needsTools } = appHealthTest(plan);
  const services: Record<string, ComposeService> = {};
  const volumes: Record<string, Record<string, never>> = {};
  const dependsOn: NonNullable<ComposeService['depends_on']> = {};
  if (needsTools) {
    services[TOOLS.service] = { image: TOOLS.image, command: 'cp /bin/busybox /hc/', volumes: [`${TOOLS.volume}:/hc`] };
    volumes[TOOLS.volume] = {};
    dependsOn[TOOLS.service] = { condition: 'service_completed_successfully' };
  }
  for (const name of plan.backingServices) {
    services[name] = BACKING[name]!;
    dependsOn[name] = { condition: 'service_healthy' };
  }
  const port = String(plan.app.port);
  services.app = {
    build: '.',
    environment: appEnvironment(plan),
    ports: [`\${APP_PORT:-${port}}:${port}`],
    ...(needsTools ? { volumes: [`${TOOLS.volume}:/hc:ro`] } : {}),
    ...(Object.keys(dependsOn).length ? { depends_on: dependsOn } : {}),
    // Three failures after a 30 s grace period: unhealthy, and start.sh gives up.
    healthcheck: { test, interval: '5s', start_period: '30s' },
  };
  return Object.keys(volumes).length ? { services, volumes } : { services };
}

/** Placeholders only: start.sh copies it to .env (keep that one out of git), which compose reads. */
function envExample(plan: Plan): string {
  const lines = ['# Local values only, never a real secret.', `APP_PORT=${plan.app.port}`];
  if (plan.backingServices.includes('postgres')) lines.push('POSTGRES_PASSWORD=change-me');
  if (plan.backingServices.includes('mysql')) lines.push('MYSQL_PASSWORD=change-me');
  if (plan.backingServices.includes('rabbitmq')) lines.push('RABBITMQ_PASSWORD=change-me');
  for (const name of localSecrets(plan)) lines.push(`${name}=change-me`);
  return `${lines.join('\n')}\n`;
}

export function localFiles(plan: Plan): VirtualFile[] {
  const dir = plan.paths.localScriptsDir;
  const context = {
    // From the scripts' directory back to the repository root.
    root: dir.split('/').map(() => '..').join('/'),
    composeFile: plan.paths.composeFile,
    envExample: plan.paths.envExample,
    dir,
  };
  const file = (path: string, content: string, summary: string, executable = false): VirtualFile => ({
    path,
    content,
    producer: 'deployment',
    summary,
    ...(executable ? { executable } : {}),
  });
  return [
    file(plan.paths.composeFile, yamlFile(compose(plan)), 'The app and its backing services, locally, with healthchecks'),
    file(plan.paths.envExample, envExample(plan), 'Local settings with placeholders; copied to .env'),
    file(plan.paths.makefile, renderTemplate('deployment/Makefile', context), 'make start, stop, restart, status'),
    // stop and status are one compose command each, in the Makefile; start has the logic.
    file(`${dir}/start.sh`, renderTemplate('deployment/local-start.sh', context), 'Local environment: start in order, wait for health, stop all on failure', true),
  ];
}
