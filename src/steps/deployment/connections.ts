/**
 * How the app reaches each backing service: the variables it reads, each one piece of the
 * connection (a URL, a JDBC URL, a host, a port, a user, a password). One list serves every
 * place that sets them: docker-compose locally, the Secret the workload reads in the cluster,
 * and the setup guide's commands that fill that Secret from a managed service (RDS, Cloud SQL,
 * Memorystore). A setting whose default is a local address (REDIS_HOST=localhost) becomes the
 * piece of the service it points at; localhost never reaches the cluster.
 */
import type { AppSetting, BackingService, Stack } from '../../config/answers.js';
import { isLocalAddress } from '../../config/local-address.js';

export { isLocalAddress };

export type Piece = 'url' | 'jdbc-url' | 'host' | 'port' | 'address' | 'username' | 'password' | 'database';

export interface ConnectionKey {
  service: BackingService;
  /** The variable the app reads. */
  key: string;
  piece: Piece;
}

/** Each service's usual port: the local compose service, the NetworkPolicy's egress, a local default's port. */
export const SERVICE_PORTS: Record<BackingService, number> = {
  postgres: 5432,
  redis: 6379,
  mysql: 3306,
  mongodb: 27017,
  elasticsearch: 9200,
  opensearch: 9200,
  rabbitmq: 5672,
  kafka: 9092,
};

/** The variable each backing service's connection is in when the app names none of its own. */
export const CONNECTION_VARIABLES: Record<BackingService, string> = {
  postgres: 'DATABASE_URL',
  mysql: 'DATABASE_URL',
  mongodb: 'MONGODB_URI',
  redis: 'REDIS_URL',
  elasticsearch: 'ELASTICSEARCH_URL',
  opensearch: 'OPENSEARCH_URL',
  rabbitmq: 'AMQP_URL',
  kafka: 'KAFKA_BROKERS',
};

/** Kafka clients take host:port lists, not URLs. */
const DEFAULT_PIECE: Partial<Record<BackingService, Piece>> = { kafka: 'address' };

/** The app's own setting that holds a service's whole connection (MONGO_URI rather than MONGODB_URI). */
const CONNECTION_SETTING: Record<BackingService, RegExp> = {
  postgres: /^(DATABASE_URL|(POSTGRES|PG)\w*_(URL|URI|DSN))$/,
  mysql: /^(DATABASE_URL|(MYSQL|MARIADB)\w*_(URL|URI|DSN))$/,
  mongodb: /^MONGO\w*_(URL|URI)$/,
  redis: /^REDIS\w*_(URL|URI)$/,
  elasticsearch: /^(ELASTIC\w*|ES)_(URL|URI|HOSTS?)$/,
  opensearch: /^OPENSEARCH\w*_(URL|URI|HOSTS?)$/,
  rabbitmq: /^(AMQP|RABBIT\w*|CELERY_BROKER)_(URL|URI)$/,
  kafka: /^KAFKA\w*_(BROKERS|BOOTSTRAP_SERVERS)$/,
};

/**
 * Spring Boot 3's own properties as environment variables (relaxed binding), which override
 * application.properties. What Spring really needs for a SQL database is a JDBC URL and separate
 * credentials (SPRING_DATASOURCE_URL as a 'jdbc-url' piece, _USERNAME, _PASSWORD), and for Redis a
 * host and port; they take three keys each where one fits T1's token total today, so the URL
 * names stay until the guides' secret commands are compacted (issue 13, not done). Meanwhile the
 * app's own placeholders (DB_HOST, DB_PASSWORD) are filled as pieces of the database.
 */
const SPRING_KEYS: Record<BackingService, readonly (readonly [string, Piece])[]> = {
  postgres: [['DATABASE_URL', 'url']],
  mysql: [['DATABASE_URL', 'url']],
  redis: [['SPRING_DATA_REDIS_URL', 'url']],
  mongodb: [['SPRING_DATA_MONGODB_URI', 'url']],
  elasticsearch: [['SPRING_ELASTICSEARCH_URIS', 'url']],
  // spring-data-opensearch's starter reads opensearch.uris.
  opensearch: [['OPENSEARCH_URIS', 'url']],
  // spring.rabbitmq.addresses takes amqp:// URLs with credentials and virtual host.
  rabbitmq: [['SPRING_RABBITMQ_ADDRESSES', 'url']],
  kafka: [['SPRING_KAFKA_BOOTSTRAP_SERVERS', 'address']],
};

/** Names that say which service a setting is part of, and which part (DB_HOST, REDIS_PORT, MONGO_URL). */
const SERVICE_NAMES: readonly (readonly [RegExp, readonly BackingService[]])[] = [
  [/^(POSTGRES(QL)?|PG)_/, ['postgres']],
  [/^(MYSQL|MARIADB)_/, ['mysql']],
  [/^(DB|DATABASE|SQL)_/, ['postgres', 'mysql']],
  [/^MONGO(DB)?_/, ['mongodb']],
  [/^(REDIS|CACHE|VALKEY)_/, ['redis']],
  [/^(ELASTIC(SEARCH)?|ES)_/, ['elasticsearch']],
  [/^OPENSEARCH_/, ['opensearch']],
  [/^(RABBIT(MQ)?|AMQP|BROKER|CELERY_BROKER)_/, ['rabbitmq']],
  [/^KAFKA_/, ['kafka']],
];

const PIECE_NAMES: readonly (readonly [RegExp, Piece])[] = [
  [/_(HOST|HOSTNAME|SERVER|ADDR)$/, 'host'],
  [/_PORT$/, 'port'],
  [/_(USER|USERNAME)$/, 'username'],
  [/_(PASSWORD|PASS|PWD)$/, 'password'],
  [/_(NAME|DATABASE|DB)$/, 'database'],
  [/_(URL|URI|DSN|ENDPOINT|NODES?|HOSTS)$/, 'url'],
  [/_(BROKERS|BOOTSTRAP_SERVERS|ADDRESS(ES)?)$/, 'address'],
];

/** The local address a setting defaults to: detected (local), or a value given in the answers that is one. */
export function localOf(s: Pick<AppSetting, 'local' | 'value'>): string | undefined {
  return s.local ?? (s.value !== undefined && isLocalAddress(s.value) ? s.value : undefined);
}

/** The port a local address names, if any. */
function portOf(value: string): number | undefined {
  const m = /(?:localhost|127(?:\.\d{1,3}){3}|\]|::1|internal):(\d{1,5})/i.exec(value);
  return m ? Number(m[1]) : undefined;
}

/**
 * The service and piece a setting with a local default stands for: by the port it names among the
 * app's services, else by its name (DB_HOST is the SQL database the app uses); undefined when
 * nothing here maps it (an address of another app: the team sets it per environment).
 */
export function localTarget(setting: Pick<AppSetting, 'name' | 'local' | 'value'>, services: readonly BackingService[]): Pick<ConnectionKey, 'service' | 'piece'> | undefined {
  const name = setting.name.toUpperCase();
  const value = localOf(setting) ?? '';
  if (localOf(setting) === undefined) return undefined;
  const port = portOf(value);
  const byPort = port === undefined ? undefined : services.find((s) => SERVICE_PORTS[s] === port);
  const byName = SERVICE_NAMES.find(([re]) => re.test(name))?.[1].find((s) => services.includes(s));
  const service = byPort ?? byName;
  if (!service) return undefined;
  const named = PIECE_NAMES.find(([re]) => re.test(name))?.[1];
  // A bare host without a scheme is a host; host:port an address; a URL a URL.
  const piece = named === 'url' || named === 'address' || named === undefined ? (/:\/\//.test(value) ? 'url' : port !== undefined ? 'address' : 'host') : named;
  return { service, piece };
}

/**
 * The service and piece a setting is part of: a local default it points at, or a secret named as a
 * service's credential (DB_PASSWORD, REDIS_PASSWORD), which a managed service's guide then fills too.
 */
export function settingTarget(setting: Pick<AppSetting, 'name' | 'local' | 'value' | 'secret'>, services: readonly BackingService[]): Pick<ConnectionKey, 'service' | 'piece'> | undefined {
  const local = localTarget(setting, services);
  if (local || !setting.secret) return local;
  const name = setting.name.toUpperCase();
  const piece = PIECE_NAMES.find(([re]) => re.test(name))?.[1];
  const service = SERVICE_NAMES.find(([re]) => re.test(name))?.[1].find((s) => services.includes(s));
  return service && (piece === 'password' || piece === 'username') ? { service, piece } : undefined;
}

/** The app's settings with a local default that no backing service maps: the team must give each an address per environment. */
export function unmappedLocalSettings(settings: readonly AppSetting[], services: readonly BackingService[]): AppSetting[] {
  return settings.filter((s) => localOf(s) !== undefined && !localTarget(s, services) && !Object.values(CONNECTION_SETTING).some((re) => re.test(s.name)));
}

interface KeysPlan {
  backingServices: readonly BackingService[];
  answers: { stack: Stack; app: { settings: readonly AppSetting[] } };
}

/** Every variable the app reads for one service: the service's own keys, then its settings that are parts of it (settingTarget). */
export function connectionKeys(plan: KeysPlan, service: BackingService): ConnectionKey[] {
  const settings = plan.answers.app.settings;
  const own = settings.find((s) => CONNECTION_SETTING[service].test(s.name))?.name;
  const spring = !own && plan.answers.stack === 'java';
  const base: ConnectionKey[] = own
    ? [{ service, key: own, piece: DEFAULT_PIECE[service] ?? 'url' }]
    : spring
      ? SPRING_KEYS[service].map(([key, piece]) => ({ service, key, piece }))
      : [{ service, key: CONNECTION_VARIABLES[service], piece: DEFAULT_PIECE[service] ?? 'url' }];
  const local = settings.flatMap((s): ConnectionKey[] => {
    if (base.some((b) => b.key === s.name)) return [];
    const target = settingTarget(s, plan.backingServices);
    return target?.service === service && !covered(base, target.piece, spring) ? [{ service, key: s.name, piece: target.piece }] : [];
  });
  return [...base, ...local];
}

/**
 * A piece the service's own keys already give. On Spring its environment variables override
 * application.properties, so a URL there also gives the host, port and database that the app's
 * placeholders (${DB_HOST}) would have filled: those are never read.
 */
function covered(base: readonly ConnectionKey[], piece: Piece, spring: boolean): boolean {
  const inUrl: readonly Piece[] = ['host', 'port', 'database', 'address', 'url'];
  return base.some((b) => b.piece === piece || (spring && b.key.startsWith('SPRING_') && (b.piece === 'url' || b.piece === 'jdbc-url') && inUrl.includes(piece)));
}

/**
 * The app's settings that a service's own keys make unread: on Spring, the environment's
 * SPRING_DATASOURCE_PASSWORD wins over application.properties, whose ${DB_PASSWORD} is then never
 * resolved. Nobody needs to set them.
 */
export function supersededSettings(plan: KeysPlan): string[] {
  return plan.answers.app.settings.flatMap((s) => {
    const target = settingTarget(s, plan.backingServices);
    if (!target) return [];
    return connectionKeys(plan, target.service).some((k) => k.key === s.name) ? [] : [s.name];
  });
}

/** Every service's keys, in the order of backingServices. */
export const allConnectionKeys = (plan: KeysPlan): ConnectionKey[] => plan.backingServices.flatMap((s) => connectionKeys(plan, s));

/** What each piece is in docker-compose: the compose service's name is its host. */
const LOCAL: Record<BackingService, { url: string; jdbc?: string; username?: string; password?: string; database?: string }> = {
  postgres: { url: 'postgres://postgres:${POSTGRES_PASSWORD}@postgres:5432/postgres', jdbc: 'jdbc:postgresql://postgres:5432/postgres', username: 'postgres', password: '${POSTGRES_PASSWORD}', database: 'postgres' },
  mysql: { url: 'mysql://root:${MYSQL_PASSWORD}@mysql:3306/app', jdbc: 'jdbc:mysql://mysql:3306/app', username: 'root', password: '${MYSQL_PASSWORD}', database: 'app' },
  // No password locally: an empty one is none to the clients.
  redis: { url: 'redis://redis:6379', password: '' },
  mongodb: { url: 'mongodb://mongodb:27017/app', database: 'app' },
  elasticsearch: { url: 'http://elasticsearch:9200' },
  opensearch: { url: 'http://opensearch:9200' },
  rabbitmq: { url: 'amqp://app:${RABBITMQ_PASSWORD}@rabbitmq:5672', username: 'app', password: '${RABBITMQ_PASSWORD}' },
  kafka: { url: 'kafka:9092' },
};

/** A piece's value in docker-compose; undefined when the local service has no such piece (a Redis user). */
export function localValue({ service, piece }: Pick<ConnectionKey, 'service' | 'piece'>): string | undefined {
  const l = LOCAL[service];
  const port = String(SERVICE_PORTS[service]);
  switch (piece) {
    case 'url':
      return l.url;
    case 'jdbc-url':
      return l.jdbc;
    case 'host':
      return service;
    case 'port':
      return port;
    case 'address':
      return `${service}:${port}`;
    default:
      return l[piece];
  }
}

/**
 * A piece's value in the setup guide's `kubectl create secret` for a managed service, from the
 * shell variables the cloud's section sets first: host, port, user, password, pw (the password
 * URL-encoded), db. `scheme` is the URL's (postgres, redis).
 */
export function managedValue(piece: Piece, scheme: 'postgres' | 'redis'): string {
  const credentials = scheme === 'redis' ? ':${pw}@' : '${user}:${pw}@';
  const path = scheme === 'postgres' ? '/${db}?sslmode=require' : '';
  switch (piece) {
    case 'url':
      return `${scheme}://${credentials}\${host}:\${port}${path}`;
    case 'jdbc-url':
      return `jdbc:postgresql://\${host}:\${port}/\${db}?sslmode=require`;
    case 'host':
      return '${host}';
    case 'port':
      return '${port}';
    case 'address':
      return '${host}:${port}';
    case 'username':
      return '${user}';
    case 'password':
      return '${password}';
    case 'database':
      return '${db}';
  }
}

/** ` --from-literal=KEY="value"` for each key: keys are environment names (no quoting needed), values shell variables. */
export function secretLiterals(keys: readonly ConnectionKey[], scheme: 'postgres' | 'redis'): string {
  return keys.map((k) => ` --from-literal=${k.key}="${managedValue(k.piece, scheme)}"`).join('');
}
