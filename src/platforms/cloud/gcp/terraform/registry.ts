/**
 * Each deploy target's Artifact Registry repository, created by the bootstrap: Artifact Registry
 * reads no resource names in IAM Conditions, so an identity that may create repositories may
 * change every repository of the project; created here, no environment's Terraform needs a
 * registry role. Tags are immutable (CI tags every push with its run), old images are deleted
 * once past the newest KEEP_IMAGES (enough to roll back), and only the environment's deploy
 * identity may push. From T2 the Container Scanning API the bootstrap enables scans every push.
 *
 * registry.tf in the root stack only forgets the repository an earlier version created there,
 * without deleting its images (the bootstrap then imports it: the guide's upgrade note).
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { type HclObject, attr, block, comment, expr } from '../../../../render/hcl.js';
import { projectOf } from '../project.js';
import { KEEP_IMAGES, hclFile } from './shared.js';

/**
 * Per deploy target: its repository id (ids are per region: a second region reuses its
 * environment's), region, and the deploy identity that pushes to it (bootstrap locals).
 */
function repositories(plan: Plan): HclObject {
  const entries = plan.environments.flatMap((env) =>
    env.targets.map((t) => [t.id, { id: t.registryRepository.split('/')[0]!, region: t.region, environment: env.name, account: `${env.name}-deploy` }] as const),
  );
  return Object.fromEntries(entries);
}

export function bootstrapRegistries(plan: Plan) {
  const repository = 'google_artifact_registry_repository.app[each.key]';
  return [
    block('locals', [], [attr('repositories', repositories(plan))]),
    block('resource', ['google_artifact_registry_repository', 'app'], [
      attr('for_each', expr('local.repositories')),
      attr('repository_id', expr('each.value.id')),
      attr('location', expr('each.value.region')),
      attr('format', 'DOCKER'),
      attr('labels', { environment: expr('each.value.environment') }),
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
      attr('depends_on', [expr('google_project_service.apis')]),
    ]),
    block('resource', ['google_artifact_registry_repository_iam_member', 'push'], [
      attr('for_each', expr('local.repositories')),
      attr('location', expr(`${repository}.location`)),
      attr('repository', expr(`${repository}.name`)),
      attr('role', 'roles/artifactregistry.writer'),
      attr('member', expr('google_service_account.ci[each.value.account].member')),
    ]),
  ];
}

export function registryTf(plan: Plan): VirtualFile {
  const project = projectOf(plan);
  const imports = plan.environments.flatMap((env) =>
    env.targets.map((t) => `terraform import 'google_artifact_registry_repository.app["${t.id}"]' projects/${project}/locations/${t.region}/repositories/${t.registryRepository.split('/')[0]!}`),
  );
  const header = [
    "The image repositories are the bootstrap's. A stack whose earlier version created them here:",
    `apply this first (Terraform forgets them, images kept), then in ${plan.paths.bootstrapDir}:`,
    ...imports,
  ].join('\n');
  return hclFile(`${plan.paths.iacDir}/registry.tf`, 'Repository moved to the bootstrap: forget the old one, keep its images', [
    block('removed', [], [attr('from', expr('google_artifact_registry_repository.app')), block('lifecycle', [], [attr('destroy', false)])]),
    block('removed', [], [attr('from', expr('google_artifact_registry_repository_iam_member.push')), block('lifecycle', [], [attr('destroy', false)])]),
  ], header);
}
