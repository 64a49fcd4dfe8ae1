/**
 * The app's configuration in the cluster: non-secret settings in a ConfigMap (a kustomize
 * generator, so each overlay adds its own), each backing service's connection from a Secret by
 * reference: no value is ever in a file. The variables are the ones docker-compose sets locally.
 */
import type { IEnvFromSource } from 'kubernetes-models/v1/EnvFromSource';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { BackingService } from '../../config/answers.js';
import type { Plan } from '../../plan/types.js';

/** The variable each backing service's connection URL is in, locally (docker-compose) and in the cluster. */
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

/**
 * The app's own setting that holds a service's connection, when it reads one (MONGO_URI rather than
 * MONGODB_URI): the Secret's key must be the name the app reads.
 */
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

type SecretPlan = Pick<Plan, 'name' | 'backingServices' | 'database'> & { answers: Pick<Plan['answers'], 'app' | 'stack'> };

/**
 * Spring Boot's own properties as environment variables (relaxed binding), which take a URL and
 * override host, port and password from application.yml: a Spring app reads no REDIS_URL. The SQL
 * databases need a JDBC URL and separate credentials instead, so they keep DATABASE_URL.
 */
const SPRING_CONNECTION: Partial<Record<BackingService, string>> = {
  redis: 'SPRING_DATA_REDIS_URL',
  mongodb: 'SPRING_DATA_MONGODB_URI',
  elasticsearch: 'SPRING_ELASTICSEARCH_URIS',
};

/** The variable a service's connection URL is in: the app's own setting for it, else the usual name (Spring's on Java). */
export function connectionVariable(plan: { answers: Pick<Plan['answers'], 'app' | 'stack'> }, service: BackingService): string {
  const own = plan.answers.app.settings.find((s) => CONNECTION_SETTING[service].test(s.name))?.name;
  return own ?? (plan.answers.stack === 'java' ? SPRING_CONNECTION[service] : undefined) ?? CONNECTION_VARIABLES[service];
}

export interface ServiceSecret {
  /** The service whose connection it holds; absent for the app's other secret settings. */
  service?: BackingService;
  /** Kubernetes Secret in the app's namespace. */
  secret: string;
  key: string;
  /** Who creates it, for the guides. */
  source: 'rds' | 'yours';
}

/**
 * The Secrets the workload reads each connection from: at T3 with postgres, the one the setup
 * guide builds from the RDS-managed secret; the services the team runs itself share one Secret,
 * created once per environment from their URLs.
 */
export function serviceSecrets(plan: SecretPlan): ServiceSecret[] {
  const services = plan.backingServices.map((service): ServiceSecret => {
    const rds = service === 'postgres' && plan.database;
    // The RDS secret's key is the one the setup guide builds: DATABASE_URL.
    return { service, secret: rds ? plan.database!.secretName : connectionsSecret(plan), key: rds ? CONNECTION_VARIABLES[service] : connectionVariable(plan, service), source: rds ? 'rds' : 'yours' };
  });
  // The app's other secrets (API keys, passwords): by reference, from the same Secret, never a value in a file.
  const others = plan.answers.app.settings
    .filter((s) => s.secret && !services.some((c) => c.key === s.name))
    .map((s): ServiceSecret => ({ secret: connectionsSecret(plan), key: s.name, source: 'yours' }));
  return [...services, ...others];
}

/** The Secret the team creates per environment: its own services' URLs and the app's secret settings. */
export const connectionsSecret = (plan: Pick<Plan, 'name'>): string => `${plan.name}-connections`;

/** The Secret names the workload reads, each once. */
export function secretNames(plan: SecretPlan): string[] {
  return [...new Set(serviceSecrets(plan).map((s) => s.secret))];
}

export const configMapName = (plan: Pick<Plan, 'name'>): string => `${plan.name}-config`;

/**
 * The non-secret settings. With tracing, where and how the app sends OTLP: the protocol is
 * explicit (SDKs differ in their default, and the endpoint's port must be the collector receiver
 * that speaks it); logs stay on stdout, which the CloudWatch add-on ships.
 */
export function settings(plan: Pick<Plan, 'name' | 'app' | 'features' | 'tracing'> & { answers: Pick<Plan['answers'], 'app'> }): Record<string, string> {
  // The app's non-secret settings that have a value (from the answers); secrets come from the Secret.
  const own = plan.answers.app.settings.filter((s) => !s.secret && s.value !== undefined && s.name !== 'PORT');
  return {
    PORT: String(plan.app.port),
    ...Object.fromEntries(own.map((s) => [s.name, s.value!])),
    ...(plan.features.tracing && {
      OTEL_EXPORTER_OTLP_ENDPOINT: plan.tracing.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: plan.tracing.protocol,
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_SERVICE_NAME: plan.name,
    }),
  };
}

export interface ConfigMapGenerator {
  name: string;
  behavior?: 'merge';
  literals: string[];
  options?: { disableNameSuffixHash: true };
}

/**
 * With a Deployment, kustomize adds a hash of the contents to the name and renames the reference:
 * a changed setting rolls the pods. It cannot rename the reference inside an Argo Rollout (a
 * custom resource), so there the name stays fixed.
 */
export function configMapGenerator(plan: Pick<Plan, 'name' | 'features'>, values: Record<string, string>, merge = false): ConfigMapGenerator {
  return {
    name: configMapName(plan),
    ...(merge ? { behavior: 'merge' as const } : {}),
    literals: Object.entries(values).map(([k, v]) => `${k}=${v}`),
    ...(plan.features.progressiveDelivery !== 'none' && { options: { disableNameSuffixHash: true as const } }),
  };
}

/** Where the settings live: a ConfigMap from T2, which each environment's overlay extends; at T1 (one environment, one setting) in the pod spec. */
export const settingsInConfigMap = (plan: Pick<Plan, 'features'>): boolean => plan.features.overlays;

/** The container's environment: the settings, then each connection Secret (which holds only connection URLs). */
export function containerEnv(plan: Pick<Plan, 'name' | 'backingServices' | 'database' | 'features' | 'app' | 'tracing' | 'answers'>): { env?: IEnvVar[]; envFrom?: IEnvFromSource[] } {
  const secrets = secretNames(plan).map((name) => ({ secretRef: { name } }));
  if (settingsInConfigMap(plan)) return { envFrom: [{ configMapRef: { name: configMapName(plan) } }, ...secrets] };
  return {
    env: Object.entries(settings(plan)).map(([name, value]) => ({ name, value })),
    ...(secrets.length ? { envFrom: secrets } : {}),
  };
}
