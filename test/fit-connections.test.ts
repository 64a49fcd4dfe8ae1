/**
 * How the app reaches its backing services (issue 13): the variables it really reads, filled in
 * every place that sets them (docker-compose, the Secrets the workload reads, the guide's commands
 * that fill them from RDS, Cloud SQL and Memorystore); settings whose default is a local address
 * mapped to the service they point at or named to the user, never shipped as localhost; OpenSearch,
 * RabbitMQ and Kafka generated like the other services the team runs itself.
 */
import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { resolveAnswers } from '../src/config/load.js';
import type { PartialAnswers } from '../src/config/defaults.js';
import { generate } from '../src/core/pipeline.js';
import { localTarget, isLocalAddress, unmappedLocalSettings } from '../src/steps/deployment/connections.js';
import { localDefaultSettings, parseEnvExample } from '../src/detect/settings.js';
import { warningsFor } from '../src/prompt/warnings.js';
import { formatFindings, validateTree } from './validators/index.js';
import { COMPOSE } from './validators/compose.js';
import { KUBERNETES } from './validators/kubernetes.js';

type Obj = Record<string, unknown>;
const BASE = { name: 'shop-api', repository: 'acme/shop-api' };
const GCP = { cloud: 'gcp', gcp: { project: 'acme-shop' } } as const;

async function files(answers: PartialAnswers): Promise<Map<string, string>> {
  const g = await generate(resolveAnswers({ ...BASE, ...answers } as never));
  return new Map([...g.tree.values()].map((f) => [f.path, f.content]));
}

const composeEnv = (f: Map<string, string>): Obj => (load(f.get('docker-compose.yml')!) as { services: { app: { environment: Obj } } }).services.app.environment;
const compose = (f: Map<string, string>): { services: Record<string, Obj> } => load(f.get('docker-compose.yml')!) as { services: Record<string, Obj> };
const guide = (f: Map<string, string>): string => f.get('docs/devops/setup-guide.md')!;
/** Every file the cluster reads (manifests), as one text. */
const clusterText = (f: Map<string, string>): string => [...f].filter(([p]) => p.startsWith('deploy/')).map(([, c]) => c).join('\n');

describe("the database's keys are the names the app reads, filled alike locally, on the team's server, RDS and Cloud SQL", () => {
  // A Spring app whose application.properties reads ${DB_HOST:localhost} and ${DB_PASSWORD}.
  const spring: PartialAnswers = { stack: 'java', backingServices: ['postgres'], app: { settings: [{ name: 'DB_HOST', secret: false, local: 'localhost' }, { name: 'DB_PASSWORD', secret: true }] } };

  it('locally: its placeholders get the compose service (DB_HOST=postgres) and its password', async () => {
    const f = await files(spring);
    expect(composeEnv(f)).toMatchObject({ DB_HOST: 'postgres', DB_PASSWORD: '${POSTGRES_PASSWORD}' });
  });

  it("on the team's own server (T1): each key in <name>-connections, by reference; no localhost in the cluster", async () => {
    const f = await files(spring);
    expect(guide(f)).toContain('create secret generic shop-api-connections --from-literal=DATABASE_URL="$DATABASE_URL" --from-literal=DB_HOST="$DB_HOST" --from-literal=DB_PASSWORD="$DB_PASSWORD"\n');
    expect(clusterText(f)).not.toMatch(/localhost/);
  });

  it('on RDS (T3, AWS): every key built from the RDS-managed secret (host, port, user, password apart); the migration Job reads them too', async () => {
    const f = await files({ ...spring, tier: 'T3' });
    expect(guide(f)).toContain('host=${endpoint%:*} port=${endpoint##*:} db=shop_api');
    expect(guide(f)).toContain('create secret generic shop-api-db --from-literal=DATABASE_URL="postgres://${user}:${pw}@${host}:${port}/${db}?sslmode=require" --from-literal=DB_HOST="${host}" --from-literal=DB_PASSWORD="${password}"\n');
    const job = load(f.get('deploy/k8s/migration/job.yaml')!) as { spec: { template: { spec: { containers: { env: { name: string }[] }[] } } } };
    expect(job.spec.template.spec.containers[0]!.env.map((e) => e.name)).toEqual(['DATABASE_URL', 'DB_HOST', 'DB_PASSWORD']);
    expect(f.get('docs/devops/deployment-strategy.md')).toContain('`DATABASE_URL`, `DB_HOST`, `DB_PASSWORD` from the Secret `shop-api-db`');
    // The team's Secret no longer asks for what the database's Secret holds.
    expect(guide(f)).not.toContain('shop-api-connections');
  });

  it('on Cloud SQL (T3, GCP): the same keys from the user the guide creates', async () => {
    const f = await files({ ...spring, ...GCP, tier: 'T3' });
    expect(guide(f)).toContain('port=5432 db=shop_api user=app');
    expect(guide(f)).toContain('--from-literal=DATABASE_URL="postgres://${user}:${pw}@${host}:${port}/${db}?sslmode=require" --from-literal=DB_HOST="${host}" --from-literal=DB_PASSWORD="${password}"');
  });

  it('a Node app on RDS gets its URL under the name it reads, with the URL-encoded password', async () => {
    const f = await files({ tier: 'T3', backingServices: ['postgres'], app: { settings: [{ name: 'POSTGRES_URL', secret: true }] } });
    expect(guide(f)).toContain('create secret generic shop-api-db --from-literal=POSTGRES_URL="postgres://${user}:${pw}@${host}:${port}/${db}?sslmode=require"\n');
    expect(guide(f)).toContain('pw=$(printf %s "$password" | jq -sRr @uri)');
  });
});

describe('Memorystore (T3, GCP): the Secret its guide fills is the one the workload reads', () => {
  it('mounts <name>-redis and fills it under the names the app reads', async () => {
    const f = await files({ ...GCP, tier: 'T3', backingServices: ['redis'] });
    const workload = clusterText(f);
    expect(workload).toContain('name: shop-api-redis');
    expect(guide(f)).toContain('create secret generic shop-api-redis --from-literal=REDIS_URL="redis://:${pw}@${host}:${port}"\n');
    // Provisioned here: not among the servers the team runs itself.
    expect(guide(f)).not.toContain('nothing here provisions redis');
  });

  it("Spring gets its URL with the AUTH string, and the app's REDIS_PASSWORD", async () => {
    const f = await files({ ...GCP, tier: 'T3', stack: 'java', backingServices: ['redis'], app: { settings: [{ name: 'REDIS_PASSWORD', secret: true }] } });
    expect(guide(f)).toContain('create secret generic shop-api-redis --from-literal=SPRING_DATA_REDIS_URL="redis://:${pw}@${host}:${port}" --from-literal=REDIS_PASSWORD="${password}"\n');
  });
});

describe('settings whose default is a local address', () => {
  it('are recognised as local (localhost, 127.x, ::1, the Docker host), with or without scheme and port; 0.0.0.0 is a listen address', () => {
    for (const v of ['localhost', '127.0.0.1', 'localhost:6379', 'http://localhost:9000/api', 'redis://127.0.0.1:6379/0', '[::1]:5432', 'host.docker.internal', 'localhost:9092,localhost:9093']) expect(isLocalAddress(v), v).toBe(true);
    for (const v of ['0.0.0.0', 'db.internal', 'http://api.example.com', 'localhostess', '']) expect(isLocalAddress(v), v).toBe(false);
  });

  it('map to the service they point at: by port first, else by name, and to the piece the name says', () => {
    const services = ['postgres', 'redis'] as const;
    expect(localTarget({ name: 'REDIS_HOST', local: 'localhost' }, services)).toEqual({ service: 'redis', piece: 'host' });
    expect(localTarget({ name: 'CACHE_PORT', local: 'localhost:6379' }, services)).toEqual({ service: 'redis', piece: 'port' });
    expect(localTarget({ name: 'DB_PORT', local: 'localhost' }, services)).toEqual({ service: 'postgres', piece: 'port' });
    expect(localTarget({ name: 'STORE_ADDR', local: 'localhost:6379' }, services)).toEqual({ service: 'redis', piece: 'host' });
    expect(localTarget({ name: 'QUEUE', local: 'localhost:6379' }, services)).toEqual({ service: 'redis', piece: 'address' });
    expect(localTarget({ name: 'DB_HOST', local: '127.0.0.1' }, ['mysql'])).toEqual({ service: 'mysql', piece: 'host' });
    expect(localTarget({ name: 'SEARCH_URL', local: 'http://localhost:9200' }, ['opensearch'])).toEqual({ service: 'opensearch', piece: 'url' });
    expect(localTarget({ name: 'AUTH_URL', local: 'http://localhost:9000' }, services)).toBeUndefined();
    expect(unmappedLocalSettings([{ name: 'AUTH_URL', secret: false, local: 'http://localhost:9000' }, { name: 'REDIS_HOST', secret: false, local: 'localhost' }], ['redis']).map((s) => s.name)).toEqual(['AUTH_URL']);
  });

  it('are detected in .env.example and in code defaults (Python, Node, Go helpers), and not when secret or not local', () => {
    expect(parseEnvExample('REDIS_HOST=localhost\nLOG_LEVEL=info\nDATABASE_URL=postgres://u:p@localhost/db\n')).toEqual([
      { name: 'REDIS_HOST', secret: false, local: 'localhost' },
      { name: 'LOG_LEVEL', secret: false },
      { name: 'DATABASE_URL', secret: true },
    ]);
    const found = localDefaultSettings([
      { path: 'app.py', text: 'host = os.getenv("REDIS_HOST", "localhost")\nurl = os.environ.get("ORDERS_API", default="http://127.0.0.1:9000")\nlevel = os.getenv("LOG_LEVEL", "info")' },
      { path: 'src/db.js', text: "const host = process.env.DB_HOST || '127.0.0.1';\nconst key = process.env.API_KEY ?? 'localhost';" },
      { path: 'main.go', text: 'addr := getEnv("KAFKA_BROKERS", "localhost:9092")' },
    ]);
    expect(found.map((d) => [d.file, d.value])).toEqual([
      ['app.py', [{ name: 'REDIS_HOST', secret: false, local: 'localhost' }, { name: 'ORDERS_API', secret: false, local: 'http://127.0.0.1:9000' }]],
      ['src/db.js', [{ name: 'DB_HOST', secret: false, local: '127.0.0.1' }]],
      ['main.go', [{ name: 'KAFKA_BROKERS', secret: false, local: 'localhost:9092' }]],
    ]);
  });

  it('become their service locally and a key of its Secret in the cluster; never localhost in the cluster', async () => {
    const f = await files({ stack: 'python', tier: 'T2', backingServices: ['postgres', 'redis'], app: { settings: [{ name: 'REDIS_HOST', secret: false, local: 'localhost' }, { name: 'REDIS_PORT', secret: false, local: '6379' }, { name: 'POSTGRES_HOST', secret: false, local: '127.0.0.1' }] } });
    expect(composeEnv(f)).toMatchObject({ REDIS_HOST: 'redis', POSTGRES_HOST: 'postgres', DATABASE_URL: expect.stringContaining('@postgres:5432/') });
    expect(guide(f)).toMatch(/create secret generic shop-api-connections --from-literal=DATABASE_URL="\$DATABASE_URL" --from-literal=POSTGRES_HOST="\$POSTGRES_HOST" --from-literal=REDIS_URL="\$REDIS_URL" --from-literal=REDIS_HOST="\$REDIS_HOST"/);
    expect(clusterText(f)).not.toMatch(/localhost|127\.0\.0\.1/);
  });

  it('that point at no backing service: a warning before writing, a key of <name>-connections and a setup-guide line; a value given as localhost is not shipped either', async () => {
    const settings = [{ name: 'AUTH_URL', secret: false, local: 'http://localhost:9000' }, { name: 'PAYMENTS_HOST', secret: false, value: 'localhost' }];
    const answers = resolveAnswers({ ...BASE, app: { settings } } as never);
    expect(warningsFor(answers).filter((w) => w.id.startsWith('local-address-')).map((w) => w.message)).toEqual([
      expect.stringContaining('AUTH_URL defaults to http://localhost:9000, which in the cluster is the pod itself'),
      expect.stringContaining('PAYMENTS_HOST defaults to localhost'),
    ]);
    const f = await files({ app: { settings } });
    expect(guide(f)).toContain('create secret generic shop-api-connections --from-literal=AUTH_URL="$AUTH_URL" --from-literal=PAYMENTS_HOST="$PAYMENTS_HOST"');
    expect(guide(f)).toContain('`AUTH_URL` defaults to `http://localhost:9000`, which in the cluster is the pod itself: set the address it stands for in each environment.');
    expect(clusterText(f)).not.toContain('localhost');
  });
});

describe('OpenSearch, RabbitMQ and Kafka: run by the team, generated like MySQL and MongoDB', () => {
  it('Kafka from T2: its local broker does not fit T1 with another service', () => {
    expect(() => resolveAnswers({ ...BASE, backingServices: ['kafka'] } as never)).toThrow(/kafka: generated from T2/);
  });

  it('local services with healthchecks, egress on their ports, the settings the app reads, and the guide says nothing here provisions them', async () => {
    const f = await files({ tier: 'T2', backingServices: ['opensearch', 'rabbitmq', 'kafka'] });
    const c = compose(f);
    expect(Object.keys(c.services).sort()).toEqual(['app', 'kafka', 'opensearch', 'rabbitmq']);
    for (const s of ['opensearch', 'rabbitmq', 'kafka']) expect(c.services[s], s).toHaveProperty('healthcheck');
    expect(composeEnv(f)).toMatchObject({ OPENSEARCH_URL: 'http://opensearch:9200', AMQP_URL: 'amqp://app:${RABBITMQ_PASSWORD}@rabbitmq:5672', KAFKA_BROKERS: 'kafka:9092' });
    expect(f.get('.env.example')).toContain('RABBITMQ_PASSWORD=change-me');
    const policy = load(f.get('deploy/k8s/base/networkpolicy.yaml')!.split('\n---\n').find((d) => d.includes('podSelector:\n    matchLabels'))!) as { spec: { egress: { ports?: { port: number }[] }[] } };
    const ports = policy.spec.egress.flatMap((e) => (e.ports ?? []).map((p) => p.port));
    for (const port of [9200, 5672, 9092]) expect(ports).toContain(port);
    expect(guide(f)).toContain('nothing here provisions opensearch or rabbitmq or kafka');
    expect(guide(f)).toContain('--from-literal=OPENSEARCH_URL="$OPENSEARCH_URL" --from-literal=AMQP_URL="$AMQP_URL" --from-literal=KAFKA_BROKERS="$KAFKA_BROKERS"');
  });

  it('Spring reads its own names for them', async () => {
    const f = await files({ stack: 'java', tier: 'T2', backingServices: ['rabbitmq', 'kafka'] });
    expect(composeEnv(f)).toMatchObject({ SPRING_RABBITMQ_ADDRESSES: 'amqp://app:${RABBITMQ_PASSWORD}@rabbitmq:5672', SPRING_KAFKA_BOOTSTRAP_SERVERS: 'kafka:9092' });
  });

  it('pass the validators of the files they change (docker-compose, Kubernetes schemas)', async () => {
    const g = await generate(resolveAnswers({ ...BASE, tier: 'T2', backingServices: ['opensearch', 'rabbitmq', 'kafka', 'elasticsearch'] } as never));
    const { findings, skipped } = await validateTree(g.tree, { only: [COMPOSE, KUBERNETES] });
    for (const s of skipped) console.warn(`skipped ${s.validator}: ${s.reason}`);
    expect(findings, formatFindings(findings)).toEqual([]);
  }, 120_000);
});
