/**
 * The database migration Job (T3 with postgres), in a kustomize directory of its own: CI pins its
 * image, re-creates it and waits for it to complete before the new version takes traffic.
 */
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { DatabasePlan, Plan } from '../../plan/types.js';
import { serviceSecrets } from './config.js';
import { backingEgress, dnsEgress } from './network-policy.js';
import { CONTAINER_SECURITY_CONTEXT, podSecurityContext, resources } from './workload.js';

/**
 * Its own name label: the app's Service, PDB and NetworkPolicy select `app.kubernetes.io/name: <app>`,
 * and a migration pod must never receive traffic nor count as an app replica.
 */
function labels(db: DatabasePlan): Record<string, string> {
  return { 'app.kubernetes.io/name': db.migrationJob, 'app.kubernetes.io/component': 'migration' };
}

export function migrationJob(plan: Plan, db: DatabasePlan): IJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: db.migrationJob },
    spec: {
      // Two retries, ten minutes in all: a migration that cannot finish fails the deploy before any traffic moves.
      backoffLimit: 2,
      activeDeadlineSeconds: 600,
      // Kept a day for its logs; CI deletes it before the next run anyway.
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: labels(db) },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: db.migrationJob,
          automountServiceAccountToken: false,
          securityContext: podSecurityContext(plan),
          containers: [
            {
              name: 'migrate',
              image: plan.image.placeholder,
              command: db.migrateCommand,
              // The database's keys under the names the app reads (Spring's JDBC URL and credentials on Java).
              env: serviceSecrets(plan)
                .filter((s) => s.source === 'rds')
                .map((s) => ({ name: s.key, valueFrom: { secretKeyRef: { name: db.secretName, key: s.key } } })),
              resources: resources(plan),
              securityContext: CONTAINER_SECURITY_CONTEXT,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

/** Its own service account: on the very first deploy the Job runs before the app's manifests exist. */
export function migrationServiceAccount(db: DatabasePlan): IServiceAccount {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: db.migrationJob }, automountServiceAccountToken: false };
}

/** The namespace denies all traffic by default: the Job resolves names and reaches the database, nothing else. */
export function migrationPolicy(db: DatabasePlan, privateCidrs: readonly string[]): INetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: db.migrationJob },
    spec: {
      podSelector: { matchLabels: labels(db) },
      policyTypes: ['Ingress', 'Egress'],
      // The managed database at its private address on 5432 (the cloud adapter's ranges).
      egress: [dnsEgress(), ...backingEgress(['postgres'], privateCidrs)],
    },
  };
}
