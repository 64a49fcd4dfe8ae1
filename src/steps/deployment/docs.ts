import { NO_ENDPOINT } from '../../config/answers.js';
import { needsStartupProbe } from './workload.js';
import { serviceSecrets } from './config.js';
/** The rollback script and the strategy document, from one context. */
import type { VirtualFile } from '../../core/files.js';
import type { Plan } from '../../plan/types.js';
import { ciOf } from '../../platforms/registry.js';
import { renderTemplate } from '../../render/templates.js';
import { productionEnvironment } from './manifests.js';
import { baseDir } from './overlays.js';
import { rolloutServices } from './rollout.js';

function context(plan: Plan) {
  const production = productionEnvironment(plan);
  const commands = production ? plan.commands.perEnvironment[production.name] : undefined;
  const argo = plan.features.progressiveDelivery !== 'none';
  const targets = production?.targets ?? [];
  return {
    // CI/CD left out (answers skip): the document speaks of deploys run by hand.
    withCicd: !plan.answers.skip.includes('cicd'),
    rerunDeploy: ciOf(plan).guide.rerunDeploy?.(plan) ?? '',
    name: plan.name,
    workload: argo ? `rollout/${plan.name}` : `deployment/${plan.name}`,
    namespace: plan.namespace,
    // The rollback's own wait: the deploy job allows it after the rollout's (src/plan/timeouts.ts).
    timeout: `${commands?.rollback.timeoutMinutes ?? 5}m`,
    rolloutTimeout: `${commands?.waitForRollout.timeoutMinutes ?? 5}m`,
    promote: commands?.promote?.run ?? '',
    strategy: plan.strategy,
    rolling: plan.strategy === 'rolling',
    recreate: plan.strategy === 'recreate',
    argo,
    canary: plan.features.progressiveDelivery === 'canary',
    blueGreen: plan.features.progressiveDelivery === 'blue-green',
    services: rolloutServices(plan),
    scaleDownDelay: 600,
    analysisTemplate: plan.rollout.analysisTemplate,
    successRatio: plan.rollout.successRatio,
    ...plan.metrics,
    latencySeconds: plan.slo.latencySeconds,
    latencyObjective: plan.slo.latencyObjective,
    startup: needsStartupProbe(plan),
    // The probes that connect to the port because the app serves no route for them.
    tcpProbes: [plan.app.healthPath === NO_ENDPOINT ? 'liveness' : '', plan.app.readinessPath === NO_ENDPOINT ? 'readiness' : ''].filter(Boolean).join(' and '),
    min: production?.replicas.min ?? 2,
    max: production?.replicas.max ?? 6,
    kubeconfig: commands?.connect.run ?? '',
    rollbackScript: plan.paths.rollbackScript,
    deployWorkflow: plan.paths.deployWorkflow.split('/').at(-1) ?? plan.paths.deployWorkflow,
    overlays: plan.features.overlays,
    tracing: plan.features.tracing,
    base: baseDir(plan),
    environments: plan.environments.map((e) => ({ name: e.name, dir: e.kustomizeDir, ...e.replicas })),
    database: plan.database !== null,
    migrationDir: `${plan.paths.k8sDir}/migration`,
    migrateCommand: plan.database?.migrateCommand ?? [],
    secretName: plan.database?.secretName ?? '',
    databaseKeys: serviceSecrets(plan).filter((s) => s.source === 'rds').map((s) => s.key),
    multiRegion: plan.features.multiRegion && targets.length > 1,
    primaryRegion: targets[0]?.region ?? plan.region,
    secondaryRegion: targets[1]?.region ?? '',
    regionKubeconfigs: targets.map((t) => plan.commands.perTarget[t.id]?.connect.run ?? ''),
  };
}

export function docs(plan: Plan): VirtualFile[] {
  const values = context(plan);
  return [
    {
      path: plan.paths.rollbackScript,
      content: renderTemplate('deployment/rollback.sh', values),
      producer: 'deployment',
      summary: values.argo ? 'Aborts and undoes the Rollout, and waits for it' : 'Rolls the Deployment back and waits for it',
      executable: true,
    },
    {
      path: `${plan.paths.docsDir}/deployment-strategy.md`,
      content: renderTemplate('deployment/deployment-strategy.md', values),
      producer: 'deployment',
      summary: 'Deployment strategy and rollback procedure',
    },
  ];
}
