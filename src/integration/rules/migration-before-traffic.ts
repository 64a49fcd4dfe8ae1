import type { ConsistencyRule } from '../rule.js';

/**
 * With a migration Job, every deploy runs it to completion before the new version's
 * workload is applied: old and new code must both work on the migrated schema (expand first).
 */
export const migrationBeforeTraffic: ConsistencyRule = {
  id: 'migration-before-traffic',
  description: 'A database migration Job runs to completion before the new version takes traffic.',
  needs: ['cicd', 'deployment'],
  check({ facts }) {
    const job = facts.deployment.migrationJob;
    if (!job) return [];
    return facts.cicd.deploys.flatMap((deploy) => {
      const workloadDir = facts.deployment.environments.find((e) => e.environment === deploy.environment)?.kustomizeDir ?? facts.deployment.kustomizeDir;
      const waited = deploy.commands.findIndex((c) => c.includes('--for=condition=complete') && c.includes(`job/${job.name}`));
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
