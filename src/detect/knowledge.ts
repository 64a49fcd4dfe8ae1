/**
 * What a dependency says about the app, per ecosystem: the backing service it talks to, the
 * native libraries the image needs, the library that serves its metrics. Names are matched
 * exactly (Go modules and Maven artifacts by prefix), so "redis-cli-helpers" is not Redis.
 */
import type { BackingService, MetricsLibrary, NativeNeed, Stack } from '../config/answers.js';

type Table<T> = Record<Stack, readonly (readonly [string, T])[]>;

export const SERVICE_DEPENDENCIES: Table<BackingService> = {
  node: [
    ['pg', 'postgres'],
    ['pg-promise', 'postgres'],
    ['postgres', 'postgres'],
    ['mysql', 'mysql'],
    ['mysql2', 'mysql'],
    ['mariadb', 'mysql'],
    ['mongodb', 'mongodb'],
    ['mongoose', 'mongodb'],
    ['redis', 'redis'],
    ['ioredis', 'redis'],
    ['bullmq', 'redis'],
    ['bull', 'redis'],
    ['@elastic/elasticsearch', 'elasticsearch'],
    ['@opensearch-project/opensearch', 'opensearch'],
    ['amqplib', 'rabbitmq'],
    ['amqp-connection-manager', 'rabbitmq'],
    ['kafkajs', 'kafka'],
    ['node-rdkafka', 'kafka'],
  ],
  python: [
    ['psycopg2', 'postgres'],
    ['psycopg2-binary', 'postgres'],
    ['psycopg', 'postgres'],
    ['asyncpg', 'postgres'],
    ['mysqlclient', 'mysql'],
    ['pymysql', 'mysql'],
    ['mysql-connector-python', 'mysql'],
    ['aiomysql', 'mysql'],
    ['pymongo', 'mongodb'],
    ['motor', 'mongodb'],
    ['mongoengine', 'mongodb'],
    ['flask-pymongo', 'mongodb'],
    ['redis', 'redis'],
    ['django-redis', 'redis'],
    ['flask-caching', 'redis'],
    ['elasticsearch', 'elasticsearch'],
    ['elasticsearch-dsl', 'elasticsearch'],
    ['opensearch-py', 'opensearch'],
    ['pika', 'rabbitmq'],
    ['aio-pika', 'rabbitmq'],
    ['kafka-python', 'kafka'],
    ['confluent-kafka', 'kafka'],
    ['aiokafka', 'kafka'],
  ],
  go: [
    ['github.com/lib/pq', 'postgres'],
    ['github.com/jackc/pgx', 'postgres'],
    ['github.com/go-sql-driver/mysql', 'mysql'],
    ['go.mongodb.org/mongo-driver', 'mongodb'],
    ['github.com/redis/go-redis', 'redis'],
    ['github.com/go-redis/redis', 'redis'],
    ['github.com/gomodule/redigo', 'redis'],
    ['github.com/elastic/go-elasticsearch', 'elasticsearch'],
    ['github.com/olivere/elastic', 'elasticsearch'],
    ['github.com/opensearch-project/opensearch-go', 'opensearch'],
    ['github.com/rabbitmq/amqp091-go', 'rabbitmq'],
    ['github.com/streadway/amqp', 'rabbitmq'],
    ['github.com/segmentio/kafka-go', 'kafka'],
    ['github.com/IBM/sarama', 'kafka'],
    ['github.com/Shopify/sarama', 'kafka'],
    ['github.com/confluentinc/confluent-kafka-go', 'kafka'],
  ],
  java: [
    ['postgresql', 'postgres'],
    ['r2dbc-postgresql', 'postgres'],
    ['mysql-connector-j', 'mysql'],
    ['mysql-connector-java', 'mysql'],
    ['mariadb-java-client', 'mysql'],
    ['spring-boot-starter-data-mongodb', 'mongodb'],
    ['spring-boot-starter-data-mongodb-reactive', 'mongodb'],
    ['mongodb-driver-sync', 'mongodb'],
    ['spring-boot-starter-data-redis', 'redis'],
    ['spring-boot-starter-data-redis-reactive', 'redis'],
    ['jedis', 'redis'],
    ['lettuce-core', 'redis'],
    ['spring-boot-starter-data-elasticsearch', 'elasticsearch'],
    ['elasticsearch-java', 'elasticsearch'],
    ['opensearch-java', 'opensearch'],
    ['spring-boot-starter-amqp', 'rabbitmq'],
    ['amqp-client', 'rabbitmq'],
    ['spring-kafka', 'kafka'],
    ['kafka-clients', 'kafka'],
  ],
};

export const NATIVE_DEPENDENCIES: Table<readonly NativeNeed[]> = {
  node: [
    ['bcrypt', ['node-gyp']],
    ['argon2', ['node-gyp']],
    ['better-sqlite3', ['node-gyp', 'sqlite']],
    ['sqlite3', ['node-gyp', 'sqlite']],
    ['canvas', ['node-gyp', 'image']],
    ['sharp', ['image']],
    ['node-rdkafka', ['node-gyp']],
    ['pg-native', ['node-gyp', 'libpq']],
  ],
  python: [['psycopg2', ['libpq']]],
  go: [
    ['github.com/mattn/go-sqlite3', ['cgo', 'sqlite']],
    ['github.com/confluentinc/confluent-kafka-go', ['cgo']],
    ['github.com/h2non/bimg', ['cgo', 'image']],
    ['github.com/davidbyttow/govips', ['cgo', 'image']],
  ],
  java: [],
};

export const METRICS_DEPENDENCIES: Table<MetricsLibrary> = {
  // The more specific library first: express-prom-bundle and the Nest module use prom-client.
  node: [
    ['express-prom-bundle', 'express-prom-bundle'],
    ['@willsoto/nestjs-prometheus', 'prom-client'],
    ['fastify-metrics', 'prom-client'],
    ['prom-client', 'prom-client'],
  ],
  python: [
    ['prometheus-fastapi-instrumentator', 'prometheus-fastapi-instrumentator'],
    ['django-prometheus', 'django-prometheus'],
    ['prometheus-flask-exporter', 'prometheus-flask-exporter'],
    ['starlette-exporter', 'starlette-exporter'],
    ['prometheus-client', 'prometheus-client'],
  ],
  go: [['github.com/prometheus/client_golang', 'promhttp']],
  java: [['micrometer-registry-prometheus', 'micrometer']],
};

/** Exact names, except Go modules and their major versions (".../pgx/v5") by prefix. */
function matches(stack: Stack, name: string, key: string): boolean {
  return stack === 'go' ? name === key || name.startsWith(`${key}/`) : name === key;
}

/** Each table entry that one of the dependencies matches, with the dependency that matched. */
export function lookup<T>(table: Table<T>, stack: Stack, dependencies: readonly string[]): { value: T; dependency: string }[] {
  const found: { value: T; dependency: string }[] = [];
  for (const [key, value] of table[stack]) {
    const dependency = dependencies.find((d) => matches(stack, d, key));
    if (dependency) found.push({ value, dependency });
  }
  return found;
}
