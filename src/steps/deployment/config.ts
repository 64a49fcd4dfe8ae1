/**
 * The app's configuration in the cluster: non-secret settings in a ConfigMap (a kustomize
 * generator, so each overlay adds its own), each backing service's connection from a Secret by
 * reference: no value is ever in a file. The variables are the ones docker-compose sets locally.
 */
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { BackingService } from '../../config/answers.js';
import type { Plan } from '../../plan/types.js';

/** The variable each backing service's connection URL is in, locally (docker-compose) and in the cluster. */
export const CONNECTION_VARIABLES: Record<BackingService, string> = { postgres: 'DATABASE_URL', redis: 'REDIS_URL' };

export interface ServiceSecret {
  service: BackingService;
  /** Kubernetes Secret in the app's namespace. */
  secret: string;
  key: string;
  /** Who creates it, for the guides. */
  source: 'rds' | 'yours';
}

/** The Secrets the workload reads: the RDS one at T3 with postgres; otherwise one the team creates from its own service. */
export function serviceSecrets(plan: Pick<Plan, 'name' | 'backingServices' | 'database'>): ServiceSecret[] {
  return plan.backingServices.map((service) => ({
    service,
    secret: service === 'postgres' && plan.database ? plan.database.secretName : `${plan.name}-${service === 'postgres' ? 'db' : service}`,
    key: CONNECTION_VARIABLES[service],
    source: service === 'postgres' && plan.database ? 'rds' : 'yours',
  }));
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
  /** No hash suffix: kustomize cannot rename the reference inside an Argo Rollout (a custom resource). */
  options: { disableNameSuffixHash: true };
}

export function configMapGenerator(plan: Pick<Plan, 'name'>, values: Record<string, string>, merge = false): ConfigMapGenerator {
  return {
    name: configMapName(plan),
    ...(merge ? { behavior: 'merge' as const } : {}),
    literals: Object.entries(values).map(([k, v]) => `${k}=${v}`),
    options: { disableNameSuffixHash: true },
  };
}

/** The container's environment: the ConfigMap, then each connection from its Secret. */
export function containerEnv(plan: Pick<Plan, 'name' | 'backingServices' | 'database'>): { envFrom: { configMapRef: { name: string } }[]; env?: IEnvVar[] } {
  const secrets = serviceSecrets(plan);
  return {
    envFrom: [{ configMapRef: { name: configMapName(plan) } }],
    ...(secrets.length && { env: secrets.map((s) => ({ name: s.key, valueFrom: { secretKeyRef: { name: s.secret, key: s.key } } })) }),
  };
}
