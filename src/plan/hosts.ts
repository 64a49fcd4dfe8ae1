/**
 * The host each environment serves with answers `domain`: production the domain itself, every
 * other environment `ENV.DOMAIN` (each cluster's DNS controller owns its own name; two owners of
 * one name would fight over it). Production's second region serves the same host: its DNS
 * controller leaves the record to the primary's (another owner), which is the warm standby.
 */
import type { EnvironmentPlan, Plan } from './types.js';

export function environmentHost(plan: Pick<Plan, 'answers'>, env: Pick<EnvironmentPlan, 'name' | 'isProduction'>): string {
  const domain = plan.answers.domain;
  return env.isProduction ? domain : `${env.name}.${domain}`;
}

/**
 * The public DNS zone the hosts are in, by default: the domain's parent (api.example.com →
 * example.com), the domain itself when it has two labels. A variable the user may change.
 */
export function defaultHostedZone(domain: string): string {
  const labels = domain.split('.');
  return labels.length > 2 ? labels.slice(1).join('.') : domain;
}
