/**
 * Local orchestration (every tier): docker-compose.yml with a healthcheck on every service, the
 * app waiting for its backing services to be healthy; .env.example; a Makefile and scripts.
 */
import type { VirtualFile } from '../../core/files.js';
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
  const url = `http://127.0.0.1:${plan.app.port}${plan.app.healthPath}`;
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
};

const ENV_FOR: Record<string, Record<string, string>> = {
  postgres: { DATABASE_URL: 'postgres://postgres:${POSTGRES_PASSWORD}@postgres:5432/postgres' },
  redis: { REDIS_URL: 'redis://redis:6379' },
};

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
    environment: Object.assign({ PORT: port }, ...plan.backingServices.map((s) => ENV_FOR[s] ?? {})),
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
