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

export interface ServiceSecret {
  service: BackingService;
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
export function serviceSecrets(plan: Pick<Plan, 'name' | 'backingServices' | 'database'>): ServiceSecret[] {
  return plan.backingServices.map((service) => {
    const rds = service === 'postgres' && plan.database;
    return { service, secret: rds ? plan.database!.secretName : `${plan.name}-connections`, key: CONNECTION_VARIABLES[service], source: rds ? 'rds' : 'yours' };
  });
}

/** The Secret names the workload reads, each once. */
export function secretNames(plan: Pick<Plan, 'name' | 'backingServices' | 'database'>): string[] {
  return [...new Set(serviceSecrets(plan).map((s) => s.secret))];
}

export const configMapName = (plan: Pick<Plan, 'name'>): string => `${plan.name}-config`;

/**
 * The non-secret settings. With tracing, where and how the app sends OTLP: the protocol is
 * explicit (SDKs differ in their default, and the endpoint's port must be the collector receiver
 * that speaks it); logs stay on stdout, which the CloudWatch add-on ships.
 */
export function settings(plan: Pick<Plan, 'name' | 'app' | 'features' | 'tracing'>): Record<string, string> {
  return {
    PORT: String(plan.app.port),
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
export function containerEnv(plan: Pick<Plan, 'name' | 'backingServices' | 'database' | 'features' | 'app' | 'tracing'>): { env?: IEnvVar[]; envFrom?: IEnvFromSource[] } {
  const secrets = secretNames(plan).map((name) => ({ secretRef: { name } }));
  if (settingsInConfigMap(plan)) return { envFrom: [{ configMapRef: { name: configMapName(plan) } }, ...secrets] };
  return {
    env: Object.entries(settings(plan)).map(([name, value]) => ({ name, value })),
    ...(secrets.length ? { envFrom: secrets } : {}),
  };
}
