/**
 * Local orchestration (every tier): docker-compose.yml with a healthcheck on every service, the
 * app waiting for its backing services to be healthy; .env.example; a Makefile and scripts.
 */
import type { VirtualFile } from '../../core/files.js';
import { httpCheckPath } from '../../plan/conventions.js';
import { connectionVariable } from './config.js';
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
};

/** Each service's URL from the app's container, in the variable the app reads (config.ts connectionVariable). */
const LOCAL_URL: Record<string, string> = {
  postgres: 'postgres://postgres:${POSTGRES_PASSWORD}@postgres:5432/postgres',
  redis: 'redis://redis:6379',
  mysql: 'mysql://root:${MYSQL_PASSWORD}@mysql:3306/app',
  mongodb: 'mongodb://mongodb:27017/app',
  elasticsearch: 'http://elasticsearch:9200',
};

/** The app's settings locally: its services' URLs, its non-secret values, and its secrets from .env. */
function appEnvironment(plan: Plan): Record<string, string> {
  const env: Record<string, string> = { PORT: String(plan.app.port) };
  for (const s of plan.backingServices) if (LOCAL_URL[s]) env[connectionVariable(plan, s)] = LOCAL_URL[s];
  for (const s of plan.answers.app.settings) {
    if (env[s.name] !== undefined) continue;
    if (s.secret) env[s.name] = `\${${s.name}:?set it in .env}`;
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
