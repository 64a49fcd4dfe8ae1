/**
 * The three documents the integration pass writes: setup guide, integration guide,
 * validation checklist. Everything in them comes from the plan and the facts read
 * back from the generated files, so the commands they quote are the ones CI runs.
 */
import { skippedSteps } from '../config/answers.js';
import type { VirtualFile } from '../core/files.js';
import { fromRoot } from '../plan/conventions.js';
import type { Command, EnvironmentCommands, Plan } from '../plan/types.js';
import { renderTemplate } from '../render/templates.js';
import { repositoryFiles } from '../steps/cicd/index.js';
import { configMapName, serviceSecrets } from '../steps/deployment/config.js';
import { helmCommands, prometheusValues } from '../steps/observability/backends.js';
import type { StackFacts } from '../steps/facts.js';

/** What a deploy runs after the image is pushed, in order (no observability step when it is left out). */
function deploySteps(c: EnvironmentCommands): Command[] {
  return [c.setImage, c.kubeconfig, ...(c.applyObservability ? [c.applyObservability] : []), c.applyManifests, c.waitForRollout];
}

/** By hand, every command runs in one shell: setImage's `cd` stays in a subshell, and migrations run before the workload. */
function manualSteps(c: EnvironmentCommands): Command[] {
  return [
    { ...c.setImage, run: `(${c.setImage.run})` },
    ...deploySteps(c).slice(1, -2),
    ...(c.runMigrations ? [c.runMigrations] : []),
    c.applyManifests,
    c.waitForRollout,
  ];
}

function guideContext(plan: Plan, facts: StackFacts): object {
  const production = plan.environments.find((e) => e.isProduction) ?? plan.environments[0]!;
  const prodCommands = plan.commands.perEnvironment[production.name]!;
  const skipped = skippedSteps(plan.answers);
  return {
    withCicd: !skipped.includes('cicd'),
    withObservability: !skipped.includes('observability'),
    name: plan.name,
    repository: plan.repository,
    clusterAdmins: plan.answers.clusterAdmins,
    namespace: plan.namespace,
    answersFile: plan.paths.answers,
    stateBucket: plan.terraform.stateBucket,
    terraformDir: plan.paths.terraformDir,
    k8sDir: plan.paths.k8sDir,
    observabilityDir: plan.paths.observabilityDir,
    ciWorkflow: fromRoot(plan.location, plan.paths.ciWorkflow),
    deployWorkflow: fromRoot(plan.location, plan.paths.deployWorkflow),
    deployWorkflowName: plan.paths.deployWorkflow.split('/').pop(),
    rollbackScript: plan.paths.rollbackScript,
    imageRepository: plan.image.repository,
    roleArnVariable: plan.roleArnVariable,
    productionEnvironment: production.name,
    ...plan.app,
    metrics: plan.metrics,
    bootstrap: plan.commands.bootstrap,
    importOidcProvider: plan.commands.importOidcProvider,
    environments: plan.environments.map((env) => ({ ...env, commands: plan.commands.perEnvironment[env.name] })),
    targets: plan.environments.flatMap((env) =>
      env.targets.map((t) => ({ ...t, commands: plan.commands.perTarget[t.id], manualSteps: manualSteps(plan.commands.perTarget[t.id]!) })),
    ),
    firstTarget: { ...plan.environments[0]!.targets[0]!, commands: plan.commands.perTarget[plan.environments[0]!.targets[0]!.id] },
    domain: plan.answers.domain,
    multipleTargets: plan.environments.flatMap((e) => e.targets).length > 1,
    environmentOrder: plan.environments.map((e) => e.name).join(' → '),
    features: plan.features,
    progressive: plan.features.progressiveDelivery !== 'none',
    regionOrder: plan.regions.join(' → '),
    firstEnvironment: plan.environments[0]!.name,
    rollout: plan.rollout,
    slo: plan.slo,
    tracing: plan.tracing,
    policyDir: plan.paths.policyDir,
    database: plan.database,
    namespaceManifest: `${plan.paths.k8sDir}/${plan.features.overlays ? 'base/' : ''}namespace.yaml`,
    tracingNamespace: plan.tracing.collectorNamespace,
    tracingService: plan.tracing.collectorService,
    applyObservability: prodCommands.applyObservability?.run,
    helmCommands: helmCommands(plan),
    configMap: configMapName(plan),
    appSecrets: serviceSecrets(plan),
    ownSecrets: serviceSecrets(plan).filter((s) => s.source === 'yours'),
    prometheusRetention: prometheusValues(plan).prometheus.prometheusSpec.retention,
    // The check after a deploy: the last wait (with blue-green, the one after promotion).
    waitForRollout: prodCommands.waitForRollout.run.split('\n').at(-1),
    deploySteps: deploySteps(prodCommands),
    directory: plan.location.directory,
    repositoryFiles: repositoryFiles(plan),
    needs: facts.cicd.needs.map((need) => ({
      ...need,
      file: fromRoot(plan.location, need.file),
      environment: need.scope.type === 'environment' ? need.scope.environment : undefined,
    })),
  };
}

export function renderGuides(plan: Plan, facts: StackFacts): VirtualFile[] {
  const context = guideContext(plan, facts);
  const doc = (file: string, summary: string): VirtualFile => ({
    path: `${plan.paths.docsDir}/${file}`,
    content: renderTemplate(`integration/${file}`, context),
    producer: 'integration',
    summary,
  });
  const skipped = skippedSteps(plan.answers);
  const stages = [
    'provision',
    skipped.includes('observability') ? 'prepare the cluster' : 'observe',
    ...(skipped.includes('cicd') ? ['deploy by hand'] : ['configure CI/CD', 'first deploy']),
  ];
  return [
    doc('setup-guide.md', `Setup guide: ${stages.join(', ')}, with a check per stage`),
    doc(
      'integration-guide.md',
      skipped.length ? `How the generated steps connect (${skipped.join(' and ')} left out)` : 'How CI, IaC, deployment and observability connect; every secret and variable',
    ),
    doc('validation-checklist.md', 'Checklist to validate the stack stage by stage'),
  ];
}
