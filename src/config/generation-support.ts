/**
 * Answers the schema accepts (detection finds them in real repositories) that generation does
 * not produce yet. They are refused with the reason and a way forward, never ignored: a stack
 * generated as if the app used no MySQL, or probed an endpoint it does not serve, would fail on
 * its first deploy. Declared as data, so the generation half removes an entry when it lands.
 */
import type { Problem } from '../core/errors.js';
import { NO_ENDPOINT, type Answers, type BackingService } from './answers.js';

/** Backing services the generated compose file, network policies, settings and guides cover. */
export const GENERATED_SERVICES: readonly BackingService[] = ['postgres', 'redis'];

const ENDPOINTS = [
  ['healthPath', '--health-path', 'liveness'],
  ['readinessPath', '--readiness-path', 'readiness'],
  ['metricsPath', '--metrics-path', 'metrics'],
] as const;

export function notGeneratedYet(a: Answers): Problem[] {
  const problems: Problem[] = [];
  const others = a.backingServices.filter((s) => !GENERATED_SERVICES.includes(s));
  if (others.length) {
    const kept = a.backingServices.filter((s) => GENERATED_SERVICES.includes(s));
    problems.push({
      where: 'backingServices',
      message: `${others.join(', ')}: not generated yet (the local services, network policies and settings cover ${GENERATED_SERVICES.join(' and ')} only)`,
      remedy: `Remove ${others.join(', ')} from backingServices in devops-stack.yaml (or pass --services ${kept.join(',') || "''"}) to generate without ${others.length > 1 ? 'them' : 'it'}, and connect the app to ${others.length > 1 ? 'them' : 'it'} yourself.`,
    });
  }
  for (const [field, flag, what] of ENDPOINTS) {
    if (a.app[field] !== NO_ENDPOINT) continue;
    problems.push({
      where: `app.${field}`,
      message: `is none: the app serves no ${what} endpoint, and a stack without one is not generated yet`,
      remedy: `Add a ${what} endpoint to the app and set app.${field} to its path in devops-stack.yaml (or pass ${flag} PATH).`,
    });
  }
  return problems;
}
