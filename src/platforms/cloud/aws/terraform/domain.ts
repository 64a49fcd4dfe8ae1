/**
 * domain.tf (answers `domain` only): what the way in needs from AWS beside the ALB. The ALB is
 * created by the AWS Load Balancer Controller from the Ingress, so its DNS name exists only after
 * the first deploy: Terraform cannot point a record at it on the first apply. So:
 * - the ACM certificate of the environment's host, DNS-validated in the hosted zone (found by
 *   name), which the controller finds by the Ingress's host (certificate discovery);
 * - the Pod Identity role of ExternalDNS (installed by the setup guide), which creates the alias
 *   record of the host once the ALB exists, allowed to change records in that zone only.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, blank, block, comment, expr } from '../../../../render/hcl.js';
import { VERSIONS, boundary, hclFile } from './shared.js';

export const EXTERNAL_DNS = { suffix: 'dns', namespace: 'external-dns', serviceAccount: 'external-dns' } as const;

export const servesDomain = (plan: Pick<Plan, 'answers'>): boolean => Boolean(plan.answers.domain);

export function domainTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/domain.tf`, "The host's ACM certificate (DNS-validated) and ExternalDNS's Route 53 role", [
    block('data', ['aws_route53_zone', 'app'], [
      attr('name', expr('var.hosted_zone')),
      attr('private_zone', false),
    ]),
    blank(),
    block('resource', ['aws_acm_certificate', 'app'], [
      attr('domain_name', expr('var.app_host')),
      attr('validation_method', 'DNS'),
      blank(),
      block('lifecycle', [], [attr('create_before_destroy', true)]),
    ]),
    blank(),
    // The validation record of a host is the same in every region: the second region's
    // certificate finds the primary's record there (allow_overwrite), not a conflict.
    block('resource', ['aws_route53_record', 'app_validation'], [
      attr('for_each', expr('{ for o in aws_acm_certificate.app.domain_validation_options : o.domain_name => o }')),
      blank(),
      attr('zone_id', expr('data.aws_route53_zone.app.zone_id')),
      attr('name', expr('each.value.resource_record_name')),
      attr('type', expr('each.value.resource_record_type')),
      attr('records', expr('[each.value.resource_record_value]')),
      attr('ttl', 300),
      attr('allow_overwrite', true),
    ]),
    blank(),
    block('resource', ['aws_acm_certificate_validation', 'app'], [
      comment('Waits until ACM has issued it: the controller only finds issued certificates.'),
      attr('certificate_arn', expr('aws_acm_certificate.app.arn')),
      attr('validation_record_fqdns', expr('[for r in aws_route53_record.app_validation : r.fqdn]')),
    ]),
    blank(),
    block('module', ['external_dns_identity'], [
      attr('source', 'terraform-aws-modules/eks-pod-identity/aws'),
      attr('version', VERSIONS.podIdentityModule),
      blank(),
      attr('name', expr(`"\${var.cluster_name}-${EXTERNAL_DNS.suffix}"`)),
      attr('use_name_prefix', false),
      boundary(plan, 'permissions_boundary_arn'),
      attr('attach_external_dns_policy', true),
      attr('external_dns_policy_name', expr(`"\${var.cluster_name}-${EXTERNAL_DNS.suffix}"`)),
      attr('external_dns_hosted_zone_arns', expr('[data.aws_route53_zone.app.arn]')),
      attr('associations', {
        controller: { cluster_name: expr('module.eks.cluster_name'), namespace: EXTERNAL_DNS.namespace, service_account: EXTERNAL_DNS.serviceAccount },
      }),
    ]),
  ]);
}
