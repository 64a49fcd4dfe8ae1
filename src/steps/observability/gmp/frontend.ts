/**
 * GMP's query frontend (T2+): the Prometheus HTTP API of the project's Cloud Monitoring data,
 * which Argo Rollouts' analysis, the second region's gate (/api/v1/alerts, from the rule
 * evaluator) and a Grafana datasource query without credentials of their own. It queries as its
 * Kubernetes service account, which needs roles/monitoring.viewer (setup guide, stage 2).
 * Every cluster of the project writes there: the analysis selects the new pods by their hash,
 * the rules are scoped to their cluster by the evaluator.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { Plan } from '../../../plan/types.js';
import { projectOf } from '../../../platforms/cloud/gcp/project.js';
import { GMP_QUERY } from '../../../plan/conventions.js';

/** The frontend of the GMP release GKE runs today; Dependabot does not see it, upgrade it with GKE. */
export const FRONTEND_IMAGE = 'gke.gcr.io/prometheus-engine/frontend:v0.18.2-gke.1';

export function frontendManifests(plan: Pick<Plan, 'answers'>): unknown[] {
  const { namespace, service: name, port } = GMP_QUERY;
  const labels = { 'app.kubernetes.io/name': name };
  const metadata = { name, namespace, labels };
  const probe = (path: string) => ({ httpGet: { path, port: 'web' } });
  const ns: INamespace = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
  };
  const account: IServiceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata };
  const deployment: IDeployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: name,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name,
              image: FRONTEND_IMAGE,
              args: [`--web.listen-address=:${port}`, `--query.project-id=${projectOf(plan)}`],
              ports: [{ name: 'web', containerPort: port }],
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
              readinessProbe: probe('/-/ready'),
              livenessProbe: probe('/-/healthy'),
            },
          ],
        },
      },
    },
  };
  const service: IService = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: { selector: labels, ports: [{ name: 'web', port, targetPort: 'web' }] },
  };
  return [ns, account, deployment, service];
}
