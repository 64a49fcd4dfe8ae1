import type { ConsistencyRule } from '../rule.js';

/**
 * With a migration Job, every deploy to a target with a database runs it to completion before
 * the new version's workload is applied: old and new code must both work on the migrated schema
 * (expand first). A target without a database of its own (a second region keeping backups) must
 * not run it: there is nothing there to migrate.
 */
export const migrationBeforeTraffic: ConsistencyRule = {
  id: 'migration-before-traffic',
  description: 'A database migration Job runs to completion before the new version takes traffic.',
  needs: ['cicd', 'deployment', 'iac'],
  check({ facts }) {
    const job = facts.deployment.migrationJob;
    if (!job) return [];
    return facts.cicd.deploys.flatMap((deploy) => {
      const waited = deploy.commands.findIndex((c) => c.includes('--for=condition=complete') && c.includes(`job/${job.name}`));
      const target = facts.iac.environments.find((e) => e.targetId === (deploy.targetId || deploy.environment));
      if (target && !target.database) {
        return waited === -1 ? [] : [{
          message: `${deploy.file} runs the migration Job ${job.name} in ${target.targetId}, where ${target.file} creates no database`,
          files: [deploy.file, target.file],
          remedy: 'Remove the migration step from that target\'s deploy, or re-run the generator.',
        }];
      }
      const workloadDir = facts.deployment.environments.find((e) => e.environment === deploy.environment)?.kustomizeDir ?? facts.deployment.kustomizeDir;
      const appliesWorkload = new RegExp(`kubectl apply -k ${workloadDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`);
      const applied = deploy.commands.findIndex((c) => appliesWorkload.test(c));
      if (waited !== -1 && applied !== -1 && waited < applied) return [];
      return [{
        message:
          waited === -1
            ? `${deploy.file} deploys ${deploy.targetId || deploy.environment} without waiting for the migration Job ${job.name} (${job.file})`
            : `${deploy.file} applies ${workloadDir} before the migration Job ${job.name} has completed`,
        files: [deploy.file, job.file],
        remedy: `Run the migration step (kubectl wait --for=condition=complete job/${job.name}) before \`kubectl apply -k ${workloadDir}\`.`,
      }];
    });
  },
};
