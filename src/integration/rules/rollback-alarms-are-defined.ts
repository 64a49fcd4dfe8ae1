import type { ConsistencyRule } from '../rule.js';

/**
 * The alarms a deployment rolls back on are the ones observability defines: a watched alarm
 * that does not exist never fires (ECS refuses the service update, or the rollback it promises
 * never happens), and one renamed on one side only silently stops guarding deploys.
 */
export const rollbackAlarmsAreDefined: ConsistencyRule = {
  id: 'rollback-alarms-are-defined',
  description: "Every alarm a deployment's automatic rollback watches is one of the alarms observability defines.",
  needs: ['observability'],
  check({ facts }) {
    const defined = new Set(facts.observability.alerts.map((a) => a.value));
    return (facts.observability.rollbackAlarms ?? [])
      .filter((watched) => !defined.has(watched.value))
      .map((watched) => ({
        message: `${watched.file} rolls deployments back on alarm "${watched.value}", which observability does not define${defined.size ? ` (it defines ${[...defined].join(', ')})` : ''}`,
        files: [watched.file, ...new Set(facts.observability.alerts.map((a) => a.file))],
        remedy: 'Watch one of the defined alarms, or re-run the generator to restore both files.',
      }));
  },
};
