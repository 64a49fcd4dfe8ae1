import type { UniqueName } from '../../steps/facts.js';
import type { ConsistencyRule } from '../rule.js';

const WITHIN: Record<UniqueName['scope'], string> = { account: 'the account', region: 'an account and region', global: 'the whole cloud' };

/** Names the cloud wants unique are created by one deploy target each: a second one fails its first apply. */
export const namesUnique: ConsistencyRule = {
  id: 'names-unique',
  description: 'Names that must be unique per account, per account and region, or globally are created by one deploy target each.',
  needs: ['iac'],
  check({ facts }) {
    const first = new Map<string, UniqueName>();
    const problems = [];
    for (const n of facts.iac.uniqueNames) {
      const key = `${n.scope}\0${n.scope === 'region' ? n.region : ''}\0${n.name}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, n);
        continue;
      }
      if (earlier.targetId === n.targetId) continue;
      problems.push({
        message: `${n.file} creates ${n.kind} "${n.name}", which ${earlier.file} creates too: it must be unique within ${WITHIN[n.scope]}${n.scope === 'region' ? ` (${n.region})` : ''}, so the second apply fails`,
        files: [n.file, earlier.file],
        remedy: `Give ${n.targetId} names of its own (re-run the generator, which derives them from the environment and region), or remove one of the targets.`,
      });
    }
    return problems;
  },
};
