/** ecr.tf: the image repository CI pushes to, immutable and scanned. */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, blank, block, call, comment, expr } from '../../../../render/hcl.js';
import { KEEP_IMAGES, hclFile } from './shared.js';

export function ecrTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/ecr.tf`, 'ECR repository: immutable tags, scan on push, KMS, lifecycle', [
    block('resource', ['aws_ecr_repository', 'app'], [
      attr('name', expr('var.ecr_repository_name')),
      attr('image_tag_mutability', 'IMMUTABLE'),
      blank(),
      block('image_scanning_configuration', [], [attr('scan_on_push', true)]),
      blank(),
      block('encryption_configuration', [], [attr('encryption_type', 'KMS')]),
    ]),
    block('resource', ['aws_ecr_lifecycle_policy', 'app'], [
      attr('repository', expr('aws_ecr_repository.app.name')),
      attr('policy', call('jsonencode', {
        rules: [{
          rulePriority: 1,
          description: `Keep the last ${KEEP_IMAGES} images`,
          selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: KEEP_IMAGES },
          action: { type: 'expire' },
        }],
      })),
    ]),
    plan.features.multiRegion &&
      block('resource', ['aws_ecr_replication_configuration', 'app'], [
        comment('One configuration per account and region: only the primary production stack sets the regions.'),
        comment('The second region\'s stack creates the same repository first, so replicas keep its settings.'),
        attr('count', expr('length(var.ecr_replication_regions) > 0 ? 1 : 0')),
        blank(),
        block('replication_configuration', [], [
          block('rule', [], [
            block('dynamic', ['destination'], [
              attr('for_each', expr('var.ecr_replication_regions')),
              block('content', [], [
                attr('region', expr('destination.value')),
                attr('registry_id', expr('data.aws_caller_identity.current.account_id')),
              ]),
            ]),
            block('repository_filter', [], [
              attr('filter', expr('aws_ecr_repository.app.name')),
              attr('filter_type', 'PREFIX_MATCH'),
            ]),
          ]),
        ]),
      ]),
  ]);
}
