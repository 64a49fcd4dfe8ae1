/**
 * app-identity.tf: the app's AWS identity through EKS Pod Identity (no IRSA, no node
 * credentials). The role trusts only the Pod Identity agent and is bound to one
 * ServiceAccount; it gets permissions only for what the app uses.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, block, call, comment, expr } from '../../../../render/hcl.js';
import { dbRef } from './database.js';
import { allow, hclFile } from './shared.js';

export function appIdentityTf(plan: Plan): VirtualFile {
  const db = plan.features.database;
  return hclFile(`${plan.paths.iacDir}/app-identity.tf`, "The app's IAM role, bound to its ServiceAccount by EKS Pod Identity", [
    block('resource', ['aws_iam_role', 'app'], [
      attr('name', expr('"${var.cluster_name}-app"')),
      attr('permissions_boundary', expr('local.permissions_boundary')),
      attr('assume_role_policy', call('jsonencode', {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        }],
      })),
    ]),
    block('resource', ['aws_eks_pod_identity_association', 'app'], [
      attr('cluster_name', expr('module.eks.cluster_name')),
      attr('namespace', plan.namespace),
      attr('service_account', plan.name),
      attr('role_arn', expr('aws_iam_role.app.arn')),
    ]),
    db &&
      block('resource', ['aws_iam_role_policy', 'app_db_secret'], [
        comment('Read of the RDS-managed master secret only (the app builds DATABASE_URL from it), under its key.'),
        plan.features.multiRegion && attr('count', expr('local.create_database')),
        attr('name', 'read-db-secret'),
        attr('role', expr('aws_iam_role.app.id')),
        attr('policy', call('jsonencode', {
          Version: '2012-10-17',
          Statement: [
            allow(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], expr(dbRef(plan, 'master_user_secret[0].secret_arn', true))),
            allow('kms:Decrypt', expr('aws_kms_key.db.arn')),
          ],
        })),
      ]),
  ]);
}
