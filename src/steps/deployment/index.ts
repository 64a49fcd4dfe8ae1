/**
 * Deployment step: hardened manifests (flat at T1; a kustomize base with one overlay per
 * environment from T2, Argo Rollouts with analysis for canary and blue-green), the migration Job
 * (T3 with a database), a rollback script, the strategy document, and local orchestration.
 */
import type { VirtualFile } from '../../core/files.js';
import type { DatabasePlan, Plan } from '../../plan/types.js';
import { yamlDocuments, yamlFile } from '../../render/yaml.js';
import type { IService } from 'kubernetes-models/v1/Service';
import type { Step } from '../step.js';
import { extractDeployment } from './extract.js';
import { configMapGenerator, settings } from './config.js';
import { docs } from './docs.js';
import { localFiles } from './local.js';
import { ingress, ingressService, ingressServiceAnnotations, ingressSummary } from './ingress.js';
import { hpa, kustomization, namespace, pdb, service, serviceAccount } from './manifests.js';
import { cloudOf, targetOf } from '../../platforms/registry.js';
import { migrationJob, migrationPolicy, migrationServiceAccount } from './migration.js';
import { appPolicy, defaultDeny } from './network-policy.js';
import { baseDir, overlay } from './overlays.js';
import { analysisTemplate, argoServices, rollout } from './rollout.js';
import { deployment, selectorLabels } from './workload.js';

/** File name (without .yaml), its object or objects, and the summary line. */
type Manifest = [string, unknown, string];

function files(dir: string, manifests: Manifest[]): VirtualFile[] {
  return manifests.map(([name, value, summary]) => ({
    path: `${dir}/${name}.yaml`,
    content: Array.isArray(value) ? yamlDocuments(value) : yamlFile(value),
    producer: 'deployment',
    summary,
  }));
}

function kustomizationFile(dir: string, value: unknown, summary: string): VirtualFile {
  return { path: `${dir}/kustomization.yaml`, content: yamlFile(value), producer: 'deployment', summary };
}

function workloadManifests(plan: Plan): Manifest[] {
  const progressive = plan.features.progressiveDelivery;
  const workload: Manifest =
    progressive === 'none'
      ? ['deployment', deployment(plan), `Deployment (${plan.strategy}) with probes, limits and a restricted security context`]
      : ['rollout', rollout(plan), `Argo Rollout (${progressive}) with analysis, probes, limits and a restricted security context`];
  // The Service the Ingress sends to carries what the cluster's load balancer controller reads.
  const forIngress = (svc: IService): IService => {
    const annotations = ingressServiceAnnotations(plan);
    return svc.metadata?.name === ingressService(plan) && Object.keys(annotations).length ? { ...svc, metadata: { ...svc.metadata, annotations } } : svc;
  };
  const root = service(plan);
  const manifests: Manifest[] = [
    ['namespace', namespace(plan), 'Namespace enforcing the restricted Pod Security Standard'],
    ['serviceaccount', serviceAccount(plan), 'Service account without an API token'],
    workload,
    // With Argo, the kustomization no longer labels every object with the name the ServiceMonitor selects: only this Service carries it.
    ['service', forIngress(progressive === 'none' ? root : { ...root, metadata: { name: plan.name, labels: selectorLabels(plan) } }), 'ClusterIP Service on the named HTTP port'],
  ];
  if (progressive !== 'none') {
    manifests.push(['rollout-services', argoServices(plan).map(forIngress), 'Services Argo Rollouts points at the stable and the new pods']);
  }
  manifests.push(
    ['ingress', ingress(plan), ingressSummary(plan)],
    ['hpa', hpa(plan), 'HorizontalPodAutoscaler at 70% CPU'],
    ['pdb', pdb(plan), 'PodDisruptionBudget keeping one pod during drains'],
  );
  if (plan.features.overlays) manifests.push(['networkpolicy', [defaultDeny(), appPolicy(plan)], 'Default-deny NetworkPolicy and the app’s allowed traffic']);
  if (progressive !== 'none') manifests.push(['analysistemplate', analysisTemplate(plan), 'Prometheus analysis that promotes or aborts a rollout']);
  return manifests;
}

/** T1: every manifest in one directory, which CI applies. */
function flat(plan: Plan): VirtualFile[] {
  const dir = plan.paths.k8sDir;
  const manifests = workloadManifests(plan);
  return [
    kustomizationFile(dir, kustomization(plan, manifests.map(([name]) => `${name}.yaml`)), 'Kustomization CI applies and pins the image in'),
    ...files(dir, manifests),
  ];
}

/** From T2: a base, and an overlay per environment that CI pins the image in and applies. */
function layered(plan: Plan): VirtualFile[] {
  const dir = baseDir(plan);
  const manifests = workloadManifests(plan);
  const { 'app.kubernetes.io/name': _name, ...others } = plan.labels;
  const labels = plan.features.progressiveDelivery === 'none' ? plan.labels : { 'app.kubernetes.io/part-of': plan.name, ...others };
  return [
    kustomizationFile(dir, kustomization(plan, manifests.map(([name]) => `${name}.yaml`), labels, [configMapGenerator(plan, settings(plan))]), 'Kustomize base shared by every environment; the app\'s settings as a ConfigMap'),
    ...files(dir, manifests),
    ...plan.environments.map((env) =>
      kustomizationFile(env.kustomizeDir, overlay(plan, env), `Overlay for ${env.name}: CI pins the image here and applies it`),
    ),
  ];
}

/** The migration Job and its NetworkPolicy, applied and awaited by CI before the new version. */
function migration(plan: Plan, db: DatabasePlan): VirtualFile[] {
  const dir = `${plan.paths.k8sDir}/migration`;
  const manifests: Manifest[] = [
    ['serviceaccount', migrationServiceAccount(db), 'Service account of the migration Job, without an API token'],
    ['job', migrationJob(plan, db), 'Database migration Job, run to completion before each deploy'],
    ['networkpolicy', migrationPolicy(db, cloudOf(plan).kubernetes.privateCidrs), 'The migration Job reaches DNS and the database only'],
  ];
  return [
    kustomizationFile(dir, kustomization(plan, manifests.map(([name]) => `${name}.yaml`)), 'Kustomization CI pins the image in and applies before the deploy'),
    ...files(dir, manifests),
  ];
}

function render(plan: Plan): VirtualFile[] {
  // A target other than a cluster writes its workload, rollback script and strategy document itself.
  const own = targetOf(plan).workload;
  return [
    ...(own ? own(plan) : [...(plan.features.overlays ? layered(plan) : flat(plan)), ...(plan.database ? migration(plan, plan.database) : []), ...docs(plan)]),
    ...localFiles(plan),
  ];
}


export const deploymentStep: Step<'deployment'> = {
  id: 'deployment',
  title: 'deployment strategy',
  dependsOn: [],
  render,
  extract: (tree, plan) => (targetOf(plan).extractDeployment ?? extractDeployment)(tree, plan),
};
