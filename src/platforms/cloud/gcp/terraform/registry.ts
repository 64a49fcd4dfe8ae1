/**
 * registry.tf: the environment's Artifact Registry repository. Tags are immutable (CI tags every
 * push with its run), old images are deleted once past the newest KEEP_IMAGES (enough to roll
 * back), and only the environment's deploy identity may push. From T2 the Container Scanning
 * API the bootstrap enables scans every pushed image.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, block, comment, expr } from '../../../../render/hcl.js';
import { KEEP_IMAGES, hclFile } from './shared.js';

export function registryTf(plan: Plan): VirtualFile {
  const repository = 'google_artifact_registry_repository.app';
  return hclFile(`${plan.paths.iacDir}/registry.tf`, 'Artifact Registry repository: immutable tags, cleanup, push by the deploy identity only', [
    block('resource', ['google_artifact_registry_repository', 'app'], [
      attr('repository_id', expr('split("/", var.image)[0]')),
      attr('location', expr('var.region')),
      attr('format', 'DOCKER'),
      block('docker_config', [], [attr('immutable_tags', true)]),
      comment('Policies only log what they would delete until dry run is off.'),
      attr('cleanup_policy_dry_run', false),
      block('cleanup_policies', [], [
        attr('id', 'keep-recent'),
        attr('action', 'KEEP'),
        block('most_recent_versions', [], [attr('keep_count', KEEP_IMAGES)]),
      ]),
      block('cleanup_policies', [], [
        attr('id', 'delete-older'),
        attr('action', 'DELETE'),
        block('condition', [], [attr('tag_state', 'ANY'), attr('older_than', '604800s')]),
      ]),
    ]),
    block('resource', ['google_artifact_registry_repository_iam_member', 'push'], [
      attr('location', expr(`${repository}.location`)),
      attr('repository', expr(`${repository}.name`)),
      attr('role', 'roles/artifactregistry.writer'),
      attr('member', expr('"serviceAccount:${var.deploy_service_account}"')),
    ]),
  ]);
}
