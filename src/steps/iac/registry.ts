/** ecr.tf: the image repository CI pushes to, immutable and scanned. */
import type { VirtualFile } from '../../core/files.js';
import type { Plan } from '../../plan/types.js';
import { attr, blank, block, call, expr } from '../../render/hcl.js';
import { KEEP_IMAGES, hclFile } from './shared.js';

export function ecrTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.terraformDir}/ecr.tf`, 'ECR repository: immutable tags, scan on push, KMS, lifecycle', [
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
  ]);
}
