/**
 * The three documents the integration pass writes: setup guide, integration guide,
 * validation checklist. Everything in them comes from the plan and the facts read
 * back from the generated files, so the commands they quote are the ones CI runs.
 */
import { skippedSteps } from '../config/answers.js';
import type { VirtualFile } from '../core/files.js';
import { fromRoot, httpCheckPath } from '../plan/conventions.js';
import type { Command, EnvironmentCommands, Plan } from '../plan/types.js';
import { hasTemplate, renderTemplate } from '../render/templates.js';
import { ciOf, cloudOf, iacOf, targetOf } from '../platforms/registry.js';
import { configMapName } from '../steps/deployment/config.js';
import { secretsContext } from './secrets-context.js';
import { helmCommands, prometheusValues } from '../steps/observability/backends.js';
import type { StackFacts } from '../steps/facts.js';
import { stackDiagram } from './diagram.js';
import { settingsPlace } from './settings-place.js';

/** What a deploy runs after the image is pushed, in order (no observability step when it is left out). */
function deploySteps(c: EnvironmentCommands): Command[] {
  return [c.setImage, c.connect, ...(c.applyObservability ? [c.applyObservability] : []), c.applyManifests, c.waitForRollout];
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

/** The guide sections every platform may contribute, each found at templates/<kind>/<id>/<section>.md.hbs. */
const SECTIONS = ['bootstrap', 'lock', 'prepare', 'database', 'secrets', 'configure', 'first-deploy', 'by-hand', 'final-check', 'shared-files'] as const;

/** Each section from whichever adapter has a template for it (CI, cloud, IaC tool, target), without its final newlines. */
function sections(plan: Plan, context: object): Record<string, string> {
  // The target's part of a section comes before the cloud's (preparing a cluster, then the cloud's notes on it).
  const adapters = [`ci/${plan.platforms.ci}`, `target/${plan.platforms.target}`, `cloud/${plan.platforms.cloud}`, `iac/${plan.platforms.iac}`];
  const camel = (s: string) => s.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
  return Object.fromEntries(
    SECTIONS.map((section) => {
      const text = adapters
        .filter((a) => hasTemplate(`${a}/${section}.md`))
        .map((a) => renderTemplate(`${a}/${section}.md`, context).replace(/\n+$/, ''))
        .filter(Boolean)
        .join('\n\n');
      return [camel(section), text];
    }),
  );
}

function guideContext(plan: Plan, facts: StackFacts): Record<string, unknown> {
  const production = plan.environments.find((e) => e.isProduction) ?? plan.environments[0]!;
  const prodCommands = plan.commands.perEnvironment[production.name]!;
  const skipped = skippedSteps(plan.answers);
  const [ci, cloud, iac, target] = [ciOf(plan), cloudOf(plan), iacOf(plan), targetOf(plan)];
  const withCicd = !skipped.includes('cicd');
  return {
    withCicd,
    withObservability: !skipped.includes('observability'),
    // kube-prometheus-stack to install, or the cloud's managed collection (GKE: nothing to install).
    prometheusOperator: !skipped.includes('observability') && cloud.kubernetes.monitoring === 'prometheus-operator',
    name: plan.name,
    repository: plan.repository,
    repositoryIds: plan.answers.repositoryIds ?? null,
    clusterAdmins: plan.answers.clusterAdmins,
    namespace: plan.namespace,
    answersFile: plan.paths.answers,
    stateBucket: plan.stateStore,
    iacDir: plan.paths.iacDir,
    terraformDir: plan.paths.iacDir,
    k8sDir: plan.paths.k8sDir,
    observabilityDir: plan.paths.observabilityDir,
    ciWorkflow: fromRoot(plan.location, plan.paths.ciWorkflow),
    deployWorkflow: fromRoot(plan.location, plan.paths.deployWorkflow),
    deployWorkflowName: plan.paths.deployWorkflow.split('/').pop(),
    rollbackScript: plan.paths.rollbackScript,
    imageRepository: [...new Set(plan.environments.flatMap((e) => e.targets.map((t) => t.registryRepository)))].join('`, `'),
    // The identity variables CI really reads (T1 has no Terraform job, so no infrastructure role's).
    identityVariableNames: Object.values(plan.identityVariables).filter((name) => facts.cicd.needs.some((n) => n.name === name)),
    productionEnvironment: production.name,
    deployBranch: plan.answers.branch,
    ciTitle: ci.title,
    ciJobs: ci.guide.jobs?.(plan) ?? { infrastructure: 'terraform-<env>', deploy: 'deploy-<env>' },
    approvalNoun: ci.guide.approval?.(plan) ?? 'its reviewers',
    iacTitle: iac.title,
    identityNoun: cloud.nouns.identity,
    registryNoun: cloud.nouns.registry,
    stateNoun: cloud.nouns.state,
    runtimeNoun: target.nouns.runtime,
    // A cluster (kubectl, manifests, Prometheus), or a target with its own runtime facts (`runtime`).
    cluster: plan.platforms.target === 'kubernetes',
    runtime: target.guideContext?.(plan) ?? {},
    prerequisites: [
      ...cloud.guide.prerequisites(plan),
      [...iac.guide.tools(plan), ...cloud.guide.tools(plan), ...target.guide.tools(plan), ...(withCicd ? ci.guide.tools(plan) : [])].join(', '),
      ...(withCicd ? ci.guide.prerequisites(plan) : []),
      ...target.guide.prerequisites(plan),
    ],
    iacChecks: iac.checklist(plan),
    verifyAttestation: ci.verifyAttestation?.(plan) ?? '',
    cloud: cloud.guideContext?.(plan) ?? {},
    ci: ci.guideContext?.(plan) ?? {},
    clusterAddons: cloud.guide.clusterAddons?.(plan) ?? [],
    ...plan.app,
    checkPath: httpCheckPath(plan.app),
    metrics: plan.metrics,
    bootstrap: plan.commands.bootstrap,
    environments: plan.environments.map((env) => ({ ...env, commands: plan.commands.perEnvironment[env.name] })),
    targets: plan.environments.flatMap((env) =>
      env.targets.map((t) => ({ ...t, check: target.check?.(t, plan) ?? cloud.guide.check(t), commands: plan.commands.perTarget[t.id], manualSteps: manualSteps(plan.commands.perTarget[t.id]!) })),
    ),
    firstTarget: { ...plan.environments[0]!.targets[0]!, commands: plan.commands.perTarget[plan.environments[0]!.targets[0]!.id] },
    domain: plan.answers.domain,
    multipleTargets: plan.environments.flatMap((e) => e.targets).length > 1,
    environmentOrder: plan.environments.map((e) => e.name).join(' → '),
    diagram: stackDiagram(plan) ?? '',
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
    ...secretsContext(plan),
    prometheusRetention: prometheusValues(plan).prometheus.prometheusSpec.retention,
    // The check after a deploy: the last wait (with blue-green, the one after promotion).
    waitForRollout: prodCommands.waitForRollout.run.split('\n').at(-1),
    deploySteps: deploySteps(prodCommands),
    directory: plan.location.directory,
    repositoryFiles: ci.repositoryFiles?.(plan),
    needs: facts.cicd.needs.map((need) => ({
      ...need,
      file: fromRoot(plan.location, need.file),
      environment: need.scope.type === 'environment' ? need.scope.environment : undefined,
      settingsIn: settingsPlace(plan, need.scope),
    })),
  };
}

export function renderGuides(plan: Plan, facts: StackFacts): VirtualFile[] {
  const base = guideContext(plan, facts);
  const context = { ...base, sections: sections(plan, base) };
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
