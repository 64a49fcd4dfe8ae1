import type { IdentityFact, PermissionStatement } from '../../steps/facts.js';
import { hasWildcard, patternsIntersect } from '../patterns.js';
import type { ConsistencyRule } from '../rule.js';

const shown = (s: PermissionStatement): string => (s.exceptActions ? `every action but ${s.exceptActions.join(', ')}` : s.actions.slice(0, 3).join(', ') + (s.actions.length > 3 ? ', …' : ''));

/**
 * An environment's CI identities change only that environment's resources: each grant beyond
 * reading descriptions is confined by name (no pattern reaching what another environment's
 * targets name) or by the environment tag (equal to its own). Checked on the policy documents
 * themselves, so a hand edit that widens one is caught too. Permissions boundaries are ceilings,
 * not grants, and are read by the tests of what they deny.
 */
export const identitiesStayInEnvironment: ConsistencyRule = {
  id: 'identities-stay-in-environment',
  description: "No environment's CI identity (Terraform's or the deploy's) may change another environment's resources: every grant is confined by name or by the environment tag.",
  needs: ['iac'],
  check({ facts }) {
    const owners = facts.iac.environmentResources;
    const problems = [];
    const find = (identity: IdentityFact, s: PermissionStatement): { message: string; files: string[] } | undefined => {
      const file = s.file ?? identity.file;
      const who = `${file} lets ${identity.name} (${identity.environment}) ${shown(s)}`;
      if (s.environments) {
        const others = s.environments.filter((e) => e !== identity.environment);
        return others.length ? { message: `${who} on resources tagged environment ${others.map((e) => `"${e}"`).join(', ')}`, files: [file] } : undefined;
      }
      for (const resource of s.resources.filter(hasWildcard)) {
        const kind = owners.flatMap((o) => o.tagged).find((p) => patternsIntersect(resource, p));
        if (kind) return { message: `${who} on ${resource}, whatever environment its tag names (${kind} belongs to an environment by its tag)`, files: [file] };
      }
      for (const resource of s.resources) {
        const reached = owners
          .filter((o) => o.environment !== identity.environment)
          .flatMap((o) => o.named.filter((p) => patternsIntersect(resource, p)).slice(0, 1).map((owned) => ({ owned, owner: o })));
        if (reached.length) {
          return {
            message: `${who} on ${resource}, which reaches ${reached.map((r) => `${r.owned} of ${r.owner.environment}`).join(' and ')}`,
            files: [file, ...reached.map((r) => r.owner.file)],
          };
        }
      }
      return undefined;
    };
    for (const identity of facts.iac.identities) {
      if (identity.purpose === 'boundary') continue;
      for (const statement of identity.statements) {
        if (statement.effect !== 'allow' || statement.readOnly || statement.accountSetting) continue;
        const problem = find(identity, statement);
        if (problem) {
          problems.push({ ...problem, remedy: `Confine the statement to ${identity.environment}'s own resources: its names, or a condition on the environment tag equal to "${identity.environment}" (re-run the generator to restore the generated policy), then re-apply infra/bootstrap.` });
        }
      }
    }
    return problems;
  },
};
