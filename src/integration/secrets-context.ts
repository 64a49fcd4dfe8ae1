/**
 * What the guides say about the Secrets the workload reads: the team's own (its servers'
 * connections, the app's secrets, the addresses it defaulted to on this machine), and the keys the
 * cloud's sections fill from a managed database or cache, each one the variable the app reads.
 */
import type { Plan } from '../plan/types.js';
import { serviceSecrets, type ServiceSecret } from '../steps/deployment/config.js';
import { localOf, secretLiterals, unmappedLocalSettings, type ConnectionKey } from '../steps/deployment/connections.js';

const keysOf = (secrets: ServiceSecret[]): ConnectionKey[] => secrets.flatMap((s) => (s.service && s.piece ? [{ service: s.service, key: s.key, piece: s.piece }] : []));

export function secretsContext(plan: Plan) {
  const all = serviceSecrets(plan);
  const own = all.filter((s) => s.source === 'yours');
  const unmapped = unmappedLocalSettings(plan.answers.app.settings, plan.backingServices);
  const redis = all.filter((s) => s.source === 'managed' && s.service === 'redis');
  return {
    appSecrets: all,
    ownSecrets: own,
    ownServices: [...new Set(own.flatMap((s) => (s.service ? [s.service] : [])))],
    settingSecrets: own.filter((s) => !s.service && !unmapped.some((u) => u.name === s.key)).map((s) => s.key),
    // Addresses of other apps the app defaults to on this machine: the cluster gets each environment's instead.
    localAddresses: unmapped.map((s) => ({ name: s.name, local: localOf(s)?.replace(/`/g, "'") })),
    // ` --from-literal=KEY="…"` per key the app reads, from the shell variables the cloud's section sets.
    databaseLiterals: secretLiterals(keysOf(all.filter((s) => s.source === 'rds')), 'postgres'),
    redisSecret: redis[0]?.secret ?? '',
    redisLiterals: secretLiterals(keysOf(redis), 'redis'),
  };
}
