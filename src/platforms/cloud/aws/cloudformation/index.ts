/**
 * AWS with CloudFormation: the bootstrap template (deployed once by an administrator), the
 * platform template with one parameter file per deploy target, the change-set script CI (and a
 * person at T1) deploys them with, and what an EKS Auto Mode cluster needs in Kubernetes before
 * the app's manifests (the `alb` IngressClass, a default StorageClass, NetworkPolicy enforcement).
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { yamlDocuments } from '../../../../render/yaml.js';
import { renderTemplate } from '../../../../render/templates.js';
import { needsVolumes } from '../terraform/addons.js';
import { bootstrapParameterFiles, bootstrapTemplate } from './bootstrap.js';
import { parameterFile } from './cfn.js';
import { STATEFUL, platformTemplate } from './platform.js';

export const CFN_FILES = { bootstrap: 'bootstrap.yaml', platform: 'platform.yaml', script: 'change-set.sh' } as const;
/** The Kubernetes objects an Auto Mode cluster needs before the app's (applied once per cluster). */
export const AUTO_MODE_SETUP = 'deploy/cluster/auto-mode.yaml';
export const platformParameters = (targetId: string): string => `platform.${targetId}.json`;

function autoModeSetup(plan: Plan): VirtualFile {
  const objects: object[] = [
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'alb' }, spec: { controller: 'eks.amazonaws.com/alb' } },
    ...(needsVolumes(plan)
      ? [{
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
          provisioner: 'ebs.csi.eks.amazonaws.com',
          volumeBindingMode: 'WaitForFirstConsumer',
          parameters: { type: 'gp3', encrypted: 'true' },
        }]
      : []),
    // Auto Mode enforces NetworkPolicies once its controller is switched on.
    ...(plan.features.overlays
      ? [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'amazon-vpc-cni', namespace: 'kube-system' }, data: { 'enable-network-policy-controller': 'true' } }]
      : []),
  ];
  return { path: AUTO_MODE_SETUP, content: yamlDocuments(objects), producer: 'iac', summary: "What EKS Auto Mode needs before the app: the alb IngressClass" };
}

export function awsCloudFormation(plan: Plan): VirtualFile[] {
  const dir = plan.paths.iacDir;
  return [
    bootstrapTemplate(plan, `${dir}/${CFN_FILES.bootstrap}`),
    ...bootstrapParameterFiles(plan, dir),
    platformTemplate(plan, `${dir}/${CFN_FILES.platform}`),
    ...plan.environments.flatMap((env) =>
      env.targets.map((t) =>
        parameterFile(`${dir}/${platformParameters(t.id)}`, `Parameters of ${t.id}'s platform stack`, {
          Environment: env.name,
          Region: t.region,
          ClusterName: t.clusterName,
          RepositoryName: t.registryRepository,
        }),
      ),
    ),
    {
      path: `${dir}/${CFN_FILES.script}`,
      content: renderTemplate('iac/cloudformation/change-set.sh', { project: plan.name, stateful: STATEFUL.join(' ') }),
      producer: 'iac',
      summary: 'Deploys a stack by change set: shows it, refuses replacing the cluster or registry, executes, waits',
      executable: true,
    },
    autoModeSetup(plan),
  ];
}
