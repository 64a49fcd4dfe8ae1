/** Deployment step (T1): hardened manifests under one kustomization, a rollback script, the strategy document. */
import type { VirtualFile } from '../../core/files.js';
import type { Plan } from '../../plan/types.js';
import { GENERATED_HEADER, yamlFile } from '../../render/yaml.js';
import { renderTemplate } from '../../render/templates.js';
import type { Step } from '../step.js';
import { extractDeployment } from './extract.js';
import { hpa, kustomization, namespace, pdb, productionEnvironment, service, serviceAccount } from './manifests.js';
import { deployment } from './workload.js';

function manifests(plan: Plan): VirtualFile[] {
  const objects: [string, unknown, string][] = [
    ['namespace', namespace(plan), 'Namespace enforcing the restricted Pod Security Standard'],
    ['serviceaccount', serviceAccount(plan), 'Service account without an API token'],
    ['deployment', deployment(plan), `Deployment (${plan.strategy}) with probes, limits and a restricted security context`],
    ['service', service(plan), 'ClusterIP Service on the named HTTP port'],
    ['hpa', hpa(plan), 'HorizontalPodAutoscaler at 70% CPU'],
    ['pdb', pdb(plan), 'PodDisruptionBudget keeping one pod during drains'],
  ];
  const dir = plan.paths.k8sDir;
  const files = objects.map(([name, value, summary]): VirtualFile => ({
    path: `${dir}/${name}.yaml`,
    content: yamlFile(value),
    producer: 'deployment',
    summary,
  }));
  const resources = objects.map(([name]) => `${name}.yaml`);
  return [
    {
      path: `${dir}/kustomization.yaml`,
      content: yamlFile(kustomization(plan, resources)),
      producer: 'deployment',
      summary: 'Kustomization CI applies and pins the image in',
    },
    ...files,
  ];
}

function render(plan: Plan): VirtualFile[] {
  const production = productionEnvironment(plan);
  const commands = production ? plan.commands.perEnvironment[production.name] : undefined;
  const context = {
    header: GENERATED_HEADER,
    workload: `deployment/${plan.name}`,
    namespace: plan.namespace,
    // The rollback waits as long as CI waits for a rollout.
    timeout: /--timeout=(\S+)/.exec(commands?.waitForRollout.run ?? '')?.[1] ?? '5m',
    strategy: plan.strategy,
    rolling: plan.strategy === 'rolling',
    healthPath: plan.app.healthPath,
    readinessPath: plan.app.readinessPath,
    min: production?.replicas.min ?? 2,
    max: production?.replicas.max ?? 6,
    kubeconfig: commands?.kubeconfig.run ?? '',
    rollbackScript: plan.paths.rollbackScript,
    deployWorkflow: plan.paths.deployWorkflow.split('/').at(-1) ?? plan.paths.deployWorkflow,
  };
  return [
    ...manifests(plan),
    {
      path: plan.paths.rollbackScript,
      content: renderTemplate('deployment/rollback.sh', context),
      producer: 'deployment',
      summary: 'Rolls the Deployment back and waits for it',
      executable: true,
    },
    {
      path: `${plan.paths.docsDir}/deployment-strategy.md`,
      content: renderTemplate('deployment/deployment-strategy.md', context),
      producer: 'deployment',
      summary: 'Deployment strategy and rollback procedure',
    },
  ];
}

export const deploymentStep: Step<'deployment'> = {
  id: 'deployment',
  title: 'deployment strategy',
  dependsOn: [],
  render,
  extract: extractDeployment,
};
