import type { EnvironmentPlan } from '../../plan/types.js';
import { ciOf, cloudOf } from '../../platforms/registry.js';
import { patternsIntersect } from '../patterns.js';
import type { ConsistencyRule } from '../rule.js';

/** The tokens a deploy job of `env` presents: each subject, the audience, the CI platform's claims. */
function tokensOf(env: EnvironmentPlan, audience: string): Record<string, string>[] {
  return env.trust.subjects.map((sub) => ({ ...env.trust.claims?.values, sub, aud: env.trust.audience ?? audience }));
}

const admits = (set: Record<string, string>, token: Record<string, string>): boolean =>
  Object.entries(set).every(([claim, value]) => token[claim] !== undefined && patternsIntersect(value, token[claim]!));

/**
 * No environment's deploy identity admits another environment's CI tokens. Where the tokens
 * differ (the environment in the subject; or, where the platform's subject names none
 * (CiCapabilities.environmentInSubject), a per-environment audience or a claim such as a context),
 * the cloud's trust must bind that difference. Where they cannot differ in anything the cloud
 * reads (`sub`, `aud`, and the claims its trust binds on), the platform must say so and where
 * environments are kept apart instead (its capability's handledBy: branch, checks, approvals).
 */
export const trustKeepsEnvironmentsApart: ConsistencyRule = {
  id: 'trust-keeps-environments-apart',
  description: "No environment's deploy identity trusts another environment's CI tokens, wherever the CI platform's tokens tell environments apart.",
  needs: ['iac'],
  check({ plan, facts }) {
    const trust = facts.iac.environmentTrust ?? [];
    if (plan.environments.length < 2 || !trust.length) return [];
    const capability = ciOf(plan).capabilities.environmentInSubject;
    const audience = cloudOf(plan).shell.audience(plan);
    // What the cloud can tell tokens by: sub and aud, and every claim its trust binds on (its provider's
    // condition too, so that a binding widened to the whole pool still counts what the pool reads).
    const bound = [...trust.flatMap((t) => t.admits), ...facts.iac.oidcClaims.map((c) => c.value)];
    const readable = new Set(['sub', 'aud', ...bound.flatMap((s) => Object.keys(s))]);
    const seen = (env: EnvironmentPlan): string =>
      JSON.stringify(tokensOf(env, audience).map((t) => Object.entries(t).filter(([k]) => readable.has(k)).sort()));
    const problems = [];
    for (const fact of trust) {
      const own = plan.environments.find((e) => e.name === fact.environment);
      if (!own) continue;
      for (const other of plan.environments.filter((e) => e !== own)) {
        const token = tokensOf(other, audience).find((t) => fact.admits.some((set) => admits(set, t)));
        if (!token) continue;
        const alike = seen(own) === seen(other);
        if (alike && !capability.inToken) continue;
        const shown = Object.entries(token).filter(([k]) => readable.has(k)).map(([k, v]) => `${k}=${v}`).join(', ');
        problems.push({
          message: alike
            ? `${fact.file}: ${fact.environment}'s deploy identity admits ${other.name}'s tokens (${shown}), which carry nothing it could tell apart, although ${ciOf(plan).title} is declared to name the environment in its tokens`
            : `${fact.file}: ${fact.environment}'s deploy identity admits ${other.name}'s tokens (${shown}): the trust ignores what tells them apart (${capability.inToken ? 'the subject' : capability.handledBy})`,
          files: [fact.file],
          remedy: `Bind ${fact.environment}'s identity to its own environment's tokens only (re-run the generator to restore the generated trust), then re-apply ${plan.paths.bootstrapDir}.`,
        });
        break;
      }
    }
    return problems;
  },
};
