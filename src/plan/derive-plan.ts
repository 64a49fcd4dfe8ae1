import { NO_ENDPOINT, type Answers } from '../config/answers.js';
import { registry } from '../platforms/registry.js';
import { shCommand } from '../render/shell.js';
import {
  APP_UID,
  KUBERNETES_VERSION,
  OTEL,
  PATHS,
  PORT_NAME,
  QUERY_ADDRESSES,
  SLO_DEFAULTS,
  standardLabels,
  stateKey,
  targetId,
} from './conventions.js';
import { noFiringAlerts } from './alert-gate.js';
import { latencyThreshold, metricNamesFor } from './metrics.js';
import { toolchainFor } from './toolchain.js';
import { MIGRATION_MINUTES, ROLLBACK_MINUTES, ROLLOUT_MINUTES } from './timeouts.js';
import type { Command, DeployTarget, EnvironmentCommands, EnvironmentPlan, Features, Plan } from './types.js';

export function deriveFeatures(answers: Answers): Features {
  const t2 = answers.tier !== 'T1';
  const t3 = answers.tier === 'T3';
  const progressive = answers.strategy === 'canary' || answers.strategy === 'blue-green';
  // With observability left out, nothing collects traces or evaluates SLOs: the other steps
  // must not point the app at a collector that is not deployed.
  const observed = !answers.skip.includes('observability');
  // SLOs and anomaly scores are computed from the app's request metrics: without them there is nothing to compute.
  const appMetrics = answers.app.metricsPath !== NO_ENDPOINT;
  const features: Features = {
    multiEnvironment: t2,
    securityGates: t2,
    appMetrics,
    overlays: t2,
    hardenedInfrastructure: t2,
    infrastructureInCi: t2,
    privateApi: t3,
    tracing: t2 && observed,
    slo: t2 && observed && appMetrics,
    alertRouting: t2 && observed,
    progressiveDelivery: t2 && progressive ? (answers.strategy as 'canary' | 'blue-green') : 'none',
    supplyChain: t3,
    policyAsCode: t3,
    multiRegion: t3 && answers.secondaryRegion !== 'none',
    database: t3 && answers.backingServices.includes('postgres'),
    anomalyDetection: t3 && observed && appMetrics,
    securityMonitoring: t3,
  };
  return registry().target[answers.target].features?.(features, answers) ?? features;
}

function deployTarget(answers: Answers, environment: string, region: string, primary: boolean): DeployTarget {
  const id = targetId(environment, region, primary);
  return {
    id,
    environment,
    region,
    primary,
    clusterName: registry().cloud[answers.cloud].clusterName(answers.name, environment, primary ? undefined : region),
    registryRepository: registry().cloud[answers.cloud].registryRepository(answers.name, environment),
    stateKey: stateKey(answers.name, environment, primary ? undefined : region),
    ...registry().iac[answers.iac].targetFiles(answers.cloud, id),
    // Same condition as features.privateApi: without a public API endpoint, only runners in the VPC can deploy.
    runner: answers.tier === 'T3' ? { kind: 'self-hosted', label: `${answers.name}-${id}` } : { kind: 'hosted' },
    // Concurrency groups are repository-wide: the stacks of a monorepo must not queue behind (or cancel) each other.
    concurrencyGroup: answers.directory ? `${answers.name}-deploy-${id}` : `deploy-${id}`,
  };
}

/** The one pure function from answers to the facts every step shares. */
export function derivePlan(answers: Answers): Plan {
  const features = deriveFeatures(answers);
  const regions = features.multiRegion ? [answers.region, answers.secondaryRegion] : [answers.region];
  const environments = answers.environments.map((name, index): EnvironmentPlan => {
    const isProduction = index === answers.environments.length - 1;
    const targets = [deployTarget(answers, name, answers.region, true)];
    if (isProduction && features.multiRegion) targets.push(deployTarget(answers, name, answers.secondaryRegion, false));
    const primary = targets[0]!;
    return {
      name,
      isProduction,
      ...(index > 0 ? { previous: answers.environments[index - 1]! } : {}),
      kustomizeDir: features.overlays ? `${PATHS.k8sDir}/overlays/${name}` : PATHS.k8sDir,
      targets,
      clusterName: primary.clusterName,
      region: primary.region,
      stateKey: primary.stateKey,
      varsPath: primary.varsPath,
      backendConfigPath: primary.backendConfigPath,
      deployIdentity: registry().cloud[answers.cloud].deployIdentity(answers.name, name),
      trust: registry().ci[answers.ci].oidc(answers, name),
      replicas: isProduction ? { min: 2, max: 6 } : { min: 2, max: 3 },
    };
  });

  const metrics = metricNamesFor(answers.app.metricsLibrary);
  // Tree paths are relative to the stack directory; repository-root files are reached through toRoot.
  const location = { directory: answers.directory, toRoot: answers.directory ? '../'.repeat(answers.directory.split('/').length) : '' };
  const plan: Plan = {
    answers,
    name: answers.name,
    platforms: { ci: answers.ci, cloud: answers.cloud, iac: answers.iac, target: answers.target },
    location,
    tier: answers.tier,
    stack: answers.stack,
    cloud: answers.cloud,
    strategy: answers.strategy,
    region: answers.region,
    repository: answers.repository,
    branch: answers.branch,
    toolchain: toolchainFor(answers),
    namespace: answers.name,
    labels: standardLabels(answers.name),
    app: {
      port: answers.app.port,
      healthPath: answers.app.healthPath,
      readinessPath: answers.app.readinessPath,
      metricsPath: answers.app.metricsPath,
      commands: {
        install: answers.app.commands.install,
        test: answers.app.commands.test === NO_ENDPOINT ? null : answers.app.commands.test,
        build: answers.app.commands.build ?? null,
        start: answers.app.commands.start,
      },
      portName: PORT_NAME,
      containerName: answers.name,
      uid: APP_UID,
    },
    image: { repository: answers.name, placeholder: answers.name },
    metrics,
    features,
    backingServices: answers.backingServices,
    regions,
    // The latency objective's threshold must be a bucket bound of the app's duration histogram.
    slo: { ...SLO_DEFAULTS, latencySeconds: latencyThreshold(metrics, SLO_DEFAULTS.latencySeconds) },
    rollout: {
      analysisTemplate: `${answers.name}-success-rate`,
      // The Service named after the app selects every pod (replica-weighted canary traffic,
      // and what the ServiceMonitor scrapes); Argo Rollouts rewrites the selectors of these two.
      stableService: `${answers.name}-stable`,
      canaryService: `${answers.name}-canary`,
      previewService: `${answers.name}-preview`,
      successRatio: 0.99,
      prometheusAddress: QUERY_ADDRESSES[registry().cloud[answers.cloud].kubernetes.monitoring],
    },
    tracing: {
      collectorNamespace: OTEL.namespace,
      collectorService: OTEL.service,
      otlpGrpcPort: OTEL.grpcPort,
      otlpHttpPort: OTEL.httpPort,
      endpoint: `http://${OTEL.service}.${OTEL.namespace}.svc:${OTEL.httpPort}`,
      protocol: 'http/protobuf',
    },
    database: features.database
      ? { engine: 'postgres', name: answers.name.replace(/-/g, '_'), secretName: `${answers.name}-db`, migrationJob: `${answers.name}-migrate`, migrateCommand: answers.app.migrateCommand }
      : null,
    stateStore: answers.stateBucket,
    kubernetesVersion: KUBERNETES_VERSION,
    environments,
    paths: { ...PATHS, ...registry().ci[answers.ci].paths(answers.name, location, answers.ciFiles), iacDir: registry().iac[answers.iac].dir, bootstrapDir: registry().iac[answers.iac].bootstrapDir ?? PATHS.bootstrapDir },
    identityVariables: registry().cloud[answers.cloud].identityVariables(answers.name, answers.directory),
    commands: {
      bootstrap: [],
      perEnvironment: {},
      perTarget: {},
      ...(answers.skip.includes('observability') ? {} : { verifyNoAlerts: noFiringAlerts(answers.name, registry().cloud[answers.cloud].kubernetes.monitoring) }),
    },
  };
  plan.commands.bootstrap = registry().cloud[answers.cloud].bootstrap(plan);
  for (const env of environments) {
    for (const target of env.targets) {
      const commands = targetCommands(plan, env, target);
      plan.commands.perTarget[target.id] = commands;
      if (target.primary) plan.commands.perEnvironment[env.name] = commands;
    }
  }
  return plan;
}

function targetCommands(plan: Plan, env: EnvironmentPlan, target: DeployTarget): EnvironmentCommands {
  const own = registry().target[plan.platforms.target].commands;
  if (own) return { ...registry().iac[plan.platforms.iac].commands(plan, env, target), ...own(plan, env, target) };
  const workload = plan.features.progressiveDelivery === 'none' ? `deployment/${plan.name}` : `rollout/${plan.name}`;
  return {
    ...registry().iac[plan.platforms.iac].commands(plan, env, target),
    connect: registry().cloud[plan.platforms.cloud].connect(target, plan),
    setImage: {
      description: 'Pin the manifests to the image just pushed, by digest',
      // IMAGE is set by the workflow to REGISTRY/REPOSITORY@sha256:…; the double quotes keep it one word.
      run: `cd ${env.kustomizeDir} && kustomize edit set image "${plan.image.placeholder}=\${IMAGE}"`,
    },
    ...(plan.answers.skip.includes('observability')
      ? {}
      : { applyObservability: { description: 'Apply the ServiceMonitor, alert rules and dashboard', run: shCommand('kubectl', 'apply', '-k', plan.paths.observabilityDir) } }),
    applyManifests: {
      description: 'Apply the workload manifests',
      run: shCommand('kubectl', 'apply', '-k', env.kustomizeDir),
    },
    ...rolloutCommands(plan, workload),
    rollback: {
      description: 'Roll back to the previous version',
      run: shCommand(plan.paths.rollbackScript),
      timeoutMinutes: ROLLBACK_MINUTES[plan.features.progressiveDelivery === 'none' ? 'kubernetes' : 'argo'],
    },
    // A second region keeps replicated backups, not a database: it has nothing to migrate.
    ...(plan.database && target.primary ? { runMigrations: migrationCommand(plan) } : {}),
  };
}

/** Re-creates the migration Job with the new image and waits for it: the new version takes traffic only after. */
function migrationCommand(plan: Plan): Command {
  const job = plan.database!.migrationJob;
  const dir = `${plan.paths.k8sDir}/migration`;
  return {
    description: 'Run database migrations to completion before the new version takes traffic',
    run: [
      `(cd ${dir} && kustomize edit set image "${plan.image.placeholder}=\${IMAGE}")`,
      shCommand('kubectl', 'delete', 'job', job, '-n', plan.namespace, '--ignore-not-found'),
      shCommand('kubectl', 'apply', '-k', dir),
      shCommand('kubectl', 'wait', '--for=condition=complete', `job/${job}`, '-n', plan.namespace, `--timeout=${MIGRATION_MINUTES}m`),
    ].join('\n'),
    timeoutMinutes: MIGRATION_MINUTES,
  };
}

/**
 * Waiting for the new version, by strategy. A Deployment and a canary end Healthy or fail. A
 * blue-green Rollout with autoPromotionEnabled: false pauses once its preview is ready, and
 * `kubectl argo rollouts status` returns only on Healthy or Degraded (cmd/status/status.go): it
 * would wait out any timeout. So: wait until the rollout is Paused (preview ready), Healthy (a
 * first deploy is not paused) or Degraded; promote (a no-op unless paused; the controller
 * switches traffic only once the pre-promotion analysis succeeded); then wait for Healthy.
 */
function rolloutCommands(plan: Plan, workload: string): Pick<EnvironmentCommands, 'waitForRollout' | 'promote'> {
  const delivery = plan.features.progressiveDelivery;
  const argo = (...args: string[]) => shCommand('kubectl', 'argo', 'rollouts', ...args);
  if (delivery === 'none') {
    const minutes = ROLLOUT_MINUTES.rolling;
    return {
      waitForRollout: { description: 'Wait until every new pod is ready', run: shCommand('kubectl', 'rollout', 'status', workload, '-n', plan.namespace, `--timeout=${minutes}m`), timeoutMinutes: minutes },
    };
  }
  if (delivery === 'canary') {
    const minutes = ROLLOUT_MINUTES.canary;
    return {
      waitForRollout: { description: 'Wait until every canary step and analysis passed', run: argo('status', plan.name, '-n', plan.namespace, '--timeout', `${minutes}m`), timeoutMinutes: minutes },
    };
  }
  const { preview, promoted } = ROLLOUT_MINUTES.blueGreen;
  const promote: Command = { description: 'Switch traffic to the new version (after its pre-promotion analysis)', run: argo('promote', plan.name, '-n', plan.namespace) };
  const until = `until ${argo('status', plan.name, '-n', plan.namespace, '--watch=false')} | grep -qE "^(Paused|Healthy|Degraded)"; do sleep 10; done`;
  return {
    promote,
    waitForRollout: {
      description: 'Wait for the preview, promote it, and wait until the new version is healthy',
      run: [shCommand('timeout', `${preview}m`, 'sh', '-c', until), promote.run, argo('status', plan.name, '-n', plan.namespace, '--timeout', `${promoted}m`)].join('\n'),
      timeoutMinutes: preview + promoted,
    },
  };
}
