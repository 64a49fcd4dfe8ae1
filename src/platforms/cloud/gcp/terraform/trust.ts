/**
 * The CI trust of the Workload Identity Federation provider, written and read back in one place.
 * The provider admits a token only when it carries the repository's claims and one of the
 * stack's environments (the CI adapter names the claims: GitHub's numeric repository ids when the
 * answers give them, which survive renames and GitHub's immutable subjects alike); each service
 * account then trusts the tokens of one environment (attribute.environment).
 */
import type { EnvironmentPlan, Plan } from '../../../../plan/types.js';
import type { EnvironmentTrustFact } from '../../../../steps/facts.js';
import { hclObjectAttribute, resourceBlock } from '../../../iac/terraform/read-hcl.js';

type Claims = NonNullable<EnvironmentPlan['trust']['claims']>;

/** The claims every environment shares (the repository's), and the environment claim. */
function split(environments: EnvironmentPlan[]): { shared: [string, string][]; environment: string } | undefined {
  const claims = environments.map((e) => e.trust.claims).filter((c): c is Claims => c !== undefined);
  if (claims.length !== environments.length || !claims.length) return undefined;
  const environment = claims[0]!.environment;
  const shared = Object.entries(claims[0]!.values).filter(([k, v]) => k !== environment && claims.every((c) => c.values[k] === v));
  return { shared, environment };
}

/**
 * A claim in CEL: `assertion.ref`, or `assertion['oidc.circleci.com/vcs-ref']` for a name that is
 * no identifier; a claim that is a list (CircleCI's context ids) by its first element.
 */
export const claimExpression = (name: string, list = false): string =>
  `assertion${/^[A-Za-z_]\w*$/.test(name) ? `.${name}` : `['${name}']`}${list ? '[0]' : ''}`;

const isList = (environments: EnvironmentPlan[]): boolean => environments.some((e) => e.trust.claims?.list);

/** The claim the environment attribute maps (CEL), or undefined where the CI platform issues none. */
export function environmentClaim(environments: EnvironmentPlan[]): string | undefined {
  const claim = split(environments)?.environment;
  return claim === undefined ? undefined : claimExpression(claim, isList(environments));
}


/**
 * The environment attribute's value per environment where it is not the environment's name
 * (Jenkins's per-environment audiences, CircleCI's context ids); undefined where it is.
 */
export function environmentAttributes(environments: EnvironmentPlan[]): Record<string, string> | undefined {
  const claim = split(environments)?.environment;
  if (claim === undefined) return undefined;
  const values = Object.fromEntries(environments.map((e) => [e.name, e.trust.claims!.values[claim]!]));
  return environments.every((e) => values[e.name] === e.name) ? undefined : values;
}

/** Audiences the CI platform's tokens carry instead of the provider's own (Jenkins: one per environment; Azure DevOps: fixed). */
export const allowedAudiences = (environments: EnvironmentPlan[]): string[] =>
  [...new Set(environments.map((e) => e.trust.audience).filter((a): a is string => a !== undefined))];

/**
 * `assertion.repository == 'acme/shop-api' && assertion.environment in ['dev', 'prod']`, in CEL.
 * Values come from validated answers (names, environment names, numeric ids): no quote can occur.
 */
export function attributeCondition(environments: EnvironmentPlan[]): string | undefined {
  const parts = split(environments);
  if (!parts) return undefined;
  const list = environments.map((e) => `'${e.trust.claims!.values[parts.environment]}'`).join(', ');
  return [...parts.shared.map(([k, v]) => `${claimExpression(k)} == '${v}'`), `${claimExpression(parts.environment, isList(environments))} in [${list}]`].join(' && ');
}

const CONDITION = /^\s*attribute_condition\s*=\s*"((?:[^"\\]|\\.)*)"/gm;
/** A claim as claimExpression writes it: its name in group 1 (an identifier) or 2 (a quoted key). */
const CLAIM = String.raw`assertion(?:\.([A-Za-z_]\w*)|\['([^'\]]+)'\])(?:\[0\])?`;
const EQUALS = new RegExp(String.raw`${CLAIM}\s*==\s*'([^']*)'`, 'g');
const IN = new RegExp(String.raw`${CLAIM}\s+in\s+\[([^\]]*)\]`, 'g');

/**
 * The claim sets a bootstrap's conditions admit, one per environment listed: every `==` of a
 * condition, with each value of its `in` list. Conditions written otherwise admit nothing we can read.
 */
export function admittedClaims(content: string): Record<string, string>[] {
  const sets: Record<string, string>[] = [];
  for (const [, condition] of content.matchAll(CONDITION)) {
    const text = condition!.replace(/\\(.)/g, '$1');
    const fixed = Object.fromEntries([...text.matchAll(EQUALS)].map((m) => [(m[1] ?? m[2])!, m[3]!]));
    const lists = [...text.matchAll(IN)];
    if (!lists.length) {
      sets.push(fixed);
      continue;
    }
    for (const [, name, key, values] of lists) {
      for (const [, value] of values!.matchAll(/'([^']*)'/g)) sets.push({ ...fixed, [(name ?? key)!]: value! });
    }
  }
  return sets;
}

/** A claim name from its CEL (claimExpression's form), or undefined for any other expression. */
const claimName = (expression: string): string | undefined => {
  const m = new RegExp(`^${CLAIM}$`).exec(expression.trim());
  return m ? (m[1] ?? m[2]) : undefined;
};

/**
 * Per environment, the tokens its deploy service account admits: the provider's condition sets
 * whose environment claim (the one attribute.environment maps) has the account's bound value,
 * or, bound by subject, its subjects (the claim google.subject maps). A binding read otherwise
 * admits every token the provider admits.
 */
export function gcpEnvironmentTrust(files: Map<string, { path: string; content: string }>, plan: Plan): EnvironmentTrustFact[] {
  const main = files.get('main.tf');
  const provider = main && resourceBlock(main.content, 'google_iam_workload_identity_pool_provider', 'ci');
  const binding = main && resourceBlock(main.content, 'google_service_account_iam_member', 'ci');
  if (!main || !provider || !binding) return [];
  const mapped = (attribute: string): string | undefined => {
    const m = new RegExp(`"${attribute.replace('.', '\\.')}"\\s*=\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(provider)?.[1];
    return m === undefined ? undefined : claimName(m.replace(/\\(.)/g, '$1'));
  };
  const sets = admittedClaims(provider);
  const member = /^\s*member\s*=\s*"(.*)"\s*$/m.exec(binding)?.[1] ?? '';
  const byAttribute = /\/attribute\.environment\/\$\{each\.value\.(\w+)\}$/.exec(member)?.[1];
  const bySubject = /\/subject\/\$\{each\.value\.subject\}$/.test(member);
  const file = `${plan.paths.bootstrapDir}/main.tf`;
  const accounts = hclObjectAttribute(main.content, 'service_accounts') ?? {};
  return Object.entries(accounts).flatMap(([key, value]) => {
    if (!key.endsWith('-deploy') || typeof value !== 'object' || Array.isArray(value) || typeof value['environment'] !== 'string') return [];
    const environment = value['environment'];
    const claim = mapped('attribute.environment');
    const bound = byAttribute ? value[byAttribute] : undefined;
    let admits: Record<string, string>[] = [{}];
    if (byAttribute && claim && typeof bound === 'string') {
      admits = sets.length ? sets.filter((s) => s[claim] === bound) : [{ [claim]: bound }];
    } else if (bySubject && Array.isArray(value['subjects'])) {
      const subject = mapped('google.subject') ?? 'sub';
      admits = value['subjects'].map((s) => ({ [subject]: s }));
    }
    return [{ environment, file, admits }];
  });
}
