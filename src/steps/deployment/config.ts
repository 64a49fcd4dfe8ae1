/**
 * The app's configuration in the cluster: non-secret settings in a ConfigMap (a kustomize
 * generator, so each overlay adds its own), each backing service's connection from a Secret by
 * reference: no value is ever in a file. The variables are the ones docker-compose sets locally.
 */
import type { IEnvFromSource } from 'kubernetes-models/v1/EnvFromSource';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { BackingService } from '../../config/answers.js';
import type { Plan } from '../../plan/types.js';
import { cloudOf } from '../../platforms/registry.js';
import { allConnectionKeys, connectionKeys, localOf, supersededSettings, unmappedLocalSettings, type Piece } from './connections.js';

export { CONNECTION_VARIABLES } from './connections.js';

/** The whole plan: which services a cloud manages depends on its tier and adapter. */
type SecretPlan = Plan;

/** The variable that holds a service's whole connection (its first key: the URL, or Spring's JDBC URL). */
export function connectionVariable(plan: Pick<Plan, 'backingServices'> & { answers: Pick<Plan['answers'], 'app' | 'stack'> }, service: BackingService): string {
  return connectionKeys(plan, service)[0]!.key;
}

export interface ServiceSecret {
  /** The service whose connection it holds; absent for the app's other secret settings. */
  service?: BackingService;
  /** Which part of the connection (a URL, a host, a password): the guides fill managed services' keys from it. */
  piece?: Piece;
  /** Kubernetes Secret in the app's namespace. */
  secret: string;
  key: string;
  /** Who creates it, for the guides: the database's guide section (RDS, Cloud SQL), another managed service's (Memorystore), or the team. */
  source: 'rds' | 'managed' | 'yours';
}

/**
 * The Secrets the workload reads each connection from: with a managed database (T3 postgres), the one
 * the setup guide builds from it; a cache the cloud provisions, its own; the services the team runs
 * itself share one Secret, created once per environment, with every key the app reads.
 */
export function serviceSecrets(plan: SecretPlan): ServiceSecret[] {
  const managed = cloudOf(plan).managedSecrets?.(plan) ?? {};
  const services = allConnectionKeys(plan).map(({ service, key, piece }): ServiceSecret => {
    const rds = service === 'postgres' && plan.database;
    const other = managed[service];
    return { service, piece, key, ...(rds ? { secret: plan.database!.secretName, source: 'rds' } : other ? { secret: other, source: 'managed' } : { secret: connectionsSecret(plan), source: 'yours' }) };
  });
  // The app's other secrets (API keys, passwords), and addresses of other apps it defaults to on this
  // machine: by reference, from the same Secret, never a value in a file, never localhost.
  const unmapped = unmappedLocalSettings(plan.answers.app.settings, plan.backingServices);
  const superseded = supersededSettings(plan);
  const others = plan.answers.app.settings
    .filter((s) => (s.secret || unmapped.includes(s)) && !services.some((c) => c.key === s.name) && !superseded.includes(s.name))
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
  // A local address (localhost) is never a value in the cluster: it is a connection's piece or the team's to set (serviceSecrets).
  const own = plan.answers.app.settings.filter((s) => !s.secret && s.value !== undefined && localOf(s) === undefined && s.name !== 'PORT');
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
export function containerEnv(plan: Plan): { env?: IEnvVar[]; envFrom?: IEnvFromSource[] } {
  const secrets = secretNames(plan).map((name) => ({ secretRef: { name } }));
  if (settingsInConfigMap(plan)) return { envFrom: [{ configMapRef: { name: configMapName(plan) } }, ...secrets] };
  return {
    env: Object.entries(settings(plan)).map(([name, value]) => ({ name, value })),
    ...(secrets.length ? { envFrom: secrets } : {}),
  };
}
