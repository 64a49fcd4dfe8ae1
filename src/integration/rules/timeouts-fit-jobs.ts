import { UNTIMED_STEPS_MINUTES, commandMinutes } from '../../plan/timeouts.js';
import type { ConsistencyRule } from '../rule.js';

/**
 * A job cancelled at its timeout-minutes runs no failure handling: GitHub does not run an
 * `if: failure()` step of a cancelled job. A rollout wait of 30 minutes in a 30-minute job is
 * cancelled, the rollback never runs and the rollout stays paused. Every job must allow all its
 * waits, then all the waits of its failure handling, and a margin for the steps that do not wait.
 */
export const timeoutsFitJobs: ConsistencyRule = {
  id: 'timeouts-fit-jobs',
  description: "Every long-running command's timeout, and its failure handling's, fit in its job's timeout with a margin.",
  needs: ['cicd', 'deployment'],
  check({ facts }) {
    const rollback = facts.deployment.rollback;
    // A script's wait is the one it states inside (the rollback script).
    const minutes = (line: string): number => (rollback && line.split(/\s+/)[0]!.replace(/^\.\//, '') === rollback.file ? rollback.timeoutMinutes : commandMinutes(line));
    const seen = new Set<string>();
    return facts.cicd.deploys.flatMap((deploy) =>
      deploy.jobs.flatMap((job) => {
        const key = `${deploy.file}|${job.id}`;
        if (seen.has(key)) return [];
        seen.add(key);
        const waits = job.commands.map(minutes).reduce((a, b) => a + b, 0);
        const handling = job.onFailure.map(minutes).reduce((a, b) => a + b, 0);
        if (waits === 0 || waits + handling + UNTIMED_STEPS_MINUTES <= job.timeoutMinutes) return [];
        const longest = job.commands.reduce((a, b) => (minutes(b) > minutes(a) ? b : a));
        const usesRollback = rollback && job.onFailure.some((l) => minutes(l) === rollback.timeoutMinutes && l.includes(rollback.file));
        return [{
          message: `${deploy.file}: job ${job.id} allows ${job.timeoutMinutes} minutes, but its commands may wait ${waits} (\`${longest}\`)${handling ? ` and its failure handling ${handling} more${usesRollback ? ` (${rollback.file})` : ''}` : ''}: GitHub cancels the job first, and a cancelled job runs no failure handling`,
          files: [deploy.file, ...(usesRollback ? [rollback.file] : [])],
          remedy: `Set timeout-minutes to at least ${waits + handling + UNTIMED_STEPS_MINUTES} (the waits, the failure handling's, and ${UNTIMED_STEPS_MINUTES} for the other steps), or shorten the commands' --timeout.`,
        }];
      }),
    );
  },
};
