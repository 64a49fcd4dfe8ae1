/**
 * The CI trust of the Workload Identity Federation provider, written and read back in one place.
 * The provider admits a token only when it carries the repository's claims and one of the
 * stack's environments (the CI adapter names the claims: GitHub's numeric repository ids when the
 * answers give them, which survive renames and GitHub's immutable subjects alike); each service
 * account then trusts the tokens of one environment (attribute.environment).
 */
import type { EnvironmentPlan } from '../../../../plan/types.js';

type Claims = NonNullable<EnvironmentPlan['trust']['claims']>;

/** The claims every environment shares (the repository's), and the environment claim. */
function split(environments: EnvironmentPlan[]): { shared: [string, string][]; environment: string } | undefined {
  const claims = environments.map((e) => e.trust.claims).filter((c): c is Claims => c !== undefined);
  if (claims.length !== environments.length || !claims.length) return undefined;
  const environment = claims[0]!.environment;
  const shared = Object.entries(claims[0]!.values).filter(([k, v]) => k !== environment && claims.every((c) => c.values[k] === v));
  return { shared, environment };
}

/** The claim the environment attribute maps, or undefined where the CI platform issues none. */
export const environmentClaim = (environments: EnvironmentPlan[]): string | undefined => split(environments)?.environment;

/**
 * `assertion.repository == 'acme/shop-api' && assertion.environment in ['dev', 'prod']`, in CEL.
 * Values come from validated answers (names, environment names, numeric ids): no quote can occur.
 */
export function attributeCondition(environments: EnvironmentPlan[]): string | undefined {
  const parts = split(environments);
  if (!parts) return undefined;
  const list = environments.map((e) => `'${e.trust.claims!.values[parts.environment]}'`).join(', ');
  return [...parts.shared.map(([k, v]) => `assertion.${k} == '${v}'`), `assertion.${parts.environment} in [${list}]`].join(' && ');
}

const CONDITION = /^\s*attribute_condition\s*=\s*"((?:[^"\\]|\\.)*)"/gm;
const EQUALS = /assertion\.([A-Za-z_][\w]*)\s*==\s*'([^']*)'/g;
const IN = /assertion\.([A-Za-z_][\w]*)\s+in\s+\[([^\]]*)\]/g;

/**
 * The claim sets a bootstrap's conditions admit, one per environment listed: every `==` of a
 * condition, with each value of its `in` list. Conditions written otherwise admit nothing we can read.
 */
export function admittedClaims(content: string): Record<string, string>[] {
  const sets: Record<string, string>[] = [];
  for (const [, condition] of content.matchAll(CONDITION)) {
    const text = condition!.replace(/\\(.)/g, '$1');
    const fixed = Object.fromEntries([...text.matchAll(EQUALS)].map((m) => [m[1]!, m[2]!]));
    const lists = [...text.matchAll(IN)];
    if (!lists.length) {
      sets.push(fixed);
      continue;
    }
    for (const [, claim, values] of lists) {
      for (const [, value] of values!.matchAll(/'([^']*)'/g)) sets.push({ ...fixed, [claim!]: value! });
    }
  }
  return sets;
}
