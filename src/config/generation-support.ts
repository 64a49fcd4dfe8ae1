/**
 * Answers the schema accepts (detection finds them in real repositories) that generation does
 * not produce yet. They are refused with the reason and a way forward, never ignored: a stack
 * generated as if the app used no MySQL, or probed an endpoint it does not serve, would fail on
 * its first deploy. Declared as data, so the generation half removes an entry when it lands.
 */
import type { Problem } from '../core/errors.js';
import { NO_ENDPOINT, type Answers, type BackingService } from './answers.js';

/**
 * Backing services the generated compose file, network policies, settings and guides cover
 * (every one but postgres and redis as the team's own servers: a connection Secret, not provisioned).
 */
export const GENERATED_SERVICES: readonly BackingService[] = ['postgres', 'redis', 'mysql', 'mongodb', 'elasticsearch', 'opensearch', 'rabbitmq', 'kafka'];

export function notGeneratedYet(a: Answers): Problem[] {
  const problems: Problem[] = [];
  const others = a.backingServices.filter((s) => !GENERATED_SERVICES.includes(s));
  if (others.length) {
    const kept = a.backingServices.filter((s) => GENERATED_SERVICES.includes(s));
    problems.push({
      where: 'backingServices',
      message: `${others.join(', ')}: not generated yet (the local services, network policies and settings cover ${GENERATED_SERVICES.join(', ')} only)`,
      remedy: `Remove ${others.join(', ')} from backingServices in devops-stack.yaml (or pass --services ${kept.join(',') || "''"}) to generate without ${others.length > 1 ? 'them' : 'it'}, and connect the app to ${others.length > 1 ? 'them' : 'it'} yourself.`,
    });
  }
  // A local Kafka broker (one KRaft node) takes more of T1's fixed total than any other service.
  if (a.tier === 'T1' && a.backingServices.includes('kafka')) {
    problems.push({
      where: 'backingServices',
      message: 'kafka: generated from T2 (its local broker and settings do not fit T1\'s 10,000 tokens with another service)',
      remedy: 'Choose tier T2 (--tier T2), or remove kafka from backingServices and connect the app to it yourself.',
    });
  }
  // Endpoints the app does not serve (none) get TCP probes and no scrape; but the analysis of a
  // canary or blue-green rollout is made of the app's request metrics: without them, nothing to analyse.
  const progressive = a.tier !== 'T1' && (a.strategy === 'canary' || a.strategy === 'blue-green');
  if (progressive && a.app.metricsPath === NO_ENDPOINT) {
    problems.push({
      where: 'app.metricsPath',
      message: `is none: the app serves no metrics, and the ${a.strategy} analysis is made of its request metrics`,
      remedy: 'Serve request metrics and set app.metricsPath to their path (or pass --metrics-path PATH), or choose strategy rolling (--strategy rolling).',
    });
  }
  // Managed Service for Prometheus (GKE) is not yet told that an app serves no metrics.
  if (a.cloud !== 'aws' && a.app.metricsPath === NO_ENDPOINT) {
    problems.push({
      where: 'app.metricsPath',
      message: `is none: on ${a.cloud}, a stack for an app without metrics is not generated yet`,
      remedy: 'Serve request metrics and set app.metricsPath to their path (or pass --metrics-path PATH), or use --cloud aws.',
    });
  }
  return problems;
}
