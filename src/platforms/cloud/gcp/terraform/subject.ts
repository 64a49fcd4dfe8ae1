/**
 * What the CI provider maps to google.subject. Google refuses a token exchange whose mapped
 * subject passes 127 bytes, and a CI platform's `sub` can (GitLab's names the project path and the
 * ref; GitHub's OWNER/NAME runs to 140 characters). Where the platform declares bounded claims
 * (a numeric id and the environment), the subject joins those; the bindings never read it (they
 * bind attribute.environment), so it only names the caller in audit logs. test/validators/
 * wif-subject.ts computes the worst case from the answers schema's maxima.
 */
import type { EnvironmentPlan } from '../../../../plan/types.js';
import { claimExpression } from './trust.js';

export function subjectMapping(environments: EnvironmentPlan[]): string {
  const claims = environments[0]?.trust.claims?.subject;
  return claims?.length ? claims.map((c) => claimExpression(c)).join(" + ':' + ") : claimExpression('sub');
}
